using IncidentFunctions.Domain.Schedules;
using static IncidentFunctions.Domain.Tests.Schedules.ScheduleTestData;

namespace IncidentFunctions.Domain.Tests.Schedules;

/// <summary>The latest hand-off to whoever is on call, at the instants where it happens and just before.</summary>
public class HandoffTests
{
    private static readonly string[] Rotation = ["Alice", "Bob", "Carol"];
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    // Weekly, Mondays 09:00 London: Bob's week starts Monday 12 January 2026 09:00Z (GMT).
    private static readonly DateTimeOffset BobStarts = Utc("2026-01-12T09:00Z");

    private static ScheduleConfig Weekly(params ScheduleOverride[] overrides) => Schedule("Europe/London", "2026-01-05T09:00", "7d", Rotation, overrides);

    [Fact]
    public void A_rotation_hands_off_exactly_at_the_shift_start()
    {
        var schedule = Weekly();

        Assert.Equal(new Handoff("Bob", BobStarts), schedule.LastHandoff(BobStarts, BobStarts - Hour));
        Assert.Equal(new Handoff("Bob", BobStarts), schedule.LastHandoff(BobStarts + TimeSpan.FromMinutes(30), BobStarts - Hour));
        // A tick before, Alice has been on call all week: no hand-off within the hour.
        Assert.Null(schedule.LastHandoff(BobStarts - Tick, BobStarts - Hour));
    }

    [Fact]
    public void A_hand_off_before_the_window_is_not_returned()
    {
        var schedule = Weekly();

        Assert.Equal(new Handoff("Bob", BobStarts), schedule.LastHandoff(BobStarts + Hour, BobStarts));
        Assert.Null(schedule.LastHandoff(BobStarts + Hour, BobStarts + Tick));
    }

    [Fact]
    public void The_spring_forward_hand_off_is_at_09_00_local_which_is_08_00Z()
    {
        // Sunday 29 March 2026 the UK moves to BST; Monday 30 March 09:00 local is 08:00Z.
        var schedule = Weekly();
        var handoff = schedule.LastHandoff(Utc("2026-03-30T08:10Z"), Utc("2026-03-30T07:00Z"));

        Assert.Equal(Utc("2026-03-30T08:00Z"), handoff!.At);
    }

    [Fact]
    public void An_override_is_a_hand_off_at_its_start_and_back_at_its_end()
    {
        var covers = new ScheduleOverride("Carol", BobStarts + TimeSpan.FromDays(1), BobStarts + TimeSpan.FromDays(1) + 4 * Hour);
        var schedule = Weekly(covers);

        Assert.Equal(new Handoff("Carol", covers.Start), schedule.LastHandoff(covers.Start, covers.Start - Hour));
        Assert.Equal(new Handoff("Bob", covers.End), schedule.LastHandoff(covers.End, covers.End - Hour));
        Assert.Null(schedule.LastHandoff(covers.End - Tick, covers.End - Hour));
    }

    [Fact]
    public void An_override_for_whoever_is_on_call_anyway_is_no_hand_off()
    {
        var same = new ScheduleOverride("Bob", BobStarts + Hour, BobStarts + 2 * Hour);
        var schedule = Weekly(same);

        Assert.Null(schedule.LastHandoff(same.Start, same.Start - TimeSpan.FromMinutes(30)));
        Assert.Null(schedule.LastHandoff(same.End, same.End - TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void An_override_starting_before_the_shift_makes_its_start_the_hand_off()
    {
        // Bob takes over an hour before his week starts: the hand-off is then, not at 09:00.
        var early = new ScheduleOverride("Bob", BobStarts - Hour, BobStarts + Hour);
        var schedule = Weekly(early);

        Assert.Equal(new Handoff("Bob", early.Start), schedule.LastHandoff(BobStarts + TimeSpan.FromMinutes(5), BobStarts - 2 * Hour));
    }

    [Fact]
    public void A_one_person_rotation_never_hands_off_and_nobody_on_call_is_no_hand_off()
    {
        var alone = Schedule("UTC", "2026-01-05T09:00", "1d", ["Alice"]);

        Assert.Null(alone.LastHandoff(Utc("2026-01-07T09:00Z"), Utc("2026-01-07T08:00Z")));
        Assert.Null(Weekly().LastHandoff(Utc("2026-01-01T09:00Z"), Utc("2025-12-01T09:00Z")));
        Assert.Equal(new Handoff("Alice", Utc("2026-01-05T09:00Z")), Weekly().LastHandoff(Utc("2026-01-05T09:00Z"), Utc("2026-01-05T08:00Z")));
    }

    [Fact]
    public void Short_shifts_hand_off_at_each_boundary()
    {
        var minutes = Schedule("UTC", "2026-01-05T09:00", "10m", ["Alice", "Bob"]);

        Assert.Equal(new Handoff("Bob", Utc("2026-01-05T09:10Z")), minutes.LastHandoff(Utc("2026-01-05T09:15Z"), Utc("2026-01-05T08:00Z")));
        Assert.Equal(new Handoff("Alice", Utc("2026-01-05T09:20Z")), minutes.LastHandoff(Utc("2026-01-05T09:20Z"), Utc("2026-01-05T08:00Z")));
    }
}
