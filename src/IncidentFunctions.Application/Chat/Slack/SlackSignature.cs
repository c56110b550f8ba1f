using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>
/// Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack): X-Slack-Signature is "v0=" and
/// the hex HMAC-SHA256, keyed by the app's signing secret, of "v0:{X-Slack-Request-Timestamp}:{raw body}". A request is
/// believed only when that matches (compared in constant time) and its timestamp is within five minutes of now, so a
/// captured request cannot be replayed later.
/// </summary>
public static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>How far a request's timestamp may be from now, either way.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>The header value Slack would send for <paramref name="body"/> at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }

    /// <summary>Why the request is not Slack's, or null when it is.</summary>
    public static SlackSignatureProblem? Check(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return SlackSignatureProblem.Missing;
        }

        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SlackSignatureProblem.Stale;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > MaxAge)
        {
            return SlackSignatureProblem.Stale;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : SlackSignatureProblem.Wrong;
    }
}

public enum SlackSignatureProblem
{
    /// <summary>No signature or timestamp header.</summary>
    Missing,
    /// <summary>A timestamp that is not a number, or more than <see cref="SlackSignature.MaxAge"/> from now.</summary>
    Stale,
    /// <summary>A signature that is not the app's for this body and timestamp.</summary>
    Wrong,
}
