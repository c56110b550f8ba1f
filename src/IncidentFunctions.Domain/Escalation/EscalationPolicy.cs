using System.Text.Json.Serialization;

namespace IncidentFunctions.Domain.Escalation;

/// <summary>
/// Who gets paged, in what order, as GoAlert models it: ordered tiers (steps), each waiting
/// <see cref="EscalationTier.Delay"/> before the next, and the whole list run again <see cref="Repeat"/> more times.
/// Plain records with public constructors so System.Text.Json carries them as Durable orchestration inputs.
/// </summary>
/// <param name="Repeat">Extra passes over all tiers after the first: 0 pages each tier once, 1 twice.</param>
public sealed record EscalationPolicy(string Name, IReadOnlyList<EscalationTier> Tiers, int Repeat)
{
    /// <summary>Total tier pages if nobody acknowledges: tiers × (1 + repeat).</summary>
    [JsonIgnore]
    public int TotalSteps => Tiers.Count * (Repeat + 1);

    /// <summary>The tier a position points at; refuses positions outside this policy.</summary>
    public EscalationTier TierAt(EscalationPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.TierIndex < 0 || position.TierIndex >= Tiers.Count || position.Loop < 0 || position.Loop > Repeat)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position,
                $"Policy '{Name}' has {Tiers.Count} tier(s) and {Repeat} repeat(s); {position} is outside it.");
        }

        return Tiers[position.TierIndex];
    }

    /// <summary>The position after <paramref name="position"/> in this policy, or null when escalation is exhausted.</summary>
    public EscalationPosition? Next(EscalationPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return position.Next(Tiers.Count, Repeat);
    }
}

/// <param name="Targets">Responders and schedules paged together when this tier is reached.</param>
/// <param name="Delay">How long to wait for an acknowledgement before moving to the next tier (or the next pass).</param>
public sealed record EscalationTier(IReadOnlyList<EscalationTarget> Targets, TimeSpan Delay);

/// <summary>Exactly one of <see cref="Responder"/> and <see cref="Schedule"/> is set (configuration validation enforces it).</summary>
public sealed record EscalationTarget(string? Responder, string? Schedule)
{
    public static EscalationTarget ForResponder(string responder) => new(responder, null);

    public static EscalationTarget ForSchedule(string schedule) => new(null, schedule);
}
