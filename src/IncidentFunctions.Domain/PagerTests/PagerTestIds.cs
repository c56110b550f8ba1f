using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.PagerTests;

/// <summary>
/// A test's id: "m" (asked for) or "h" (a hand-off), the start's UTC ticks, and eight hex digits. Safe in a URL path, a
/// query and a table key as it is, so it is never escaped.
/// </summary>
public static partial class PagerTestIds
{
    /// <summary>An asked-for test: <paramref name="nonce"/> (random, from the caller) keeps two in one tick apart.</summary>
    public static string Manual(DateTimeOffset at, uint nonce) =>
        "m" + at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "-" + nonce.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>
    /// The test of one hand-off of one schedule: the same for every run that sees that hand-off, so however many timers
    /// notice it, it is one test (the store inserts it once).
    /// </summary>
    public static string Handoff(string schedule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(schedule.ToLowerInvariant()));
        return "h" + at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(hash, 0, 4);
    }

    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^[mh][0-9]{1,19}-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
