using IncidentFunctions.Domain.Schedules;
using static IncidentFunctions.Domain.Tests.Schedules.ScheduleTestData;

namespace IncidentFunctions.Domain.Tests.Schedules;

public class RotationTests
{
    // Weekly, Monday 09:00 London, from Monday 5 January 2026 (GMT, so 09:00Z).
    private static readonly ScheduleConfig Weekly = Schedule("Europe/London", "2026-01-05T09:00", "7d", ["Alice", "Bob", "Carol"]);

    [Fact]
    public void Nobody_is_on_call_before_the_rotation_starts()
    {
        Assert.Null(Weekly.OnCallAt(Utc("2026-01-05T09:00Z") - Tick));
        Assert.Null(Weekly.OnCallAt(Utc("2025-06-01T00:00Z")));
        Assert.Null(Weekly.OnCallAt(DateTimeOffset.MinValue));
    }

    [Fact]
    public void The_first_responder_is_on_call_exactly_at_the_start()
    {
        Assert.Equal("Alice", Weekly.OnCallAt(Utc("2026-01-05T09:00Z")));
        Assert.Equal("Alice", Weekly.OnCallAt(Utc("2026-01-05T09:00Z") + Tick));
    }

    [Fact]
    public void The_hand_off_happens_exactly_at_the_shift_boundary()
    {
        var handOff = Utc("2026-01-12T09:00Z");

        Assert.Equal("Alice", Weekly.OnCallAt(handOff - Tick));
        Assert.Equal("Bob", Weekly.OnCallAt(handOff));
        Assert.Equal("Bob", Weekly.OnCallAt(handOff + Tick));
    }

    [Fact]
    public void The_rotation_wraps_back_to_the_first_responder()
    {
        Assert.Equal("Carol", Weekly.OnCallAt(Utc("2026-01-19T09:00Z")));
        Assert.Equal("Carol", Weekly.OnCallAt(Utc("2026-01-26T09:00Z") - Tick));
        Assert.Equal("Alice", Weekly.OnCallAt(Utc("2026-01-26T09:00Z")));
    }

