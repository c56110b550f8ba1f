using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications.Email;

namespace IncidentFunctions.Application.PagerTests;

/// <summary>
/// The link a pager test's mail carries: GET /api/responders/{name}/test/{testId}/confirm?method=…&amp;token=…. The
/// token is an HMAC of (responder, test, method) keyed by the admin key, as the console's session is: unguessable,
/// good for that one method of that one test, and dead once the key is rotated. It needs no storage, and following the
/// link twice is harmless (the first confirmation stands), so it may be a GET.
/// </summary>
public sealed class PagerTestLinks(IncidentConfigProvider config, ConsoleLinks links)
{
    /// <summary>The route's template, declared in the route table.</summary>
    public const string ConfirmTemplate = "api/responders/{name}/test/{testId}/confirm";

    private const string Label = "IncidentFunctions pager test confirmation v1";

    /// <summary>The confirmation link of one method; null when the app knows no public address of its own.</summary>
    public Uri? ConfirmUrl(string responder, string testId, string methodKey) => links.BaseUrl is { } root
        ? new Uri($"{root}/api/responders/{Uri.EscapeDataString(responder)}/test/{Uri.EscapeDataString(testId)}/confirm" +
            $"?method={Uri.EscapeDataString(methodKey)}&token={Token(responder, testId, methodKey)}", UriKind.Absolute)
        : null;

    /// <summary>Whether <paramref name="presented"/> is this method's token, in time independent of where it differs.</summary>
    public bool IsValid(string responder, string testId, string methodKey, string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(presented);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(bytes, Mac(responder, testId, methodKey));
    }

    private string Token(string responder, string testId, string methodKey) => Base64Url.EncodeToString(Mac(responder, testId, methodKey));

    // Names are matched case-insensitively everywhere, so the token is too.
    private byte[] Mac(string responder, string testId, string methodKey) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(config.Current.AdminApiKey),
            Encoding.UTF8.GetBytes($"{Label}\n{responder.ToLowerInvariant()}\n{testId}\n{methodKey}"));
}
