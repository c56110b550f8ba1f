namespace IncidentFunctions.Domain.Maintenance;

/// <summary>The rules a window's times must meet, whoever creates it; each problem names the field to fix.</summary>
public static class MaintenanceLimits
{
    /// <summary>
    /// How far in the past a start may be: a request typed or queued for a few seconds should still be taken, but a
    /// window cannot be opened over alerts that already paged.
    /// </summary>
    public static readonly TimeSpan PastStartTolerance = TimeSpan.FromMinutes(1);

    /// <summary>The first problem with <paramref name="start"/>–<paramref name="end"/> as (field, problem), or null.</summary>
    public static (string Field, string Problem)? Check(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, TimeSpan maxDuration)
    {
        if (start < now - PastStartTolerance)
        {
            return ("start", $"'start' is more than {PastStartTolerance.TotalMinutes:0} minute in the past; leave it out to start now");
        }

        if (end <= start)
        {
            return ("end", "'end' must be after 'start'");
        }

        if (end - start > maxDuration)
        {
            return ("end", $"'end' makes the window longer than the {Describe(maxDuration)} maintenance.maxDuration allows");
        }

        return null;
    }

    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} day(s)"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} hour(s)"
        : $"{span.TotalMinutes:0.#} minute(s)";
}
