namespace IncidentFunctions.Domain.Schedules;

/// <summary>Turns a local wall-clock time in a zone into an instant, with fixed rules for the two DST edge cases.</summary>
public static class ZonedTime
{
    /// <summary>
    /// The instant at which clocks in <paramref name="zone"/> show <paramref name="local"/>.
    /// A time skipped by a spring-forward gap (e.g. 01:30 in London on the last Sunday of March) moves forward by the gap
    /// (to 02:30 BST); a time that happens twice at fall-back resolves to its first occurrence (the daylight-time one).
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(wall))
        {
            // The offset in force before the gap: the instant it gives is as far past the gap as the wall time was into it.
            offset = zone.GetUtcOffset(wall.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(wall))
        {
            offset = zone.GetAmbiguousTimeOffsets(wall).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(wall);
        }

        // Expressed in the zone's own offset at that instant, so it reads naturally ("09:00+01:00").
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(wall - offset, TimeSpan.Zero), zone);
    }
}
