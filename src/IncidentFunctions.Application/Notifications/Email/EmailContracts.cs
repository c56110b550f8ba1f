using MimeKit;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// What happened to one mail. <paramref name="Id"/> is what names it once taken (its Message-Id at a mail server, the
/// entry's id in the outbox); <paramref name="ReplyCode"/> and <paramref name="Error"/> say why it was refused.
/// </summary>
public sealed record EmailSendResult(bool Sent, string? Id, int? ReplyCode, string? Error)
{
    public static EmailSendResult Accepted(string id) => new(true, id, null, null);

    public static EmailSendResult Refused(int? replyCode, string error) => new(false, null, replyCode, error);

    /// <summary>The mail server refused our sign-in (Email:User, Email:Password): no mail will go until they are fixed.</summary>
    public bool CredentialsRefused { get; init; }
}

public interface IEmailSender
{
    /// <summary>Who takes or refuses mail, as the timeline says it: "Email to Lee rejected by the mail server".</summary>
    string Provider { get; }

    /// <summary>The longest one <see cref="SendAsync"/> can take: while a mail may still be going out, no other execution sends it.</summary>
    TimeSpan MaxSendDuration { get; }

    /// <summary>
    /// Sends one mail. Returns accepted or refused for good (5xx, failed sign-in); throws <see cref="EmailTransientException"/>
    /// when the server could not be reached or answered 4xx, so the step's retry policy runs it again later.
    /// </summary>
    Task<EmailSendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
