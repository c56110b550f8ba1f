namespace IncidentFunctions.Importer.Draft;

/// <summary>Instants from the exports as the local date-times a rotation's "start" is written in.</summary>
public static class LocalTime
{
    /// <summary>The zone, or null when this machine does not know the id (the loader will then say so too).</summary>
    public static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The wall-clock time in <paramref name="zone"/> at <paramref name="instant"/>; UTC when the zone is unknown.</summary>
    public static DateTime In(DateTimeOffset instant, TimeZoneInfo? zone) =>
        DateTime.SpecifyKind((zone is null ? instant.ToUniversalTime() : TimeZoneInfo.ConvertTime(instant, zone)).DateTime, DateTimeKind.Unspecified);
}