    [Fact]
    public void An_instant_with_any_offset_means_the_same_moment()
    {
        var handOffInNewYork = new DateTimeOffset(2026, 1, 12, 4, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal("Bob", Weekly.OnCallAt(handOffInNewYork));
        Assert.Equal("Alice", Weekly.OnCallAt(handOffInNewYork - Tick));
    }

    [Fact]
    public void A_shift_knows_its_index_and_bounds()
    {
        var shift = Weekly.ShiftAt(Utc("2026-01-14T12:00Z"));

        Assert.Equal(new RotationShift(1, "Bob", Utc("2026-01-12T09:00Z"), Utc("2026-01-19T09:00Z")), shift);
    }

    [Fact]
    public void A_shift_that_spans_midnight_keeps_its_responder_through_midnight()
    {
        var nights = Schedule("Europe/London", "2026-01-10T22:00", "1d", ["Alice", "Bob"]);

        Assert.Equal("Alice", nights.OnCallAt(Utc("2026-01-11T00:00Z") - Tick));
        Assert.Equal("Alice", nights.OnCallAt(Utc("2026-01-11T00:00Z")));
        Assert.Equal("Alice", nights.OnCallAt(Utc("2026-01-11T22:00Z") - Tick));
        Assert.Equal("Bob", nights.OnCallAt(Utc("2026-01-11T22:00Z")));
    }

    [Fact]
    public void A_midnight_hand_off_happens_exactly_at_midnight()
    {
        var daily = Schedule("Europe/London", "2026-01-10T00:00", "1d", ["Alice", "Bob"]);

        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-01-11T00:00Z") - Tick));
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-01-11T00:00Z")));
    }

    [Fact]
    public void A_weekly_London_hand_off_stays_at_9_local_when_summer_time_starts()
    {
        // BST starts Sunday 29 March 2026; Monday 30 March 09:00 BST is 08:00Z. Shift 12 is Alice's.
        var handOff = Utc("2026-03-30T08:00Z");

        Assert.Equal("Carol", Weekly.OnCallAt(handOff - Tick));
        Assert.Equal("Alice", Weekly.OnCallAt(handOff));
        var shift = Weekly.ShiftAt(handOff)!;
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.FromHours(1)), shift.Start);
        Assert.Equal(TimeSpan.FromHours(1), shift.Start.Offset);
        var previous = Weekly.ShiftAt(handOff - Tick)!;
        Assert.Equal(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), previous.End - previous.Start);
    }

    [Fact]
    public void A_weekly_London_hand_off_stays_at_9_local_when_summer_time_ends()
    {
        // BST ends Sunday 25 October 2026; Monday 26 October 09:00 GMT is 09:00Z, not 08:00Z. Shift 42 is Alice's.
        var handOff = Utc("2026-10-26T09:00Z");

        Assert.Equal("Carol", Weekly.OnCallAt(Utc("2026-10-26T08:00Z")));
        Assert.Equal("Carol", Weekly.OnCallAt(handOff - Tick));
        Assert.Equal("Alice", Weekly.OnCallAt(handOff));
        var previous = Weekly.ShiftAt(handOff - Tick)!;
        Assert.Equal(TimeSpan.FromDays(7) + TimeSpan.FromHours(1), previous.End - previous.Start);
    }

    [Fact]
    public void A_daily_London_shift_across_the_autumn_change_lasts_25_hours()
    {
        var daily = Schedule("Europe/London", "2026-10-20T09:00", "1d", ["Alice", "Bob"]);

        var saturday = daily.ShiftAt(Utc("2026-10-24T12:00Z"))!;

        Assert.Equal("Alice", saturday.Responder);
        Assert.Equal(Utc("2026-10-24T08:00Z"), saturday.Start);
        Assert.Equal(Utc("2026-10-25T09:00Z"), saturday.End);
        Assert.Equal(TimeSpan.FromHours(25), saturday.End - saturday.Start);
        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-10-25T09:00Z") - Tick));
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-10-25T09:00Z")));
    }

    [Fact]
    public void A_daily_New_York_shift_across_the_spring_change_lasts_23_hours()
    {
        // EDT starts Sunday 8 March 2026: Saturday 09:00 EST is 14:00Z, Sunday 09:00 EDT is 13:00Z.
        var daily = Schedule("America/New_York", "2026-03-01T09:00", "1d", ["Alice", "Bob"]);

        var saturday = daily.ShiftAt(Utc("2026-03-07T14:00Z"))!;

        Assert.Equal("Alice", saturday.Responder);
        Assert.Equal(TimeSpan.FromHours(23), saturday.End - saturday.Start);
        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-03-08T13:00Z") - Tick));
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-03-08T13:00Z")));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 9, 0, 0, TimeSpan.FromHours(-4)), daily.ShiftAt(Utc("2026-03-08T13:00Z"))!.Start);
    }

    [Fact]
    public void A_daily_New_York_hand_off_stays_at_9_local_when_standard_time_returns()
    {
        // EST returns Sunday 1 November 2026: Saturday 09:00 EDT is 13:00Z, Sunday 09:00 EST is 14:00Z.
        var daily = Schedule("America/New_York", "2026-10-25T09:00", "1d", ["Alice", "Bob"]);

        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-10-31T13:00Z")));
        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-11-01T13:00Z")));
        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-11-01T14:00Z") - Tick));
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-11-01T14:00Z")));
    }

    [Fact]
    public void A_hand_off_time_skipped_by_spring_forward_moves_forward_by_the_gap()
    {
        // 02:30 does not exist in New York on 8 March 2026; that day's hand-off is 03:30 EDT (07:30Z).
        var daily = Schedule("America/New_York", "2026-03-01T02:30", "1d", ["Alice", "Bob"]);

        var sunday = daily.ShiftAt(Utc("2026-03-08T12:00Z"))!;

        Assert.Equal(Utc("2026-03-08T07:30Z"), sunday.Start);
        Assert.Equal(Utc("2026-03-09T06:30Z"), sunday.End);
        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-03-08T07:30Z") - Tick)); // shift 6
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-03-08T07:30Z")));          // shift 7
    }

    [Fact]
    public void A_hand_off_time_that_happens_twice_at_fall_back_uses_the_first()
    {
        // 01:30 happens twice in New York on 1 November 2026: 05:30Z (EDT) and 06:30Z (EST).
        var daily = Schedule("America/New_York", "2026-10-25T01:30", "1d", ["Alice", "Bob"]);

        Assert.Equal("Alice", daily.OnCallAt(Utc("2026-11-01T05:30Z") - Tick)); // shift 6
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-11-01T05:30Z")));          // shift 7
        Assert.Equal("Bob", daily.OnCallAt(Utc("2026-11-01T06:30Z")));          // no second hand-off
        Assert.Equal(TimeSpan.FromHours(25), daily.ShiftAt(Utc("2026-11-01T05:30Z"))!.End - Utc("2026-11-01T05:30Z"));
    }

    [Fact]
    public void A_length_in_hours_is_elapsed_time_so_its_local_hand_off_moves_across_DST()
    {
        // 12-hour shifts from 21:00 GMT on 28 March 2026: the next hand-off is 09:00Z, which is 10:00 BST.
        var halfDays = Schedule("Europe/London", "2026-03-28T21:00", "12h", ["Alice", "Bob"]);

        Assert.Equal("Alice", halfDays.OnCallAt(Utc("2026-03-29T08:00Z")));
        Assert.Equal("Alice", halfDays.OnCallAt(Utc("2026-03-29T09:00Z") - Tick));
        Assert.Equal("Bob", halfDays.OnCallAt(Utc("2026-03-29T09:00Z")));
        Assert.Equal("Alice", halfDays.OnCallAt(Utc("2026-03-29T21:00Z")));
    }

    [Fact]
    public void One_day_follows_the_local_clock_but_24_hours_does_not()
    {
        var calendar = Schedule("Europe/London", "2026-03-27T09:00", "1d", ["Alice", "Bob"]);
        var elapsed = Schedule("Europe/London", "2026-03-27T09:00", "24h", ["Alice", "Bob"]);
        var mondayAt0930Bst = Utc("2026-03-30T08:30Z");

        Assert.Equal("Bob", calendar.OnCallAt(mondayAt0930Bst));   // handed off at 09:00 BST (08:00Z)
        Assert.Equal("Alice", elapsed.OnCallAt(mondayAt0930Bst));  // hands off at 09:00Z (10:00 BST)
    }

    [Fact]
    public void A_single_responder_rotation_is_always_that_responder_after_the_start()
    {
        var solo = Schedule("UTC", "2026-01-01T00:00", "1d", ["Alice"]);

        Assert.Null(solo.OnCallAt(Utc("2026-01-01T00:00Z") - Tick));
        Assert.Equal("Alice", solo.OnCallAt(Utc("2026-01-01T00:00Z")));
        Assert.Equal("Alice", solo.OnCallAt(Utc("2031-07-15T13:45Z")));
    }

    [Theory]
    [InlineData("Europe/London", "7d")]
    [InlineData("Asia/Tokyo", "1d")]
    [InlineData("America/New_York", "12h")]
    public void The_far_future_still_has_someone_on_call(string zone, string length)
    {
        var schedule = Schedule(zone, "2026-01-05T09:00", length, ["Alice", "Bob", "Carol"]);

        Assert.NotNull(schedule.OnCallAt(DateTimeOffset.MaxValue));
        Assert.NotNull(schedule.OnCallAt(new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero)));
    }
}
