using IncidentFunctions.Application.Configuration;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>Configuration section "Twilio" (environment: Twilio__AccountSid, Twilio__AuthToken, ...).</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>Account SID ("AC…"). When empty the local runtime keeps texts in an in-memory outbox instead of sending them.</summary>
    public string? AccountSid { get; set; }

    /// <summary>Auth Token: authenticates sends and is the key of inbound webhook signatures. Always required.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Sender number (E.164). One of this or <see cref="MessagingServiceSid"/> is required to send.</summary>
    public string? FromNumber { get; set; }

    /// <summary>Messaging Service SID ("MG…"). Preferred over <see cref="FromNumber"/> when both are set; only one is sent.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// Optional base URL (scheme, host, port and optional path prefix) every Twilio REST call goes to instead of
    /// https://api.twilio.com. Tests point it at a loopback fake.
    /// </summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>The public URL Twilio posts inbound SMS to, exactly as configured in Twilio (it is what Twilio signs).</summary>
    public string? InboundUrl { get; set; }

    /// <summary>
    /// The voice-capable number calls come from (E.164); default <see cref="FromNumber"/>. A Messaging Service cannot place
    /// calls, so with only <see cref="MessagingServiceSid"/> this is needed for calls.
    /// </summary>
    public string? VoiceFromNumber { get; set; }

    /// <summary>
    /// The app's public base URL, where Twilio fetches a call's words and reports its end (…/api/voice/…). Default: the part
    /// of <see cref="InboundUrl"/> before "/api/", else https://WEBSITE_HOSTNAME in Azure, else the local runtime's address.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// At most one call per number in this window (GoAlert's limit): a page for the same person inside it is held back
    /// and said in the next call ("3 incidents are waiting for you"). Zero turns the limit off.
    /// </summary>
    public TimeSpan CallFloodWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most one page by text per number in this window: a page for the same person inside it is held back and listed,
    /// with its reply code, in the next text. Zero turns the limit off. Notifications are not limited.
    /// </summary>
    public TimeSpan SmsFloodWindow { get; set; } = TimeSpan.FromMinutes(1);

    internal string? VoiceCaller => (string.IsNullOrWhiteSpace(VoiceFromNumber) ? FromNumber : VoiceFromNumber)?.Trim() is { Length: > 0 } n ? n : null;

    /// <summary>HTTP attempts per send, the first included, before <see cref="SmsTransientException"/>.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Backoff before the second attempt; doubles after each failure (with jitter), up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the exponential backoff.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on how long a 429's Retry-After is honoured.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Timeout of one HTTP attempt. Twilio answers in well under a second; 15 s keeps the longest send with the defaults
    /// (4 minutes, <c>TwilioSmsSender.MaxSendDurationFor</c>) and its ledger lease inside the Durable backend's 5-minute
    /// visibility timeout, so a redelivered page never outlives the lease it waits on.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    internal bool SendsViaTwilio => !string.IsNullOrWhiteSpace(AccountSid);
}

/// <summary>The rules of <see cref="TwilioOptions"/>; also run eagerly by <c>AddIncidentSms</c> so a bad configuration stops start-up.</summary>
public sealed class TwilioOptionsValidator(bool allowOutbox) : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var failures = Failures(options, allowOutbox);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Failures(TwilioOptions o, bool allowOutbox)
    {
        ArgumentNullException.ThrowIfNull(o);
        var failures = new List<string>();
        var s = TwilioOptions.Section;

        if (!o.SendsViaTwilio && !allowOutbox)
        {
            failures.Add($"{s}:AccountSid is required: this host sends pages through Twilio (only the local runtime may fall back to its in-memory outbox).");
        }

        if (string.IsNullOrWhiteSpace(o.AuthToken))
        {
            failures.Add(o.SendsViaTwilio
                ? $"{s}:AuthToken is required: it authenticates sends and validates the X-Twilio-Signature of inbound SMS."
                : $"{s}:AuthToken is required: it validates the X-Twilio-Signature of inbound SMS (locally any non-empty development value works; sign test replies with it).");
        }

        else if (KeyVaultReference.IsUnresolved(o.AuthToken))
        {
            failures.Add($"{s}:AuthToken is a Key Vault reference that did not resolve (the secret is missing, or the app's identity may not read it): {KeyVaultReference.Describe(o.AuthToken)}");
        }

        if (o.SendsViaTwilio && string.IsNullOrWhiteSpace(o.FromNumber) && string.IsNullOrWhiteSpace(o.MessagingServiceSid))
        {
            failures.Add($"{s}:FromNumber or {s}:MessagingServiceSid is required when {s}:AccountSid is set.");
        }

        if (!string.IsNullOrWhiteSpace(o.ApiBaseUrl) && !IsHttpUrl(o.ApiBaseUrl))
        {
            failures.Add($"{s}:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(o.InboundUrl) && !IsHttpUrl(o.InboundUrl))
        {
            failures.Add($"{s}:InboundUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(o.PublicBaseUrl) && !IsHttpUrl(o.PublicBaseUrl))
        {
            failures.Add($"{s}:PublicBaseUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(o.VoiceFromNumber) && !ContactMethod.IsPhoneNumber(o.VoiceFromNumber.Trim()))
        {
            failures.Add($"{s}:VoiceFromNumber must be an E.164 number (+ and up to 15 digits).");
        }

        if (o.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"{s}:MaxAttempts must be between 1 and 20.");
        }

        if (o.InitialBackoff < TimeSpan.Zero || o.MaxBackoff < TimeSpan.Zero || o.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{s}:InitialBackoff, {s}:MaxBackoff and {s}:MaxRetryAfter must not be negative.");
        }

        if (o.CallFloodWindow < TimeSpan.Zero || o.CallFloodWindow > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{s}:CallFloodWindow must be between 0 (no limit) and 10 minutes.");
        }

        if (o.SmsFloodWindow < TimeSpan.Zero || o.SmsFloodWindow > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{s}:SmsFloodWindow must be between 0 (no limit) and 10 minutes.");
        }

        if (o.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{s}:RequestTimeout must be positive.");
        }

        return failures;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
