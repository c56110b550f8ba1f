using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.WebConsole;
using MimeKit;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// The mail for a notification request: the same words a text has, with the incident's facts, a link to the console
/// and a plain-text and an HTML part. Pure: the same request gives the same mail, ids included, however often a
/// retried step composes it.
/// </summary>
/// <remarks>
/// Every mail of an incident has the same subject and points at one thread id (In-Reply-To and References), so a mail
/// client shows an incident as one conversation: clients that thread by References (Thunderbird, Apple Mail) need the
/// id, Gmail also needs the subject to stay the same, which is why what a mail is about is in its first line and not
/// in its subject.
/// </remarks>
public static class EmailComposer
{
    private const int MaxTitle = 120;

    /// <param name="from">The sender; its domain names the mail's ids.</param>
    /// <param name="incidentUrl">The incident's page in the console; null when the console's address is unknown.</param>
    public static MimeMessage Compose(NotificationRequest request, MailboxAddress from, string? incidentUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(from);
        var to = request.Via is { Type: ContactMethodType.Email } via
            ? via.To
            : throw new ArgumentException("a mail goes to the request's email method (Via)", nameof(request));
        var subject = request.Subject ?? throw new ArgumentException("an incident's mail needs its incident (Subject)", nameof(request));

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(new MailboxAddress(request.Recipient.Name, to));
        message.Subject = Subject(subject);
        // The step's instant, not the clock's: the same on every retry, like the rest of the mail.
        message.Date = request.At;
        message.MessageId = MessageId(request, from.Domain);
        var thread = ThreadId(subject, from.Domain);
        message.InReplyTo = thread;
        message.References.Add(thread);
        // RFC 3834: a machine sent it, so out-of-office replies stay away.
        message.Headers.Add("Auto-Submitted", "auto-generated");

        var builder = new BodyBuilder
        {
            TextBody = TextPart(request, incidentUrl),
            HtmlBody = HtmlPart(request, incidentUrl, message.Subject).Value,
        };
        message.Body = builder.ToMessageBody();
        return message;
    }

    /// <summary>"[INC 42] SEV2 checkout: Checkout 5xx above 2%", the title on one line and clipped.</summary>
    public static string Subject(NotificationSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return $"[INC {subject.Number}] {subject.Severity} {subject.Service}: {Clip(OneLine(subject.Title), MaxTitle)}";
    }

