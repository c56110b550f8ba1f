using IncidentFunctions.Application.Configuration;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Teams;

/// <summary>
/// Configuration section "Teams" (environment: Teams__WebhookUrl, Teams__ServiceWebhookUrls__checkout, …). Each URL is a
/// Teams Workflows "Post to a channel when a webhook request is received" trigger; Teams stays off until one is set.
/// </summary>
/// <remarks>
/// A Workflows URL carries its own signature (the <c>sig</c> query parameter): whoever has it can post to the channel.
/// It is a secret (a Key Vault reference in Azure) and is never logged or written anywhere whole: only its host.
/// </remarks>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>Where notices of every service go, unless <see cref="ServiceWebhookUrls"/> names the incident's service.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Service name (as the on-call configuration spells it, any case) → that service's channel's webhook URL.</summary>
    public Dictionary<string, string?> ServiceWebhookUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One POST's timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per notice, the first included, when Teams answers 429 (after its Retry-After), 5xx or not at all.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest a 429's Retry-After is waited inside one post; longer, and the step is retried later instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The three above, as the client sends by them.</summary>
    public ChatRetry Retry => new(RequestTimeout, MaxAttempts, MaxRetryAfter);

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl) || ServiceWebhookUrls.Values.Any(u => !string.IsNullOrWhiteSpace(u));

    /// <summary>The service's own webhook, else the global one; null when neither is set (the notice is not posted).</summary>
    public Uri? WebhookFor(string service)
    {
        // Looked up without regard to case whatever dictionary the binder left here.
        var own = ServiceWebhookUrls.FirstOrDefault(p => string.Equals(p.Key, service, StringComparison.OrdinalIgnoreCase)).Value;
        var url = !string.IsNullOrWhiteSpace(own) ? own : WebhookUrl;
        return string.IsNullOrWhiteSpace(url) ? null : new Uri(url.Trim(), UriKind.Absolute);
    }
}

/// <summary>The rules of <see cref="TeamsOptions"/>, each problem naming its setting path.</summary>
public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Failures(TeamsOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var s = TeamsOptions.Section;
        var failures = new List<string>();
        if (!o.Enabled)
        {
            return failures;
        }

        if (!string.IsNullOrWhiteSpace(o.WebhookUrl))
        {
            CheckUrl($"{s}:WebhookUrl", o.WebhookUrl, failures);
        }

        foreach (var (service, url) in o.ServiceWebhookUrls.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var path = $"{s}:ServiceWebhookUrls:{service}";
            if (string.IsNullOrWhiteSpace(url))
            {
                // An empty entry is more likely a secret that did not arrive than a wish to use the global channel.
                failures.Add($"{path} is empty: set the service's webhook URL, or remove the entry to use {s}:WebhookUrl.");
            }
            else
            {
                CheckUrl(path, url, failures);
            }
        }

        failures.AddRange(o.Retry.Failures(s));

        return failures;
    }

    /// <summary>Absolute https; http only to loopback (the tests' fake). The URL itself is never quoted: it is a secret.</summary>
    private static void CheckUrl(string path, string url, List<string> failures)
    {
        if (KeyVaultReference.IsUnresolved(url))
        {
            failures.Add($"{path} is a Key Vault reference that did not resolve: {KeyVaultReference.Describe(url)}");
        }
        else if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            failures.Add($"{path} must be an absolute https URL (the workflow's \"HTTP POST URL\"); http only to loopback.");
        }
    }
}
