using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Testing;

/// <summary>
/// Signs requests the way Slack signs what it sends to the app (slash commands, interactivity, events):
/// X-Slack-Request-Timestamp (Unix seconds) and X-Slack-Signature "v0=" + lowercase hex HMAC-SHA256(secret, "v0:{ts}:{body}").
/// Written from Slack's documentation, independently of src/ (SlackSignature.cs), so that tests check that code rather than echo it.
/// </summary>
public static class SlackRequestSigner
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>The signature of <paramref name="body"/> (its bytes exactly as sent) at <paramref name="timestamp"/>.</summary>
    public static string Sign(byte[] body, string timestamp, string secret)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>The signature of a UTF-8 text body.</summary>
    public static string Sign(string body, string timestamp, string secret) => Sign(Encoding.UTF8.GetBytes(body), timestamp, secret);

    /// <summary>Unix seconds as Slack writes them in the timestamp header.</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds both headers to <paramref name="request"/>, signing its content as it will be sent (read into a buffer first,
    /// so the bytes signed are the bytes sent). A request without content is signed over the empty body.
    /// </summary>
    public static async Task SignAsync(HttpRequestMessage request, string secret, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var timestamp = Timestamp(at);
        request.Headers.Remove(TimestampHeader);
        request.Headers.Remove(SignatureHeader);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(body, timestamp, secret));
    }
}
