namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// One message to one person about one incident (or one pager test), whatever carries it. Activities say who, what, why and which replies
/// it offers; <see cref="Notifier"/> decides the medium and each <see cref="INotificationChannel"/> how to say it there.
/// </summary>
/// <param name="Recipient">Who: a responder or a stakeholder from the configuration.</param>
/// <param name="Subject">
/// The incident it is about, as every medium needs it (a call says it, a text and a mail write it); null for a pager
/// test's messages (<see cref="PagerTest"/>), which are about no incident.
/// </param>
/// <param name="Text">What, written to be read: a text's body, a mail's first line.</param>
/// <param name="Why">Why it is sent, as the timeline records it once sent.</param>
/// <param name="Replies">What the recipient may answer; a text lists them, a call maps them to keys.</param>
/// <param name="IdempotencyKey">The step and recipient: however often the step runs, one message per channel for this key.</param>
/// <param name="At">The step's instant, the same on every retry.</param>
public sealed record NotificationRequest(
    ResponderConfig Recipient,
    NotificationSubject? Subject,
    NotificationPurpose Purpose,
    string Text,
    NotificationWhy Why,
    IReadOnlyList<ReplyOption> Replies,
    string IdempotencyKey,
    DateTimeOffset At)
{
    /// <summary>The incident's number. A pager test's message has none: asking is a bug, so it throws.</summary>
    public long IncidentNumber => Subject?.Number
        ?? throw new InvalidOperationException($"the message {IdempotencyKey} belongs to {(SignIn is not null ? "a sign-in" : "pager test " + PagerTest?.TestId)}, not to an incident");

    /// <summary>
    /// Set on the messages of a pager test: its own and those about it (the schedule owner's). Channels keep their sends
    /// in the test's ledger partition, write nothing on any timeline, and say a test's own message their way
    /// (<see cref="NotificationPurpose.PagerTest"/>).
    /// </summary>
    public PagerTestRef? PagerTest { get; init; }

    /// <summary>
    /// Set on a one-time sign-in code's message: about no incident and no test. Channels keep its send in the sign-in's
    /// ledger partition without its words (they hold the code) and write nothing on any timeline.
    /// </summary>
    public SignInRef? SignIn { get; init; }

    /// <summary>Whether the channel writes what it sent on the incident's timeline: a pager test keeps its outcome in its own record, a sign-in none.</summary>
    public bool OnTimeline => PagerTest is null && SignIn is null;

    /// <summary>Whether the ledger may keep the words sent (to resend the same ones after a crash), and a sender log them: never a code.</summary>
    public bool KeepsWords => SignIn is null;

    /// <summary>A sign-in code's message to <paramref name="recipient"/> on <paramref name="via"/>, one per code.</summary>
    public static NotificationRequest ForSignIn(ResponderConfig recipient, SignInRef signIn, string text, ContactMethod via, DateTimeOffset at) =>
        new(recipient, null, NotificationPurpose.SignIn, text, new NotificationWhy(TimelineEntryKind.Notified, "Sign-in code"), ReplyOptions.None,
            "signin:" + signIn.Id, at)
        {
            Via = via,
            SignIn = signIn,
        };

    /// <summary>A message of pager test <paramref name="test"/> to <paramref name="recipient"/> on <paramref name="via"/>.</summary>
    public static NotificationRequest ForPagerTest(ResponderConfig recipient, PagerTestRef test, NotificationPurpose purpose, string text, ContactMethod via, string idempotencyKey, DateTimeOffset at) =>
        new(recipient, null, purpose, text, new NotificationWhy(TimelineEntryKind.Notified, "Pager test"), ReplyOptions.None, idempotencyKey, at)
        {
            Via = via,
            PagerTest = test,
        };

    /// <summary>
    /// The one method to use (a notification rule's: "voice after 1 minute"); null lets <see cref="Notifier"/> choose:
    /// a page texts the recipient's phone, a notification texts it and mails every address they have.
    /// </summary>
    public ContactMethod? Via { get; init; }

    /// <summary>The number a text or call goes to: the method's, else the recipient's phone.</summary>
    public string Phone => Via is { Type: not ContactMethodType.Email } via ? via.To : Recipient.Phone;
}

/// <summary>
/// A page asks someone to act (and makes them the one a bare "a" answers); a notification tells them something; a
/// pager test asks them to confirm that the method reaches them.
/// </summary>
public enum NotificationPurpose
{
    Page,
    Notify,
    PagerTest,

    /// <summary>A one-time sign-in code, asked for by the recipient: no incident, no replies, never on a timeline.</summary>
    SignIn,
}

/// <summary>The sign-in a code's message belongs to: <see cref="Id"/> is the code's (its issue instant), so each code is sent once.</summary>
public sealed record SignInRef(string Responder, string Id);

/// <summary>The pager test a message belongs to.</summary>
/// <param name="Responder">Whose test it is (the recipient of its own messages; not of the owner's message about it).</param>
/// <param name="ConfirmUrl">What a test's mail links to: the confirmation, with its token; null when the app has no public address.</param>
public sealed record PagerTestRef(string Responder, string TestId, Uri? ConfirmUrl = null);

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
