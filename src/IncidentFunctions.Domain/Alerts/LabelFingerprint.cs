using System.Globalization;
using System.Text;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Alertmanager's alert fingerprint (prometheus/common <c>model.LabelSet.Fingerprint</c>): FNV-1a 64 over the labels
/// sorted by name, each as name, 0xFF, value, 0xFF; printed as 16 lowercase hex digits. Computing it for bodies from
/// Alertmanagers older than 0.19 (which sent no fingerprint) keeps their dedup keys equal to newer ones.
/// </summary>
public static class LabelFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const byte Separator = 0xFF;

    public static string Compute(IEnumerable<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);

        // Go sorts the names as UTF-8 bytes; UTF-16 ordinal order differs above U+FFFF, so sort the encoded bytes.
        var encoded = labels
            .Select(l => (Name: Encoding.UTF8.GetBytes(l.Key), Value: Encoding.UTF8.GetBytes(l.Value)))
            .OrderBy(l => l.Name, ByteOrder.Instance)
            .ToList();

        var hash = OffsetBasis;
        foreach (var (name, value) in encoded)
        {
            hash = Add(hash, name);
            hash = Add(hash, Separator);
            hash = Add(hash, value);
            hash = Add(hash, Separator);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = Add(hash, b);
        }

        return hash;
    }

    private static ulong Add(ulong hash, byte b) => (hash ^ b) * Prime;

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
