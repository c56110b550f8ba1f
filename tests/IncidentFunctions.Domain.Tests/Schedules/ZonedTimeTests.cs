using IncidentFunctions.Domain.Schedules;

namespace IncidentFunctions.Domain.Tests.Schedules;

public class ZonedTimeTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void An_ordinary_local_time_maps_to_its_instant_with_the_zones_offset()
    {
        var instant = ZonedTime.ToInstant(new DateTime(2026, 7, 1, 9, 0, 0), London);

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(1)), instant);
        Assert.Equal(TimeSpan.FromHours(1), instant.Offset);
    }

    [Fact]
    public void A_local_time_in_the_spring_forward_gap_moves_forward_by_the_gap()
    {
        // London skips 01:00–02:00 on 29 March 2026: 01:30 becomes 02:30 BST (01:30Z).
        var instant = ZonedTime.ToInstant(new DateTime(2026, 3, 29, 1, 30, 0), London);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(1)), instant);
    }

    [Fact]
    public void A_local_time_that_happens_twice_resolves_to_the_first_occurrence()
    {
        // London repeats 01:00–02:00 on 25 October 2026: 01:30 BST (00:30Z) comes before 01:30 GMT.
        var instant = ZonedTime.ToInstant(new DateTime(2026, 10, 25, 1, 30, 0), London);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void The_kind_of_the_local_time_is_ignored()
    {
        var local = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero), ZonedTime.ToInstant(local, NewYork));
    }
}
