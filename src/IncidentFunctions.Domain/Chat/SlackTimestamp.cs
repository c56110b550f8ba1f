using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Chat;

/// <summary>
/// Slack's "ts": Unix seconds and six digits of microseconds ("1765000000.000100"), a message's id within its channel
/// and the time it was posted. A message's timeline entry is timed by it, so every delivery of the message writes the
/// same entry.
/// </summary>
public static partial class SlackTimestamp
{
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static bool TryParse(string? ts, out DateTimeOffset at)
    {
        at = default;
        var match = ts is null ? null : Pattern().Match(ts);
        if (match is not { Success: true }
            || !long.TryParse(match.Groups["seconds"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > MaxSeconds)
        {
            return false;
        }

        var micros = match.Groups["micros"].Success ? int.Parse(match.Groups["micros"].Value.PadRight(6, '0'), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L);
        return true;
    }

    [GeneratedRegex(@"^(?<seconds>[0-9]{1,12})(\.(?<micros>[0-9]{1,6}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
