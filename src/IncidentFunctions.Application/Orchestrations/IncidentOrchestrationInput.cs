using System.Text.Json.Serialization;
using IncidentFunctions.Domain.Escalation;

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
    public IncidentSeverity Severity { get; init; } = IncidentSeverity.Sev3;

    /// <summary>
    /// Set by the reconciler when it starts the orchestration again: prefixes the texting steps' keys, so the new run
    /// pages again (a deliberate nudge, as its steps are new) while re-runs of one run's episodes never do.
    /// </summary>
    public string? Run { get; init; }

    /// <summary>
    /// The incident has a room orchestration (<see cref="IncidentRoomOrchestrator"/>) to poke when its timeline grows.
    /// False in the inputs of instances started before chat rooms existed, which therefore replay as they ran.
    /// </summary>
    public bool Rooms { get; init; }

    /// <summary>Cadence and reminder rules of the response loop; defaults when absent (inputs of older instances).</summary>
    public ResponseTimings Timings { get; init; } = ResponseTimings.Default;

    public static IncidentOrchestrationInput For(long incidentNumber, string service, EscalationPolicy policy, IncidentSeverity severity, ResponseTimings timings) =>
        new(incidentNumber, service, policy.Name, policy.Tiers.Select(t => t.Delay).ToList(), policy.Repeat)
        {
            Severity = severity,
            Timings = timings,
        };
}

/// <param name="Cadence">Status updates due this often while acknowledged; null = none.</param>
/// <param name="RetrospectiveDue">After resolution, the post-mortem is due within this; null = none required, the incident closes at once.</param>
public sealed record ResponseTimings(
    TimeSpan? Cadence,
    TimeSpan ReminderBefore,
    TimeSpan QuietGrace,
    TimeSpan IrreversibleActionReminder,
    TimeSpan? RetrospectiveDue,
    TimeSpan RetrospectiveReminderEvery)
{
    public static ResponseTimings Default { get; } = new(
        TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromDays(5), TimeSpan.FromDays(1));

    public AgendaTimings Agenda => new(Cadence, ReminderBefore, QuietGrace, IrreversibleActionReminder);

    public static ResponseTimings From(ResponsePolicy policy, IncidentSeverity severity) => new(
        policy.UpdateCadence(severity), policy.ReminderBefore, policy.QuietGrace, policy.IrreversibleActionReminder,
        policy.RetrospectiveDue(severity), policy.RetrospectiveReminderEvery);
}

/// <param name="FinalStatus">Written as the member's name ("Closed"), as when it was a string: stored instances hold it so.</param>
public sealed record IncidentOutcome(
    long IncidentNumber,
    [property: JsonConverter(typeof(JsonStringEnumConverter<IncidentStatus>))] IncidentStatus FinalStatus,
    int PagesSent,
    bool EndedUnacknowledged)
{
    public int UpdatesOnTime { get; init; }
    public int UpdatesLate { get; init; }
    public int UpdatesMissed { get; init; }
}
