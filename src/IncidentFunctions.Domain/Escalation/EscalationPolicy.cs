namespace IncidentFunctions.Domain.Escalation;

/// <summary>
/// Who gets paged, in what order, as GoAlert models it: ordered tiers (steps), each waiting
/// <see cref="EscalationTier.Delay"/> before the next, and the whole list run again <see cref="Repeat"/> more times.
/// The orchestration does not carry the policy: its input snapshots the tiers' delays and the repeat count, and the
/// paging activity reads the tier's people from the configuration when it runs.
/// </summary>
/// <param name="Repeat">Extra passes over all tiers after the first: 0 pages each tier once, 1 twice.</param>
public sealed record EscalationPolicy(string Name, IReadOnlyList<EscalationTier> Tiers, int Repeat);

/// <param name="Targets">Responders and schedules paged together when this tier is reached.</param>
/// <param name="Delay">How long to wait for an acknowledgement before moving to the next tier (or the next pass).</param>
public sealed record EscalationTier(IReadOnlyList<EscalationTarget> Targets, TimeSpan Delay);

/// <summary>Exactly one of <see cref="Responder"/> and <see cref="Schedule"/> is set (configuration validation enforces it).</summary>
public sealed record EscalationTarget(string? Responder, string? Schedule)
{
    public static EscalationTarget ForResponder(string responder) => new(responder, null);

    public static EscalationTarget ForSchedule(string schedule) => new(null, schedule);
}
