namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// One message to one person about one incident, whatever carries it. Activities say who, what, why and which replies
/// it offers; <see cref="Notifier"/> decides the medium and each <see cref="INotificationChannel"/> how to say it there.
/// </summary>
/// <param name="Recipient">Who: a responder or a stakeholder from the configuration.</param>
/// <param name="Subject">The incident it is about, as every medium needs it (a call says it, a text and a mail write it).</param>
/// <param name="Text">What, written to be read: a text's body, a mail's first line.</param>
/// <param name="Why">Why it is sent, as the timeline records it once sent.</param>
/// <param name="Replies">What the recipient may answer; a text lists them, a call maps them to keys.</param>
/// <param name="IdempotencyKey">The step and recipient: however often the step runs, one message per channel for this key.</param>
/// <param name="At">The step's instant, the same on every retry.</param>
public sealed record NotificationRequest(
    ResponderConfig Recipient,
    NotificationSubject Subject,
    NotificationPurpose Purpose,
    string Text,
    NotificationWhy Why,
    IReadOnlyList<ReplyOption> Replies,
    string IdempotencyKey,
    DateTimeOffset At)
{
    public long IncidentNumber => Subject.Number;

    /// <summary>
    /// The one method to use (a notification rule's: "voice after 1 minute"); null lets <see cref="Notifier"/> choose:
    /// a page texts the recipient's phone, a notification texts it and mails every address they have.
    /// </summary>
    public ContactMethod? Via { get; init; }

    /// <summary>The number a text or call goes to: the method's, else the recipient's phone.</summary>
    public string Phone => Via is { Type: not ContactMethodType.Email } via ? via.To : Recipient.Phone;
}

/// <summary>A page asks someone to act (and makes them the one a bare "a" answers); a notification tells them something.</summary>
public enum NotificationPurpose
{
    Page,
    Notify,
}

public sealed record NotificationSubject(long Number, string Severity, string Service, string Title, string? RepeatNote)
{
    /// <summary>
    /// When the incident opened. Numbers start again in another deployment or after its storage is reset; with this
    /// instant a mail's ids (Message-Id, its thread's) stay apart from those of an earlier incident of the same number.
    /// </summary>
    public DateTimeOffset? OpenedAt { get; init; }

    public static NotificationSubject Of(Incident incident) =>
        new(incident.Number, $"SEV{(int)incident.Severity}", incident.Service, incident.Title, incident.RepeatSummary) { OpenedAt = incident.OpenedAt };
}

/// <param name="Kind">The timeline entry once sent: <see cref="TimelineEntryKind.PageSent"/> or <see cref="TimelineEntryKind.Notified"/>.</param>
/// <param name="Summary">Its words: "Paged Alice (tier 1)".</param>
/// <param name="Reason">Its details: the tier paged, or what the notification is about.</param>
public sealed record NotificationWhy(TimelineEntryKind Kind, string Summary, SendReason? Reason = null);

/// <summary>An answer the recipient may give, and what it does.</summary>
public sealed record ReplyOption(ReplyAction Action, long IncidentNumber);

public enum ReplyAction
{
    /// <summary>Acknowledge and take the lead.</summary>
    Acknowledge,
    Escalate,
    Resolve,
    Note,
    Update,
}

public static class ReplyOptions
{
    public static IReadOnlyList<ReplyOption> None { get; } = [];

    /// <summary>What a page offers: take the lead, or page the next tier.</summary>
    public static IReadOnlyList<ReplyOption> ForPage(long number) => [new(ReplyAction.Acknowledge, number), new(ReplyAction.Escalate, number)];

    public static IReadOnlyList<ReplyOption> Of(long number, params ReplyAction[] actions) => actions.Select(a => new ReplyOption(a, number)).ToList();
}
