namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>One call to place: where Twilio fetches what to say, and where it reports how the call ended.</summary>
/// <param name="Script">What the call says first, kept in the ledger and the local outbox.</param>
/// <param name="GatherUrl">Where the first keypress is posted; the local outbox shows it so a keypress can be played.</param>
public sealed record VoiceCall(string To, string Script, Uri TwimlUrl, Uri StatusCallbackUrl, Uri GatherUrl, string IdempotencyKey);

/// <param name="Sid">The provider's call id when it took the call.</param>
public sealed record VoiceCallResult(bool Placed, string? Sid, int? ErrorCode, string? ErrorMessage)
{
    public static VoiceCallResult Queued(string sid) => new(true, sid, null, null);

    public static VoiceCallResult Refused(int? errorCode, string? message) => new(false, null, errorCode, message);
}

/// <summary>Places calls: Twilio's Calls API, or the local runtime's outbox.</summary>
public interface IVoiceCaller
{
    /// <summary>
    /// Places one call, once. Refusals for good (invalid number, no voice permission for the region) are returned;
    /// a provider that did not answer or answered 429/5xx throws <see cref="Sms.SmsTransientException"/> so the step is retried.
    /// </summary>
    Task<VoiceCallResult> PlaceAsync(VoiceCall call, CancellationToken ct);

    /// <summary>
    /// A call to <paramref name="to"/> the provider took at or after <paramref name="notBefore"/> that is none of
    /// <paramref name="knownSids"/>: asked before placing again a call whose attempt never got an answer.
    /// </summary>
    Task<string?> FindPlacedAsync(string to, DateTimeOffset notBefore, IReadOnlySet<string> knownSids, CancellationToken ct);

    /// <summary>The longest one <see cref="PlaceAsync"/> can take: while it may be under way nobody else places the same call.</summary>
    TimeSpan MaxPlaceDuration { get; }
}
