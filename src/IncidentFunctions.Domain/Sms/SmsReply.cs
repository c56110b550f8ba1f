namespace IncidentFunctions.Domain.Sms;

public enum SmsReplyKind
{
    /// <summary>"42a", "ack": take the lead.</summary>
    Acknowledge,
    /// <summary>"42e", "esc": page the next tier now.</summary>
    Escalate,
    /// <summary>"42r", "r": resolve.</summary>
    Resolve,
    /// <summary>"42n text": add a note to the timeline.</summary>
    Note,
    /// <summary>"42u text": post a status update.</summary>
    Update,
    /// <summary>"ok": confirms a pager test on the number it came from; only counts while that number has a test open.</summary>
    ConfirmTest,
    /// <summary>STOP, START, HELP and the other carrier keywords: Twilio answers these itself; we must not act on them.</summary>
    CarrierKeyword,
    /// <summary>"?": the sender asks which replies we understand (HELP itself belongs to the carrier).</summary>
    Help,
    /// <summary>Anything else.</summary>
    Unknown,
}

/// <param name="IncidentNumber">The incident the reply names; null means "the last incident this number was paged for".</param>
/// <param name="Text">The note or update for <see cref="SmsReplyKind.Note"/>/<see cref="SmsReplyKind.Update"/>; the keyword in upper case
/// for <see cref="SmsReplyKind.CarrierKeyword"/>; the trimmed message for <see cref="SmsReplyKind.Unknown"/>; otherwise null.</param>
public sealed record SmsReply(SmsReplyKind Kind, long? IncidentNumber, string? Text);
