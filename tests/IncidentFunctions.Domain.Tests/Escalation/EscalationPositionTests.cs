using IncidentFunctions.Domain.Escalation;

namespace IncidentFunctions.Domain.Tests.Escalation;

public class EscalationPositionTests
{
    [Fact]
    public void Escalation_starts_at_the_first_tier_of_the_first_pass()
    {
        Assert.Equal(new EscalationPosition(0, 0), EscalationPosition.Start);
    }

    [Fact]
    public void Next_walks_every_tier_then_repeats_the_whole_policy_then_stops()
    {
        var visited = new List<EscalationPosition>();
        for (EscalationPosition? position = EscalationPosition.Start; position is not null; position = position.Next(tierCount: 3, repeat: 1))
        {
            visited.Add(position);
        }

        Assert.Equal(
            [new(0, 0), new(1, 0), new(2, 0), new(0, 1), new(1, 1), new(2, 1)],
            visited);
    }

    [Theory]
    [InlineData(0, 0, 3, 0, 1, 0)]
    [InlineData(1, 0, 3, 0, 2, 0)]
    [InlineData(2, 0, 3, 2, 0, 1)]
    [InlineData(2, 1, 3, 2, 0, 2)]
    [InlineData(0, 0, 1, 2, 0, 1)]
    [InlineData(0, 1, 1, 2, 0, 2)]
    public void Next_moves_to_the_following_tier_or_wraps_to_the_next_pass(int tier, int loop, int tierCount, int repeat, int nextTier, int nextLoop)
    {
        Assert.Equal(new EscalationPosition(nextTier, nextLoop), new EscalationPosition(tier, loop).Next(tierCount, repeat));
    }

    [Theory]
    [InlineData(0, 0, 1, 0)]
    [InlineData(2, 0, 3, 0)]
    [InlineData(2, 2, 3, 2)]
    [InlineData(0, 10, 1, 10)]
    public void Next_is_null_after_the_last_tier_of_the_last_pass(int tier, int loop, int tierCount, int repeat)
    {
        Assert.Null(new EscalationPosition(tier, loop).Next(tierCount, repeat));
    }

    [Fact]
    public void A_policy_with_one_tier_and_no_repeat_pages_once()
    {
        Assert.Null(EscalationPosition.Start.Next(tierCount: 1, repeat: 0));
    }

    [Theory]
    [InlineData(3, 0, 3, 1)]   // tier past the end
    [InlineData(-1, 0, 3, 1)]  // negative tier
    [InlineData(0, 2, 3, 1)]   // pass past the last repeat
    [InlineData(0, -1, 3, 1)]  // negative pass
    public void Next_refuses_a_position_outside_the_policy(int tier, int loop, int tierCount, int repeat)
    {
        Assert.Throws<InvalidOperationException>(() => new EscalationPosition(tier, loop).Next(tierCount, repeat));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(3, -1)]
    public void Next_refuses_an_impossible_policy_shape(int tierCount, int repeat)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EscalationPosition.Start.Next(tierCount, repeat));
    }
}
