namespace IncidentFunctions.Domain.Escalation;

/// <summary>
/// Where a running escalation is: which tier, in which pass. Kept apart from the policy so the
/// orchestration carries only this small value between steps.
/// </summary>
/// <param name="TierIndex">Zero-based tier within the policy.</param>
/// <param name="Loop">Zero-based pass: 0 is the first run through the tiers, 1 the first repeat.</param>
public sealed record EscalationPosition(int TierIndex, int Loop)
{
    /// <summary>The first tier of the first pass.</summary>
    public static EscalationPosition Start { get; } = new(0, 0);

    /// <summary>
    /// The next tier, wrapping to tier 0 of the next pass after the last tier;
    /// null once the last tier of the last pass (pass <paramref name="repeat"/>) is done.
    /// Refuses a policy shape that is empty or that this position does not fit.
    /// </summary>
    /// <param name="tierCount">Number of tiers in the policy (at least 1).</param>
    /// <param name="repeat">The policy's extra passes (0 or more).</param>
    public EscalationPosition? Next(int tierCount, int repeat)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tierCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(repeat);
        if (TierIndex < 0 || TierIndex >= tierCount || Loop < 0 || Loop > repeat)
        {
            throw new InvalidOperationException(
                $"{this} does not fit a policy of {tierCount} tier(s) with {repeat} repeat(s).");
        }

        if (TierIndex + 1 < tierCount)
        {
            return this with { TierIndex = TierIndex + 1 };
        }

        return Loop < repeat ? new EscalationPosition(0, Loop + 1) : null;
    }
}
