using System.Globalization;
using System.Text;

namespace IncidentFunctions.Domain.Maintenance;

/// <summary>
/// Window ids: safe in URLs, table keys and orchestration instance ids (lower-case letters, digits, '-').
/// </summary>
public static class MaintenanceWindowIds
{
    public const int MaxLength = 80;

    /// <summary>The window's orchestration: its start and end timers and an early end.</summary>
    public static string InstanceId(string windowId) => "maintenance-" + windowId;

    /// <summary>An API window: "mw-" and 12 random hex digits (the caller passes the randomness; the domain reads no clock or RNG).</summary>
    public static string ForApi(Guid random) => "mw-" + random.ToString("N")[..12];

    /// <summary>
    /// An occurrence of a configured window: "cfg-", the name as a slug, and the start in UTC, e.g.
    /// "cfg-sunday-db-patching-20261213t0200z". Deterministic, so materialising the same occurrence twice finds it.
    /// </summary>
    public static string ForOccurrence(string name, DateTimeOffset start)
    {
        var slug = Slug(name);
        var stamp = start.UtcDateTime.ToString("yyyyMMdd't'HHmm'z'", CultureInfo.InvariantCulture);
        var room = MaxLength - "cfg-".Length - stamp.Length - 1;
        return $"cfg-{(slug.Length > room ? slug[..room] : slug)}-{stamp}";
    }

    /// <summary>Whether <paramref name="id"/> could be a window id at all (checked before any lookup).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static string Slug(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "window" : slug;
    }
}
