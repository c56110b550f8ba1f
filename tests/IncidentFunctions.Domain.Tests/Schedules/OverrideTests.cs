using IncidentFunctions.Domain.Schedules;
using static IncidentFunctions.Domain.Tests.Schedules.ScheduleTestData;

namespace IncidentFunctions.Domain.Tests.Schedules;

public class OverrideTests
{
    private static readonly string[] Rotation = ["Alice", "Bob", "Carol"];

    // The rotation has Carol on call for the week from Monday 9 February 2026 09:00Z.
    private static readonly ScheduleOverride BobCovers = new("Bob", Utc("2026-02-10T18:00Z"), Utc("2026-02-11T09:00Z"));

    private static ScheduleConfig WithOverrides(params ScheduleOverride[] overrides) =>
        Schedule("Europe/London", "2026-01-05T09:00", "7d", Rotation, overrides);

    [Fact]
    public void An_override_takes_over_exactly_at_its_start()
    {
        var schedule = WithOverrides(BobCovers);

        Assert.Equal("Carol", schedule.OnCallAt(BobCovers.Start - Tick));
        Assert.Equal("Bob", schedule.OnCallAt(BobCovers.Start));
    }

    [Fact]
    public void An_override_ends_exactly_at_its_end()
    {
        var schedule = WithOverrides(BobCovers);

        Assert.Equal("Bob", schedule.OnCallAt(BobCovers.End - Tick));
        Assert.Equal("Carol", schedule.OnCallAt(BobCovers.End));
    }

    [Fact]
    public void The_latest_starting_of_overlapping_overrides_wins()
    {
        var aliceEvening = new ScheduleOverride("Alice", Utc("2026-02-10T20:00Z"), Utc("2026-02-10T22:00Z"));
        var schedule = WithOverrides(aliceEvening, BobCovers);

        Assert.Equal("Bob", schedule.OnCallAt(aliceEvening.Start - Tick));
        Assert.Equal("Alice", schedule.OnCallAt(aliceEvening.Start));
        Assert.Equal("Alice", schedule.OnCallAt(aliceEvening.End - Tick));
        Assert.Equal("Bob", schedule.OnCallAt(aliceEvening.End));
    }

    [Fact]
    public void Of_overrides_starting_at_the_same_instant_the_later_one_listed_wins()
    {
        var alice = BobCovers with { Responder = "Alice" };

        Assert.Equal("Alice", WithOverrides(BobCovers, alice).OnCallAt(BobCovers.Start));
        Assert.Equal("Bob", WithOverrides(alice, BobCovers).OnCallAt(BobCovers.Start));
    }

    [Fact]
    public void An_override_applies_even_before_the_rotation_starts()
    {
        var early = new ScheduleOverride("Carol", Utc("2026-01-01T00:00Z"), Utc("2026-01-02T00:00Z"));
        var schedule = WithOverrides(early);

        Assert.Equal("Carol", schedule.OnCallAt(Utc("2026-01-01T12:00Z")));
        Assert.Null(schedule.OnCallAt(early.End));
    }

    [Fact]
    public void An_override_spanning_a_hand_off_holds_through_it()
    {
        var acrossHandOff = new ScheduleOverride("Carol", Utc("2026-01-12T08:00Z"), Utc("2026-01-12T10:00Z"));
        var schedule = WithOverrides(acrossHandOff);

        Assert.Equal("Carol", schedule.OnCallAt(Utc("2026-01-12T09:00Z")));
        Assert.Equal("Bob", schedule.OnCallAt(acrossHandOff.End));
    }

    [Fact]
    public void The_rotation_is_unaffected_by_overrides()
    {
        var schedule = WithOverrides(BobCovers);

        Assert.Equal("Carol", schedule.ShiftAt(BobCovers.Start)!.Responder);
        Assert.Same(BobCovers, schedule.OverrideAt(BobCovers.Start));
        Assert.Null(schedule.OverrideAt(BobCovers.End));
    }
}
