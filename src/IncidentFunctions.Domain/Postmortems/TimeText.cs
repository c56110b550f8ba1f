using System.Globalization;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>Times and durations as people read them in a post-mortem or a text message. Invariant culture, UTC.</summary>
internal static class TimeText
{
    /// <summary>Compact: "45 s", "2 min", "2 min 30 s", "1 h 5 min", "3 d 4 h". Negative spans read as zero.</summary>
    public static string Short(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{N(span.Seconds)} s";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return span.Seconds == 0 ? $"{N(span.Minutes)} min" : $"{N(span.Minutes)} min {N(span.Seconds)} s";
        }

        if (span < TimeSpan.FromDays(1))
        {
            return span.Minutes == 0 ? $"{N(span.Hours)} h" : $"{N(span.Hours)} h {N(span.Minutes)} min";
        }

        return span.Hours == 0 ? $"{N(span.Days)} d" : $"{N(span.Days)} d {N(span.Hours)} h";
    }

    /// <summary>In words, rounded down to the largest unit: "less than a minute", "1 minute", "5 hours", "3 days".</summary>
    public static string Words(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return Plural((int)span.TotalMinutes, "minute");
        }

        return span < TimeSpan.FromDays(1) ? Plural((int)span.TotalHours, "hour") : Plural((int)span.TotalDays, "day");
    }

    /// <summary>"2025-03-01 10:02:15 UTC".</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>"2025-03-01".</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{N(count)} {noun}s";

    public static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static TimeSpan NotNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
