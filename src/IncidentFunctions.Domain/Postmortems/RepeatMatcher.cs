namespace IncidentFunctions.Domain.Postmortems;

/// <summary>A resolved incident, as far as repeat matching needs to know it.</summary>
/// <param name="NormalizedTitle">The title after <see cref="TitleNormalizer.Normalize"/>.</param>
/// <param name="OpenActionItems">Titles of its post-mortem action items not yet done.</param>
public sealed record PastIncident(
    long Number, string Service, string DedupKey, string NormalizedTitle, DateTimeOffset ResolvedAt, IReadOnlyList<string> OpenActionItems);

/// <summary>Finds earlier incidents that a new one repeats: the same problem on the same service, resolved recently.</summary>
public static class RepeatMatcher
{
    /// <summary>
    /// Past incidents of the same service (names compared ignoring case, as in the configuration) with the same
    /// dedup key or the same normalised title, resolved within <paramref name="window"/> before
    /// <paramref name="openedAt"/> (both ends included), most recently resolved first.
    /// A blank key or title matches nothing, so two incidents without keys are not repeats of each other.
    /// </summary>
    public static IReadOnlyList<PastIncident> FindRepeats(
        string service, string dedupKey, string title, DateTimeOffset openedAt, TimeSpan window, IEnumerable<PastIncident> resolved)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        var normalizedTitle = TitleNormalizer.Normalize(title ?? "");
        var earliest = openedAt - window;

        return
        [
            .. resolved
                .Where(p => string.Equals(p.Service, service, StringComparison.OrdinalIgnoreCase))
                .Where(p => p.ResolvedAt <= openedAt && p.ResolvedAt >= earliest)
                .Where(p => Same(p.DedupKey, dedupKey) || Same(p.NormalizedTitle, normalizedTitle))
                .OrderByDescending(p => p.ResolvedAt)
                .ThenByDescending(p => p.Number),
        ];

        static bool Same(string? a, string? b) => !string.IsNullOrWhiteSpace(a) && string.Equals(a, b, StringComparison.Ordinal);
    }

    /// <summary>"Repeat of INC 17, 3 days ago" (also "less than a minute ago", "1 minute ago", "5 hours ago").</summary>
    public static string Describe(PastIncident past, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(past);
        return $"Repeat of INC {TimeText.N(past.Number)}, {TimeText.Words(TimeText.NotNegative(now - past.ResolvedAt))} ago";
    }
}
