using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Application.Storage;

/// <summary>How any text becomes a partition or row key, shared by every store so one string keys the same everywhere.</summary>
public static class StorageKeys
{
    /// <summary>Row/partition keys may not hold / \ # ? or control characters; escape them reversibly enough to stay unique.</summary>
    internal static string KeyFor(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        var key = sb.ToString();
        return key.Length <= 200 ? key : HashKey(key);
    }

    /// <summary>Dedup keys are arbitrary source strings; their hash is a safe, bounded row key.</summary>
    public static string HashKey(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A row key that sorts by time: UTC ticks, zero-padded, then what makes it unique at that instant.</summary>
    internal static string TimeRowKey(DateTimeOffset at, string suffix) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + suffix;

    // Table properties cap at 64 KiB; a source's huge annotation must not make the whole row unstorable.
    internal static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
