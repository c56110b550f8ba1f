using Microsoft.Extensions.Logging;
using MimeKit;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// The local runtime's <see cref="IEmailSender"/> when no Email:Host is configured: every mail goes to the dev outbox
/// (GET /api/dev/outbox, medium "email", its subject and plain-text part) and to the console log with the address
/// masked (<see cref="EmailMask"/>), as texts are. Never refuses and never fails.
/// </summary>
public sealed partial class OutboxEmailSender(DevOutbox outbox, ILogger<OutboxEmailSender> log) : IEmailSender
{
    public string Provider => "outbox";

    /// <summary>A send is a list append: no waiting on anyone.</summary>
    public TimeSpan MaxSendDuration => TimeSpan.Zero;

    public Task<EmailSendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        var to = message.To.Mailboxes.FirstOrDefault()?.Address ?? "";
        var entry = outbox.Add(ContactMethodType.Email, "EM", to, message.TextBody ?? "", e => e with { Subject = message.Subject });

        LogQueued(entry.Sid, EmailMask.Mask(to), message.Subject ?? "");
        return Task.FromResult(EmailSendResult.Accepted(entry.Sid));
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "[outbox] Email {Sid} to {To}: {Subject}")]
    private partial void LogQueued(string sid, string to, string subject);
}
