using System.Globalization;
using IncidentFunctions.Domain.Maintenance;

namespace IncidentFunctions.Domain.Tests.Maintenance;

/// <summary>Recurring windows turned into instants, at the exact edges: DST gaps and overlaps in London and New York, midnight.</summary>
public class WeeklyRecurrenceTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static WeeklyRecurrence Sundays(string start, string end, TimeZoneInfo zone) =>
        new(new HashSet<DayOfWeek> { DayOfWeek.Sunday }, TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture), zone);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Every_sunday_0200_to_0300_London_in_winter_and_summer_follows_the_local_clock()
    {
        var occurrences = Sundays("02:00", "03:00", London).Occurrences(Utc("2026-01-01T00:00:00Z"), Utc("2026-01-12T00:00:00Z"));

        Assert.Equal([(Utc("2026-01-04T02:00:00Z"), Utc("2026-01-04T03:00:00Z")), (Utc("2026-01-11T02:00:00Z"), Utc("2026-01-11T03:00:00Z"))], occurrences);

        var summer = Sundays("02:00", "03:00", London).Occurrences(Utc("2026-07-01T00:00:00Z"), Utc("2026-07-06T00:00:00Z"));
        Assert.Equal([(Utc("2026-07-05T01:00:00Z"), Utc("2026-07-05T02:00:00Z"))], summer);
    }

    [Fact]
    public void A_London_start_skipped_by_spring_forward_starts_at_the_first_instant_after_the_gap()
    {
        // 29 March 2026: clocks go from 01:00 GMT to 02:00 BST; 01:30 does not exist.
        var occurrence = Assert.Single(Sundays("01:30", "03:00", London).Occurrences(Utc("2026-03-29T00:00:00Z"), Utc("2026-03-30T00:00:00Z")));

        Assert.Equal(Utc("2026-03-29T01:00:00Z"), occurrence.Start); // 02:00 BST, not 02:30 BST
        Assert.Equal(Utc("2026-03-29T02:00:00Z"), occurrence.End);   // 03:00 BST
    }

    [Fact]
    public void A_New_York_start_skipped_by_spring_forward_starts_at_the_first_instant_after_the_gap()
    {
        // 8 March 2026: 02:00 EST jumps to 03:00 EDT; 02:15 does not exist.
        var occurrence = Assert.Single(Sundays("02:15", "04:00", NewYork).Occurrences(Utc("2026-03-08T00:00:00Z"), Utc("2026-03-09T00:00:00Z")));

        Assert.Equal(Utc("2026-03-08T07:00:00Z"), occurrence.Start); // 03:00 EDT
        Assert.Equal(Utc("2026-03-08T08:00:00Z"), occurrence.End);   // 04:00 EDT
    }

    [Fact]
    public void A_window_entirely_inside_the_gap_does_not_happen_that_day()
    {
        Assert.Empty(Sundays("02:10", "02:50", NewYork).Occurrences(Utc("2026-03-08T00:00:00Z"), Utc("2026-03-09T00:00:00Z")));
    }

    [Fact]
    public void An_ambiguous_London_start_on_fall_back_means_its_first_occurrence()
    {
        // 25 October 2026: 02:00 BST goes back to 01:00 GMT; 01:30 happens twice.
        var occurrence = Assert.Single(Sundays("01:30", "02:30", London).Occurrences(Utc("2026-10-25T00:00:00Z"), Utc("2026-10-26T00:00:00Z")));

        Assert.Equal(Utc("2026-10-25T00:30:00Z"), occurrence.Start); // 01:30 BST, the first
        Assert.Equal(Utc("2026-10-25T02:30:00Z"), occurrence.End);   // 02:30 GMT: two hours that day
    }

    [Fact]
    public void An_ambiguous_New_York_start_on_fall_back_means_its_first_occurrence()
    {
        // 1 November 2026: 02:00 EDT goes back to 01:00 EST; 01:00–01:59 happen twice.
        var occurrence = Assert.Single(Sundays("01:00", "01:45", NewYork).Occurrences(Utc("2026-11-01T00:00:00Z"), Utc("2026-11-02T00:00:00Z")));

        Assert.Equal(Utc("2026-11-01T05:00:00Z"), occurrence.Start); // 01:00 EDT
        Assert.Equal(Utc("2026-11-01T05:45:00Z"), occurrence.End);   // 01:45 EDT, also the first
    }

    [Fact]
    public void A_window_crossing_midnight_ends_the_next_day_and_is_found_from_inside_it()
    {
        var saturdayNights = new WeeklyRecurrence(new HashSet<DayOfWeek> { DayOfWeek.Saturday }, new TimeOnly(23, 0), new TimeOnly(1, 0), London);

        // Asked from 00:30 on Sunday: the occurrence that began on Saturday is still running.
        var occurrence = Assert.Single(saturdayNights.Occurrences(Utc("2026-01-11T00:30:00Z"), Utc("2026-01-11T12:00:00Z")));

        Assert.Equal((Utc("2026-01-10T23:00:00Z"), Utc("2026-01-11T01:00:00Z")), occurrence);
        Assert.True(saturdayNights.CrossesMidnight);
        Assert.Equal(TimeSpan.FromHours(2), saturdayNights.LocalLength);
    }

    [Fact]
    public void An_occurrence_ended_exactly_at_from_is_not_listed_and_one_starting_exactly_at_until_is_not_either()
    {
        var sundays = Sundays("02:00", "03:00", London);

        Assert.Empty(sundays.Occurrences(Utc("2026-01-04T03:00:00Z"), Utc("2026-01-11T02:00:00Z")));
        Assert.Single(sundays.Occurrences(Utc("2026-01-04T02:59:59Z"), Utc("2026-01-11T02:00:00Z")));
    }

    [Fact]
    public void Occurrence_ids_are_deterministic_from_name_and_start()
    {
        var config = new RecurringWindowConfig("Sunday DB patching!", ["checkout"], LabelMatchers.All, "patching", Sundays("02:00", "03:00", London));
        var a = config.Occurrence(Utc("2026-01-04T02:00:00Z"), Utc("2026-01-04T03:00:00Z"), Utc("2026-01-03T00:00:00Z"));
        var b = config.Occurrence(Utc("2026-01-04T02:00:00Z"), Utc("2026-01-04T03:00:00Z"), Utc("2026-01-03T12:00:00Z"));

        Assert.Equal("cfg-sunday-db-patching-20260104t0200z", a.Id);
        Assert.Equal(a.Id, b.Id);
        Assert.True(MaintenanceWindowIds.IsWellFormed(a.Id));
        Assert.Equal("configuration", a.CreatedBy);
    }
}
