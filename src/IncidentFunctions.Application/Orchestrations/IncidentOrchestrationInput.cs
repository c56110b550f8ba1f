namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// What the orchestration needs to know about the policy, snapshotted at open so replays are deterministic.
/// Who is on each tier is resolved when the tier is paged (schedules rotate), by the paging activity.
/// </summary>
public sealed record IncidentOrchestrationInput(
    long IncidentNumber,
    string Service,
    string EscalationPolicy,
    IReadOnlyList<TimeSpan> TierDelays,
    int Repeat)
{
    public static IncidentOrchestrationInput For(long incidentNumber, string service, Domain.Escalation.EscalationPolicy policy) =>
        new(incidentNumber, service, policy.Name, policy.Tiers.Select(t => t.Delay).ToList(), policy.Repeat);
}

public sealed record IncidentOutcome(long IncidentNumber, string FinalStatus, int PagesSent, bool EndedUnacknowledged);
