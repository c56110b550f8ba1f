namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>One text to one phone number. <paramref name="IdempotencyKey"/> identifies the logical send (incident, step, recipient) for logs and ledgers.</summary>
public sealed record SmsMessage(string To, string Body, string IdempotencyKey)
{
    /// <summary>The words are a secret (a sign-in code): a sender that logs what it sends writes that it sent one, not the words.</summary>
    public bool WordsAreSecret { get; init; }
}

public enum SmsSendOutcome
{
    /// <summary>The provider accepted the message (it is queued for delivery; delivery itself is reported later, if at all).</summary>
    Sent,

    /// <summary>The provider refused it for a reason retrying will not fix (opted out, invalid number, bad credentials...).</summary>
    Rejected,
}

/// <summary>
/// What happened to a send. <paramref name="Sid"/> is the provider's message id when sent; <paramref name="ErrorCode"/> and
/// <paramref name="ErrorMessage"/> are the provider's when rejected. <paramref name="Attempts"/> counts HTTP attempts made.
/// </summary>
public sealed record SmsSendResult(SmsSendOutcome Outcome, string? Sid, int? ErrorCode, string? ErrorMessage, int Attempts)
{
    public static SmsSendResult Sent(string? sid, int attempts) => new(SmsSendOutcome.Sent, sid, null, null, attempts);

    public static SmsSendResult Rejected(int? errorCode, string? errorMessage, int attempts) => new(SmsSendOutcome.Rejected, null, errorCode, errorMessage, attempts);
}

public interface ISmsSender
{
    /// <summary>
    /// Sends one text. Returns <see cref="SmsSendOutcome.Sent"/> or <see cref="SmsSendOutcome.Rejected"/>; throws
    /// <see cref="SmsTransientException"/> when the provider stayed unavailable through every attempt, so the caller's own
    /// retry policy (the Durable activity's) can take over.
    /// </summary>
    Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The provider's id of a text it already accepted for <paramref name="message"/> (same number, same words) at or after
    /// <paramref name="notBefore"/>, other than those in <paramref name="knownSids"/>; null when there is none. Asked before
    /// sending again a text whose attempt never got an answer (the process died, the connection dropped): the provider may
    /// have accepted it. Throws <see cref="SmsTransientException"/> when the provider cannot be asked.
    /// </summary>
    Task<string?> FindAcceptedAsync(SmsMessage message, DateTimeOffset notBefore, IReadOnlySet<string> knownSids, CancellationToken cancellationToken);

    /// <summary>
    /// The longest one <see cref="SendAsync"/> can take with this sender's settings, every attempt, wait and lookup
    /// included: while a send may still be under way, nobody else may send the same text.
    /// </summary>
    TimeSpan MaxSendDuration { get; }
}
