using MimeKit;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// In Azure without Email:Host: every mail is refused, so the timeline says plainly that a responder's address was not
/// mailed and why, instead of the mail vanishing. (The local runtime uses the outbox instead.)
/// </summary>
public sealed class UnconfiguredEmailSender : IEmailSender
{
    public const string Reason = "no mail server is configured (Email:Host)";

    public string Provider => "email channel";

    public TimeSpan MaxSendDuration => TimeSpan.Zero;

    public Task<EmailSendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(EmailSendResult.Refused(null, Reason));
}
