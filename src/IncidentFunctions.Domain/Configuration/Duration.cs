using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// A length of time as written in the configuration: "30s", "5m", "1h30m", "7d", or ISO 8601 "PT5M", "P7D", "P1W".
/// Days are kept apart from the clock part because a schedule treats them differently:
/// "1d" is one calendar day in the schedule's local time (23 or 25 hours across a DST change),
/// while "24h" is always exactly 24 elapsed hours. Everywhere else (tier delays) the two are the same.
/// </summary>
/// <param name="Days">Whole calendar days ("d" units, ISO "D" and "W").</param>
/// <param name="Time">The hours, minutes and seconds part; always elapsed time.</param>
public readonly partial record struct Duration(int Days, TimeSpan Time)
{
    public static readonly Duration Zero = new(0, TimeSpan.Zero);

    /// <summary>The length as elapsed time, counting each day as 24 hours.</summary>
    public TimeSpan TotalTime => TimeSpan.FromDays(Days) + Time;

    /// <summary>True for whole calendar days and nothing else ("1d", "7d", "P1W"), which schedules count in local days.</summary>
    public bool IsWholeDays => Days > 0 && Time == TimeSpan.Zero;

    public bool IsPositive => Days > 0 || Time > TimeSpan.Zero;

    public static Duration FromDays(int days) => new(days, TimeSpan.Zero);

    public static Duration FromTime(TimeSpan time) => new(0, time);

    /// <summary>Parses or throws <see cref="FormatException"/> with the same message <see cref="TryParse"/> gives.</summary>
    public static Duration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    /// <summary>Parses "1d2h3m4s" (each unit optional, in that order, at least one) or ISO 8601 "P1W2DT3H4M5S".</summary>
    /// <param name="error">Why the text is not a duration; null on success.</param>
    public static bool TryParse(string? text, out Duration duration, out string? error)
    {
        duration = Zero;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "must be a duration like \"30s\", \"5m\", \"1h30m\" or \"7d\", not empty";
            return false;
        }

        long weeks = 0, days, hours, minutes, seconds;
        var shortForm = ShortForm().Match(trimmed);
        if (shortForm.Success)
        {
            days = Number(shortForm.Groups["d"]);
            hours = Number(shortForm.Groups["h"]);
            minutes = Number(shortForm.Groups["m"]);
            seconds = Number(shortForm.Groups["s"]);
        }
        else
        {
            var iso = IsoForm().Match(trimmed);
            if (!iso.Success || trimmed.EndsWith('T') || trimmed.EndsWith('t'))
            {
                error = IsoYearsOrMonths().IsMatch(trimmed)
                    ? $"'{trimmed}' uses years or months, which have no fixed length; use days (\"30d\") instead"
                    : $"'{trimmed}' is not a duration; write it like \"30s\", \"5m\", \"1h30m\", \"7d\" or ISO 8601 \"PT5M\"";
                return false;
            }

            weeks = Number(iso.Groups["w"]);
            days = Number(iso.Groups["d"]);
            hours = Number(iso.Groups["h"]);
            minutes = Number(iso.Groups["m"]);
            seconds = Number(iso.Groups["s"]);
        }

        try
        {
            var totalDays = checked((weeks * 7) + days);
            var timeTicks = checked((hours * TimeSpan.TicksPerHour) + (minutes * TimeSpan.TicksPerMinute) + (seconds * TimeSpan.TicksPerSecond));
            if (totalDays > MaxDays || timeTicks > MaxDays * TimeSpan.TicksPerDay || weeks < 0 || days < 0 || hours < 0 || minutes < 0 || seconds < 0)
            {
                throw new OverflowException();
            }

            duration = new Duration((int)totalDays, TimeSpan.FromTicks(timeTicks));
            return true;
        }
        catch (OverflowException)
        {
            error = $"'{trimmed}' is too long; the longest duration is {MaxDays} days";
            return false;
        }
    }

    /// <summary>The canonical short form: "7d", "1h30m", "1d12h", "0s".</summary>
    public override string ToString()
    {
        if (!IsPositive)
        {
            return "0s";
        }

        var text = new StringBuilder();
        Append(text, Days, 'd');
        var time = Time;
        Append(text, (long)Math.Floor(time.TotalHours), 'h');
        Append(text, time.Minutes, 'm');
        Append(text, time.Seconds, 's');
        if (time.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            // Only reachable for values built in code, never parsed ones.
            return Days == 0 ? time.ToString("c", CultureInfo.InvariantCulture) : $"{Days}d+{time.ToString("c", CultureInfo.InvariantCulture)}";
        }

        return text.ToString();

        static void Append(StringBuilder text, long value, char unit)
        {
            if (value != 0)
            {
                text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
    }

    /// <summary>About 100 years: far beyond any sensible delay or shift, well inside <see cref="TimeSpan"/>.</summary>
    private const long MaxDays = 36_600;

    private static long Number(Group group) =>
        !group.Success ? 0 : long.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;

    [GeneratedRegex(@"^(?=[0-9])(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();

    [GeneratedRegex(@"^P(?=[0-9]|T[0-9])(?:(?<w>[0-9]+)W)?(?:(?<d>[0-9]+)D)?(?:T(?:(?<h>[0-9]+)H)?(?:(?<m>[0-9]+)M)?(?:(?<s>[0-9]+)S)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoForm();

    /// <summary>ISO 8601 with years or months ("P1M", "P1Y2D"): valid ISO, but not a fixed length.</summary>
    [GeneratedRegex(@"^P[^T]*[YM]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsoYearsOrMonths();
}
