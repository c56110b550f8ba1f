using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>Timestamps as the source formats write them.</summary>
internal static partial class AlertTime
{
    /// <summary>
    /// RFC 3339 plus the ISO 8601 variants seen in the wild: Go's nanosecond fractions (more digits than .NET's 7),
    /// PagerDuty's "+0000" offset without a colon, and Azure's zone-less UTC (service health firedDateTime).
    /// A zone-less time is taken as UTC because Azure documents every essentials time as UTC.
    /// Go's zero time ("0001-01-01T00:00:00Z", Alertmanager's "not set") becomes null.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset? value)
    {
        value = null;
        var match = Iso8601().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        fraction = fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0');
        var zone = match.Groups["zone"].Value;
        zone = zone switch
        {
            "" or "Z" or "z" => "+00:00",
            { Length: 3 } => zone + ":00",
            { Length: 5 } => $"{zone[..3]}:{zone[3..]}",
            _ => zone,
        };

        var normalised = $"{match.Groups["date"].Value}T{match.Groups["time"].Value}.{fraction}{zone}";
        if (!DateTimeOffset.TryParseExact(normalised, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        value = parsed.UtcTicks == 0 ? null : parsed;
        return true;
    }

    /// <summary>An optional time property that, when present, must be a string in a format <see cref="TryParse"/> reads.</summary>
    public static DateTimeOffset? Read(JsonElement obj, string name, string path)
    {
        var text = Json.OptionalString(obj, name, path);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TryParse(text, out var value)
            ? value
            : throw new AlertFieldException(Json.Path(path, name), $"'{Shorten(text)}' is not an RFC 3339 time such as 2024-05-01T12:00:00Z");
    }

    /// <summary>
    /// Unix epoch time as text: milliseconds (Datadog's $DATE), or seconds when the number is too small to be
    /// a millisecond time after 1973; else an ISO 8601 time; else null.
    /// </summary>
    public static DateTimeOffset? FromEpochOrIso(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            var ms = Math.Abs(number) < 100_000_000_000L ? number * 1000 : number;
            return ms is >= 0 and <= MaxUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }

        return TryParse(text, out var value) ? value : null;
    }

    private const long MaxUnixMilliseconds = 253_402_300_799_999L;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[Tt ](?<time>\d{2}:\d{2}:\d{2})(?:[.,](?<fraction>\d+))?(?<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Iso8601();
}