    /// <summary>
    /// The id every mail of the incident refers to (never sent itself): "incident-42.20261124T100000Z@example.com". The
    /// opening instant keeps incident 42 of one deployment apart from incident 42 of another, or of a reset one.
    /// </summary>
    public static string ThreadId(NotificationSubject subject, string domain)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var opened = subject.OpenedAt is { } at ? "." + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) : "";
        return $"incident-{subject.Number.ToString(CultureInfo.InvariantCulture)}{opened}@{domain}";
    }

    /// <summary>
    /// One id per idempotency key: a mail sent again after a crash (the server took it, the ledger never heard) has the
    /// Message-Id of the first, so mail clients that drop duplicates show it once.
    /// </summary>
    public static string MessageId(NotificationRequest request, string domain)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = $"{request.IncidentNumber}\n{request.Subject?.OpenedAt?.UtcTicks}\n{request.IdempotencyKey}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..32];
        return $"incident-{request.IncidentNumber.ToString(CultureInfo.InvariantCulture)}.{hash}@{domain}";
    }

    private static string TextPart(NotificationRequest request, string? incidentUrl)
    {
        var s = request.Subject!;
        var text = new StringBuilder()
            .AppendLine(request.Text)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"INC {s.Number} · {s.Severity} · {s.Service}")
            .AppendLine(OneLine(s.Title));
        if (s.RepeatNote is { } repeat)
        {
            text.AppendLine(repeat);
        }

        text.AppendLine();
        text.AppendLine(incidentUrl is null
            ? $"Open INC {s.Number} in the incident console."
            : $"{(request.Purpose == NotificationPurpose.Page ? "Acknowledge" : "Open")} in the console: {incidentUrl}");
        text.AppendLine();
        text.AppendLine(Footer(request));
        return text.ToString();
    }

    private static Markup HtmlPart(NotificationRequest request, string? incidentUrl, string subject)
    {
        var s = request.Subject!;
        var action = (incidentUrl, request.Purpose) switch
        {
            (null, _) => Html.Of($"<p>Open INC {s.Number} in the incident console.</p>"),
            (_, NotificationPurpose.Page) => Html.Of(
                $"<p><a href=\"{incidentUrl}\" style=\"display:inline-block;padding:10px 16px;background:#b3261e;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600\">Acknowledge in the console</a></p>"),
            _ => Html.Of($"<p><a href=\"{incidentUrl}\">Open INC {s.Number} in the console</a></p>"),
        };
        var repeat = Html.When(s.RepeatNote is not null, Html.Of($"<tr><th align=\"left\" style=\"{Label}\">Repeat</th><td>{s.RepeatNote}</td></tr>"));

        // Every hole is encoded (Html.Of): titles come from alerts, texts from people.
        return Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{subject}</title></head>
            <body style="font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b">
            <p style="font-size:16px;margin:0 0 16px">{request.Text}</p>
            {action}
            <table role="presentation" style="border-collapse:collapse;margin:0 0 16px">
            <tr><th align="left" style="{Label}">Incident</th><td>INC {s.Number}</td></tr>
            <tr><th align="left" style="{Label}">Severity</th><td>{s.Severity}</td></tr>
            <tr><th align="left" style="{Label}">Service</th><td>{s.Service}</td></tr>
            <tr><th align="left" style="{Label}">Title</th><td>{s.Title}</td></tr>
            {repeat}
            </table>
            <p style="color:#666666;font-size:13px">{Footer(request)}</p>
            </body>
            </html>
            """);
    }

    /// <summary>A pager test mail's first line (its request's text).</summary>
    public static string PagerTestText(string responder) => $"Pager test for {responder}: follow the link to confirm this address reaches you.";

    /// <summary>
    /// A pager test's mail: what it is, the link that confirms the address (<see cref="PagerTestRef.ConfirmUrl"/>), and that
    /// it is no incident. Its own thread and ids ("pagertest-…"), never an incident's; pure like <see cref="Compose"/>.
    /// </summary>
    public static MimeMessage ComposePagerTest(NotificationRequest request, MailboxAddress from, PagerTestRef test)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(test);
        var link = test.ConfirmUrl ?? throw new ArgumentException("a pager test's mail needs its confirmation link", nameof(test));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{test.TestId}\n{request.IdempotencyKey}")))[..32];
        return Notice(request, from, $"Pager test for {OneLine(request.Recipient.Name)}: confirm this address reaches you", $"pagertest-{test.TestId}.{hash}",
            (link, "Confirm", "Confirm this address"), "This is a test of how you are paged, not an incident. Nothing else needs doing.");
    }

    /// <summary>
    /// A one-time sign-in code's mail: the code, how long it works, and what to do if it was not asked for. Its own ids
    /// ("signin-…"), never an incident's thread; the subject has no code (it is what mail lists and logs show).
    /// </summary>
    public static MimeMessage ComposeSignIn(NotificationRequest request, MailboxAddress from, SignInRef signIn)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{signIn.Responder}\n{signIn.Id}")))[..32];
        return Notice(request, from, "Your IncidentFunctions sign-in code", $"signin-{hash}", null,
            "If you did not ask to sign in, ignore this message: nobody can sign in without the code.");
    }

    /// <summary>
    /// A mail about no incident (a pager test, a sign-in code) to the request's email method: its text, an optional
    /// button, a closing note, and the footer; its own Message-Id (<paramref name="id"/>), marked auto-generated.
    /// </summary>
    private static MimeMessage Notice(NotificationRequest request, MailboxAddress from, string subject, string id, (Uri Url, string Label, string Button)? link, string note)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(from);
        var to = request.Via is { Type: ContactMethodType.Email } via
            ? via.To
            : throw new ArgumentException("a mail goes to the request's email method (Via)", nameof(request));

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(from.Name, from.Address));
        message.To.Add(new MailboxAddress(request.Recipient.Name, to));
        message.Subject = subject;
        message.Date = request.At;
        message.MessageId = $"{id}@{from.Domain}";
        message.Headers.Add("Auto-Submitted", "auto-generated");

        const string Footer = "Sent by IncidentFunctions. Replies to this email are not read.";
        var text = new StringBuilder().AppendLine(request.Text).AppendLine();
        if (link is { } l)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{l.Label}: {l.Url.AbsoluteUri}").AppendLine();
        }

        var button = link is { } b
            ? Html.Of($"""<p><a href="{b.Url.AbsoluteUri}" style="display:inline-block;padding:10px 16px;background:#1b5e20;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600">{b.Button}</a></p>""")
            : Markup.Empty;
        message.Body = new BodyBuilder
        {
            TextBody = text.AppendLine(note).AppendLine().AppendLine(Footer).ToString(),
            HtmlBody = Html.Of($"""
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>{message.Subject}</title></head>
                <body style="font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1b1b">
                <p style="font-size:16px;margin:0 0 16px">{request.Text}</p>
                {button}
                <p>{note}</p>
                <p style="color:#666666;font-size:13px">{Footer}</p>
                </body>
                </html>
                """).Value,
        }.ToMessageBody();
        return message;
    }

    private const string Label = "padding:2px 16px 2px 0;color:#555555;font-weight:600";

    private static string Footer(NotificationRequest request) => request.Replies.Count > 0
        ? "Sent by IncidentFunctions. Replies to this email are not read: answer in the console or by text message."
        : "Sent by IncidentFunctions. Replies to this email are not read.";

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
