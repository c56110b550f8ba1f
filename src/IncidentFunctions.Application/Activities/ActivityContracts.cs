namespace IncidentFunctions.Application.Activities;

/// <param name="At">Orchestration time of the step: timeline rows and idempotency keys derive from it, so a retry writes the same rows.</param>
/// <param name="Reason">"opened", "timeout", "requested" (someone asked to escalate) or "repeat".</param>
public sealed record PageTierInput(long IncidentNumber, int TierIndex, int Loop, DateTimeOffset At, string Reason, string? RequestedBy);

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
}

public sealed record NotifyInput(long IncidentNumber, NotifyKind Kind, DateTimeOffset At, string? Actor);

public sealed record NotifyResult(int Delivered, IReadOnlyList<string> Recipients);
