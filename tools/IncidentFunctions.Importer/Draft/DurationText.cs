using System.Globalization;
using System.Text;

namespace IncidentFunctions.Importer.Draft;

/// <summary>Lengths written the way config/incidents.json writes them: "7d", "1h30m", "45s".</summary>
public static class DurationText
{
    /// <summary>
    /// Whole days as "Nd" (a schedule counts those in local calendar days, as both vendors hand off at the same
    /// local time across DST changes); anything else as hours, minutes and seconds of elapsed time.
    /// </summary>
    public static string Of(TimeSpan length)
    {
        if (length > TimeSpan.Zero && length.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)length.TotalDays}d");
        }

        var text = new StringBuilder();
        var hours = (long)length.TotalHours;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (length.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{length.Minutes}m");
        }

        if (length.Seconds > 0 || text.Length == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{length.Seconds}s");
        }

        return text.ToString();
    }
}
