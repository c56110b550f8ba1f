using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Domain.Identity;

/// <summary>What checking a presented token found.</summary>
public enum ApiTokenCheck
{
    Valid,

    /// <summary>Not this token's secret (or no such token): nothing says which, to a guesser.</summary>
    Wrong,
    Expired,
    Revoked,
}

/// <summary>
/// A personal API token: the calls made with it are recorded as its owner, with at most its role. The secret is shown
/// once when made and only its SHA-256 kept (it is 256 random bits, so no salt or stretching is needed to make the
/// stored hash useless to a reader); the id in front of it finds the row without a scan.
/// </summary>
/// <param name="Id">Public, in the token's text ("ift_{id}_{secret}") and in the list of tokens.</param>
/// <param name="Owner">The responder it acts as.</param>
/// <param name="Label">What the owner called it ("grafana on my laptop").</param>
public sealed record ApiToken(string Id, string Owner, string Label, AccessRole Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, byte[] Hash)
{
    public const string Prefix = "ift_";
    public const int MaxLabelLength = 100;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <summary>A new token: the record to keep and the text to show once (never stored).</summary>
    public static (ApiToken Token, string Text) Issue(string owner, string label, AccessRole role, TimeSpan lifetime, DateTimeOffset now)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"a token lives more than nothing and at most {MaxLifetime.TotalDays} days");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (new ApiToken(id, owner, label, role, now, now + lifetime, HashOf(secret)), $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id and secret of a token's text, or null when it is not shaped like one.</summary>
    public static (string Id, string Secret)? Parse(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore != 16 || rest.Length != 16 + 1 + 64)
        {
            return null;
        }

        var id = rest[..underscore].ToString();
        var secret = rest[(underscore + 1)..].ToString();
        return IsHex(id) && IsHex(secret) ? (id, secret) : null;
    }

    public ApiTokenCheck Check(string secret, DateTimeOffset now)
    {
        if (!CryptographicOperations.FixedTimeEquals(HashOf(secret), Hash))
        {
            return ApiTokenCheck.Wrong;
        }

        return RevokedAt is not null ? ApiTokenCheck.Revoked
            : now >= ExpiresAt ? ApiTokenCheck.Expired
            : ApiTokenCheck.Valid;
    }

    private static byte[] HashOf(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
