using System.Diagnostics.CodeAnalysis;
using IncidentFunctions.Application.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>Configuration section "Email" (environment: Email__Host, Email__Password, ...).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>
    /// The mail server (SMTP submission). When empty the local runtime keeps mails in its outbox; in Azure each mail is
    /// refused on the timeline as "no mail server is configured".
    /// </summary>
    public string? Host { get; set; }

    /// <summary>Default by <see cref="Security"/>: 587 for StartTls, 465 for Tls, 25 for None.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// "StartTls" (the default: plain connection, then STARTTLS, which must succeed), "Tls" (TLS from the first byte)
    /// or "None" (no encryption; a relay on a private network). Read as text so that a wrong word is reported by key.
    /// </summary>
    public string? Security { get; set; }

    /// <summary>Sign in with this user when set (and <see cref="Password"/>).</summary>
    public string? User { get; set; }

    /// <summary>A secret: in Azure a Key Vault reference (@Microsoft.KeyVault(SecretUri=...)).</summary>
    public string? Password { get; set; }

    /// <summary>The sender: "incidents@example.com" or "Incidents &lt;incidents@example.com&gt;". Its domain names the mails' ids.</summary>
    public string? From { get; set; }

    /// <summary>
    /// The console's public address (https://incidents.example.com), for the links in a mail. Default: in Azure the
    /// app's own host name (WEBSITE_HOSTNAME), on the local runtime its listen address.
    /// </summary>
    public string? LinkBaseUrl { get; set; }

    /// <summary>
    /// The longest one mail may take: connecting, signing in and sending. No send of the same mail starts again
    /// before it is over, so it also bounds how long a retried step may wait.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool SendsViaSmtp => !string.IsNullOrWhiteSpace(Host);

    internal EmailSecurity SecurityMode => EmailSecurityWords.TryParse(Security, out var mode) ? mode : EmailSecurity.StartTls;

    internal int EffectivePort => Port ?? SecurityMode switch
    {
        EmailSecurity.Tls => 465,
        EmailSecurity.None => 25,
        _ => 587,
    };

    /// <summary>The configured sender, or one for the outbox (nothing leaves the machine there).</summary>
    internal MailboxAddress FromMailbox =>
        EmailOptionsValidator.TryMailbox(From, out var mailbox) ? mailbox : new MailboxAddress("IncidentFunctions", "incidents@localhost");
}

/// <summary>The rules of <see cref="EmailOptions"/>; also run eagerly by <c>AddIncidentEmail</c> so a bad configuration stops start-up.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    /// <summary>The lease a send holds must end inside the Durable backend's 5-minute visibility timeout.</summary>
    internal static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(4);

    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Failures(EmailOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var failures = new List<string>();
        var s = EmailOptions.Section;

        if (o.SendsViaSmtp && Uri.CheckHostName(o.Host!.Trim()) == UriHostNameType.Unknown)
        {
            failures.Add($"{s}:Host '{o.Host}' is not a host name or address (no scheme or port: smtp.example.com).");
        }

        if (o.SendsViaSmtp && string.IsNullOrWhiteSpace(o.From))
        {
            failures.Add($"{s}:From is required when {s}:Host is set: the address mail comes from, e.g. \"Incidents <incidents@example.com>\".");
        }
        else if (!string.IsNullOrWhiteSpace(o.From) && !TryMailbox(o.From, out _))
        {
            failures.Add($"{s}:From '{o.From}' is not a mailbox like incidents@example.com or \"Incidents <incidents@example.com>\".");
        }

        if (o.Port is < 1 or > 65535)
        {
            failures.Add($"{s}:Port must be between 1 and 65535 (or left out: 587 for StartTls, 465 for Tls, 25 for None).");
        }

        if (!EmailSecurityWords.TryParse(o.Security, out _))
        {
            failures.Add($"{s}:Security '{o.Security}' is not one of None, StartTls or Tls.");
        }

        var hasUser = !string.IsNullOrWhiteSpace(o.User);
        var hasPassword = !string.IsNullOrWhiteSpace(o.Password);
        if (hasUser && !hasPassword)
        {
            failures.Add($"{s}:Password is required when {s}:User is set.");
        }
        else if (hasPassword && !hasUser)
        {
            failures.Add($"{s}:User is required when {s}:Password is set.");
        }

        if (KeyVaultReference.IsUnresolved(o.Password))
        {
            failures.Add($"{s}:Password is a Key Vault reference that did not resolve (the secret is missing, or the app's identity may not read it): {KeyVaultReference.Describe(o.Password!)}");
        }

        if (!string.IsNullOrWhiteSpace(o.LinkBaseUrl) && !IsHttpUrl(o.LinkBaseUrl))
        {
            failures.Add($"{s}:LinkBaseUrl must be an absolute http(s) URL: the console's public address, e.g. https://incidents.example.com.");
        }

        if (o.RequestTimeout <= TimeSpan.Zero || o.RequestTimeout > MaxRequestTimeout)
        {
            failures.Add($"{s}:RequestTimeout must be positive and at most {MaxRequestTimeout.TotalMinutes} minutes.");
        }

        return failures;
    }

    /// <summary>One mailbox with a domain ("Name &lt;a@b.example&gt;" or "a@b.example"); a group or a bare name is not one.</summary>
    internal static bool TryMailbox(string? text, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        if (!string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(text.Trim(), out var parsed) && parsed.Address.IndexOf('@', StringComparison.Ordinal) > 0
            && !string.IsNullOrEmpty(parsed.Domain))
        {
            mailbox = parsed;
            return true;
        }

        mailbox = null;
        return false;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
