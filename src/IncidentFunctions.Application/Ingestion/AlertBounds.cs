using System.Text.Json;
using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Ingestion;

/// <summary>
/// Cuts an accepted alert down to what its rows can hold before anything is written. A table property holds 64 KiB
/// and a source may send a 500 KB summary: stored as sent, the incident row failed after its number and dedup claim
/// were taken (a 500 with the incident half-opened), and labels cut mid-JSON could no longer be read back.
/// </summary>
internal static class AlertBounds
{
    public const int MaxTitle = 1024;
    public const int MaxDedupKey = 1024;
    public const int MaxDescription = 8192;
    public const int MaxSource = 1024;
    public const int MaxLabelName = 256;
    public const int MaxLabelValue = 1024;

    /// <summary>Stored labels and links are JSON in one property each; these keep that JSON well under 30 000 characters.</summary>
    public const int MaxLabelsJson = 24_000;
    public const int MaxLinks = 20;
    public const int MaxHref = 2048;

    public static NormalizedAlert Bound(NormalizedAlert alert)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var size = 2;
        foreach (var (name, value) in alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var (n, v) = (Clip(name, MaxLabelName), Clip(value, MaxLabelValue));
            // Measured as stored (escapes included), so a label of emoji counts at its stored size.
            var entry = JsonSerializer.Serialize(n).Length + JsonSerializer.Serialize(v).Length + 2;
            if (size + entry > MaxLabelsJson || labels.ContainsKey(n))
            {
                continue;
            }

            labels[n] = v;
            size += entry;
        }

        return alert with
        {
            Title = Clip(alert.Title, MaxTitle),
            // A long key keeps deduplicating: the same long key always becomes the same short one.
            DedupKey = alert.DedupKey.Length <= MaxDedupKey ? alert.DedupKey : "sha256:" + StorageKeys.HashKey(alert.DedupKey),
            Description = alert.Description is null ? null : Clip(alert.Description, MaxDescription),
            Source = alert.Source is null ? null : Clip(alert.Source, MaxSource),
            SourceSeverity = alert.SourceSeverity is null ? null : Clip(alert.SourceSeverity, 64),
            Labels = labels,
            Links = alert.Links.Where(l => l.Href.Length <= MaxHref).Take(MaxLinks)
                .Select(l => l with { Text = l.Text is null ? null : Clip(l.Text, 200) }).ToList(),
        };
    }

    /// <summary>At most <paramref name="max"/> characters, never ending in half a surrogate pair, "…" marking a cut.</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
