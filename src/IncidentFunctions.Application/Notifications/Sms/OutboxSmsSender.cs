using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// The local runtime's <see cref="ISmsSender"/> when no Twilio:AccountSid is configured: every text is kept in order
/// (listed by GET /api/dev/outbox, numbers in full) and written to the console with the body in full, so a newcomer sees
/// the page, but the number masked (<see cref="PhoneMask"/>): the console's log may be shipped or pasted like any other,
/// and the configured numbers can be real people's. Never rejects and never fails.
/// </summary>
public sealed partial class OutboxSmsSender(DevOutbox outbox, ILogger<OutboxSmsSender> log) : ISmsSender
{

    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        var entry = outbox.Add(ContactMethodType.Sms, "SM", message.To, message.Body);

        // A sign-in code is a secret even here: the log says where to read it, the outbox (the phone's stand-in) holds it.
        LogQueued(entry.Sid, PhoneMask.Mask(entry.To),
            message.WordsAreSecret ? "(a sign-in code: read it in the outbox, /api/dev/outbox)" : entry.Body);
        return Task.FromResult(SmsSendResult.Sent(entry.Sid, attempts: 1));
    }

    /// <summary>A send is a list append: no waiting on anyone.</summary>
    public TimeSpan MaxSendDuration => TimeSpan.Zero;

    /// <summary>The outbox lives in memory: after a restart it is empty, so a text of the previous run is sent again.</summary>
    public Task<string?> FindAcceptedAsync(SmsMessage message, DateTimeOffset notBefore, IReadOnlySet<string> knownSids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(knownSids);
        var found = Snapshot().LastOrDefault(e => e.To == message.To && e.Body == message.Body && e.At >= notBefore && !knownSids.Contains(e.Sid));
        return Task.FromResult(found?.Sid);
    }

    /// <summary>Every text so far, oldest first (a copy).</summary>
    public IReadOnlyList<OutboxEntry> Snapshot() => [.. outbox.Snapshot().Where(e => e.Medium == ContactMethod.Word(ContactMethodType.Sms))];

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "[outbox] SMS {Sid} to {To}: {Body}")]
    private partial void LogQueued(string sid, string to, string body);
}
