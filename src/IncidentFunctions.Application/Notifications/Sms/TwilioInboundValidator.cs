using Microsoft.Extensions.Options;
using Twilio.Security;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// Checks the X-Twilio-Signature of an inbound SMS webhook with the SDK's <see cref="RequestValidator"/> and the
/// configured Auth Token: HMAC-SHA1 over the URL Twilio requested followed by the form fields sorted by name.
/// </summary>
public sealed class TwilioInboundValidator
{
    private readonly RequestValidator _validator;

    public TwilioInboundValidator(IOptions<TwilioOptions> options)
        : this(options?.Value.AuthToken)
    {
    }

    /// <summary>For tests and tools; the host resolves the options-based constructor.</summary>
    internal TwilioInboundValidator(string? authToken)
    {
        if (string.IsNullOrWhiteSpace(authToken))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TwilioOptions),
                [$"{TwilioOptions.Section}:AuthToken is required to validate inbound SMS signatures."]);
        }

        _validator = new RequestValidator(authToken);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is Twilio's signature of <paramref name="url"/> and <paramref name="form"/>.
    /// A missing or empty signature, or a URL that is not absolute http(s), is simply invalid. Like the SDK, a URL with a default
    /// port (:443/:80) is also tried without it and vice versa.
    /// </summary>
    public bool IsValid(string url, IReadOnlyDictionary<string, string> form, string? signature)
    {
        ArgumentNullException.ThrowIfNull(form);
        // (On Unix "/api/sms/inbound" parses as an absolute file:// URI, hence the scheme check.)
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        var parameters = new Dictionary<string, string>(form.Count, StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            parameters[key] = value ?? "";
        }

        try
        {
            return _validator.Validate(url, parameters, signature);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The URL Twilio signed: the configured public <see cref="TwilioOptions.InboundUrl"/> when there is one (behind
    /// proxies and the Functions front end the request URL the app sees is not the one Twilio called), else the URL of
    /// the request as received.
    /// </summary>
    public static string ChooseUrl(string? configuredInboundUrl, string requestUrl) =>
        string.IsNullOrWhiteSpace(configuredInboundUrl) ? requestUrl : configuredInboundUrl.Trim();
}
