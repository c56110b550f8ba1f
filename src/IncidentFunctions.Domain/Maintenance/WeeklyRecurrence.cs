namespace IncidentFunctions.Domain.Maintenance;

/// <summary>
/// "Every Sunday 02:00–03:00 Europe/London": days of the week, a local start and end time, and an IANA time zone. An
/// end at or before the start crosses midnight (Saturday 23:00–01:00 ends on Sunday). Local times are turned into
/// instants with two fixed rules for the days clocks change:
/// <list type="bullet">
/// <item>a local time that does not exist (skipped by a spring-forward gap, e.g. 01:30 in London on the last Sunday of
/// March) means the first valid instant after the gap (02:00 BST, which is 01:00 UTC): the window starts as soon as
/// the clock allows, and it is never silently shifted by the gap's length;</item>
/// <item>a local time that happens twice (fall-back, e.g. 01:30 in New York on the first Sunday of November) means its
/// first occurrence (01:30 EDT), so a window never starts an hour late.</item>
/// </list>
/// An occurrence whose end, after those rules, is not after its start (a whole window inside a gap) does not happen.
/// </summary>
public sealed record WeeklyRecurrence(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    /// <summary>Crosses midnight when the end is not after the start.</summary>
    public bool CrossesMidnight => End <= Start;

    /// <summary>The local length, ignoring DST: what the configuration limits are checked against.</summary>
    public TimeSpan LocalLength => CrossesMidnight ? TimeSpan.FromDays(1) - (Start - End) : End - Start;

    /// <summary>
    /// Every occurrence that has not ended by <paramref name="from"/> and starts before <paramref name="until"/>, in
    /// start order. Occurrences are named by their local start day, so one crossing midnight into
    /// <paramref name="from"/>'s day is found too.
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(DateTimeOffset from, DateTimeOffset until)
    {
        var list = new List<(DateTimeOffset, DateTimeOffset)>();
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, Zone).DateTime).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(until, Zone).DateTime);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if (!Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var start = ToInstant(day.ToDateTime(Start), Zone);
            var end = ToInstant((CrossesMidnight ? day.AddDays(1) : day).ToDateTime(End), Zone);
            if (end > start && end > from && start < until)
            {
                list.Add((start, end));
            }
        }

        return list;
    }

    /// <summary>
    /// The instant clocks in <paramref name="zone"/> show <paramref name="local"/>, by the rules above. (Schedules'
    /// ZonedTime moves a skipped time forward by the gap instead; a maintenance window should start at the gap's end.)
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            // Walk to the gap's end on whole minutes (every zone's transitions are on minutes): the first valid local
            // time after the gap is the transition instant itself.
            var after = wall;
            while (zone.IsInvalidTime(after))
            {
                after = after.AddMinutes(1);
            }

            wall = new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, DateTimeKind.Unspecified);
        }

        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(wall - offset, TimeSpan.Zero), zone);
    }
}
