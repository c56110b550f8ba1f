using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// A dedup key for alerts whose source gives none: the same text always yields the same key, on any machine and
/// in any process (unlike <see cref="string.GetHashCode()"/>).
/// </summary>
internal static class StableHash
{
    public static string Of(params string?[] parts)
    {
        using var buffer = new MemoryStream();
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part ?? "");
            buffer.Write(bytes);
            // 0xFF never occurs in UTF-8, so ("ab", "c") and ("a", "bc") hash differently.
            buffer.WriteByte(0xFF);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()), 0, 16);
    }
}
