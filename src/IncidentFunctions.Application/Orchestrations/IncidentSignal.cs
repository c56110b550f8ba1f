namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// Everything that reaches a running incident from outside arrives as this one event.
/// A single event name means a single pending waiter, so an event can never be handed to a stale wait.
/// </summary>
public sealed record IncidentSignal(IncidentSignalKind Kind, string? By, DateTimeOffset At)
{
    public const string EventName = "IncidentSignal";
}

public enum IncidentSignalKind
{
    /// <summary>The incident entity already says acknowledged; the orchestration stops paging and tells the others.</summary>
    Acknowledged,
    /// <summary>Page the next tier now.</summary>
    Escalate,
    /// <summary>The incident entity already says resolved.</summary>
    Resolved,
    /// <summary>Every alert resolved at its source on a service without auto-resolve: tell the lead.</summary>
    AlertsResolved,
}
