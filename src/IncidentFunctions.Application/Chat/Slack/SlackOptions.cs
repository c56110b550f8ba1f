using IncidentFunctions.Application.Configuration;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>Configuration section "Slack" (environment: Slack__BotToken, …). Slack stays off unless <see cref="BotToken"/> is set.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The app's bot token ("xoxb-…"); a Key Vault reference in Azure.</summary>
    public string? BotToken { get; set; }

    /// <summary>The app's signing secret: what every request from Slack is checked against (<see cref="SlackSignature"/>).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Where Web API calls go ({base}/api/{method}); tests point it at a fake on loopback.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com";

    /// <summary>One Web API call's timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per call, the first included, when Slack answers 429 (after its Retry-After), 5xx or not at all.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest a 429's Retry-After is waited inside one call; longer, and the step is retried later instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The three above, as the client sends by them.</summary>
    public ChatRetry Retry => new(RequestTimeout, MaxAttempts, MaxRetryAfter);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

/// <summary>The rules of <see cref="SlackOptions"/>, each problem naming its key.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Failures(SlackOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var s = SlackOptions.Section;
        var failures = new List<string>();
        if (!o.Enabled)
        {
            return failures;
        }

        if (KeyVaultReference.IsUnresolved(o.BotToken))
        {
            failures.Add($"{s}:BotToken is a Key Vault reference that did not resolve: {KeyVaultReference.Describe(o.BotToken!)}");
        }
        else if (!o.BotToken!.Trim().StartsWith("xoxb-", StringComparison.Ordinal))
        {
            failures.Add($"{s}:BotToken must be the app's bot token (it starts with xoxb-).");
        }

        if (string.IsNullOrWhiteSpace(o.SigningSecret))
        {
            failures.Add($"{s}:SigningSecret is required with {s}:BotToken: every request from Slack is checked against it.");
        }
        else if (KeyVaultReference.IsUnresolved(o.SigningSecret))
        {
            failures.Add($"{s}:SigningSecret is a Key Vault reference that did not resolve: {KeyVaultReference.Describe(o.SigningSecret)}");
        }

        if (!Uri.TryCreate(o.ApiBaseUrl?.Trim(), UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{s}:ApiBaseUrl must be an absolute http(s) URL.");
        }

        failures.AddRange(o.Retry.Failures(s));

        return failures;
    }
}
