namespace IncidentFunctions.Application.Activities;

/// <param name="At">Orchestration time of the step: timeline rows and idempotency keys derive from it, so a retry writes the same rows.</param>
/// <param name="Reason">"opened", "timeout", "requested" (someone asked to escalate) or "repeat".</param>
/// <param name="Step">
/// The orchestration's own count of its texting steps ("s3"): the idempotency key of the texts. Unlike <paramref name="At"/>
/// (the orchestration's clock), it is the same when an episode that was never checkpointed runs again after a crash.
/// Null in histories written before it existed: the key then falls back to <paramref name="At"/>.
/// </param>
public sealed record PageTierInput(long IncidentNumber, int TierIndex, int Loop, DateTimeOffset At, string Reason, string? RequestedBy, string? Step = null);

/// <param name="IncidentStatus">The incident's status when the activity ran: paging stops unless it is still Triggered.</param>
/// <param name="Delivered">Texts accepted by the SMS provider for this tier; 0 means nobody on the tier is reachable.</param>
public sealed record PageTierResult(string IncidentStatus, int Delivered, IReadOnlyList<string> Paged, IReadOnlyList<string> Failed);

public enum NotifyKind
{
    /// <summary>Tell everyone else who was paged who took the lead.</summary>
    Acknowledged,
    /// <summary>Every tier was paged and nobody answered: tell everyone on the policy; paging stops.</summary>
    Unacknowledged,
    /// <summary>Tell everyone involved the incident is resolved.</summary>
    Resolved,
    /// <summary>The source resolved every alert but the service does not auto-resolve: ask the lead to resolve.</summary>
    AlertsResolved,
    /// <summary>The lead was handed over: tell the new lead.</summary>
    LeadChanged,
    /// <summary>A SEV1 opened (or an incident became SEV1): tell leadership.</summary>
    LeadershipSev1,
    /// <summary>The post-mortem is still open: remind the lead (and say when it is overdue).</summary>
    RetrospectiveReminder,
    /// <summary>The post-mortem is complete: the incident is closed; tell the lead.</summary>
    Closed,
    /// <summary>A status update was posted: send it to the team (everyone on the incident) and, if addressed, leadership.</summary>
    UpdatePosted,
}

public sealed record NotifyInput(long IncidentNumber, NotifyKind Kind, DateTimeOffset At, string? Actor)
{
    /// <summary>As <see cref="PageTierInput.Step"/>.</summary>
    public string? Step { get; init; }

    /// <summary><see cref="NotifyKind.RetrospectiveReminder"/>: the post-mortem is past its due date.</summary>
    public bool Overdue { get; init; }

    /// <summary><see cref="NotifyKind.UpdatePosted"/>: which update to send.</summary>
    public string? UpdateId { get; init; }
}

public sealed record NotifyResult(int Delivered, IReadOnlyList<string> Recipients);

/// <summary>What the response agenda says is due, for the activity that tells people and keeps the incident row in step.</summary>
public sealed record AgendaEffectsInput(
    long IncidentNumber, IReadOnlyList<Domain.Response.AgendaEffect> Effects, DateTimeOffset At,
    DateTimeOffset? NextUpdateDue, int UpdatesMissed);

/// <param name="Reason">Shown in the text: "brought in by Alice", "escalation policy checkout".</param>
/// <param name="Step">As <see cref="PageTierInput.Step"/>.</param>
public sealed record PageRespondersInput(long IncidentNumber, IReadOnlyList<string> Responders, DateTimeOffset At, string? By, string? Reason, string? Step = null);

public sealed record PostmortemStepInput(long IncidentNumber, DateTimeOffset At);

/// <param name="DueBy">When the retrospective is due; null when none is required.</param>
public sealed record PostmortemDraftResult(bool Drafted, DateTimeOffset? DueBy);

/// <summary>Which incident's timeline to hand to the event stream.</summary>
public sealed record PublishEventsInput(long IncidentNumber);

/// <param name="Published">Events sent (entries that belong on the stream).</param>
/// <param name="Considered">Timeline entries taken off the outbox, published or not.</param>
public sealed record PublishEventsResult(int Published, int Considered);
