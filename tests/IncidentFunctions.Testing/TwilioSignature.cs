using System.Security.Cryptography;
using System.Text;

namespace IncidentFunctions.Testing;

/// <summary>
/// Twilio's documented X-Twilio-Signature algorithm, written independently of the SDK so tests can sign inbound
/// webhooks and check the SDK-based validator against something other than itself:
/// base64(HMAC-SHA1(key: auth token, message: the full URL Twilio requested + every POST parameter sorted by name
/// (ordinal), each as name + value with no delimiters)).
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    /// <summary>
    /// Signature of a form-encoded webhook. <paramref name="url"/> is used exactly as given (scheme, host case, port,
    /// userinfo and query string are all part of what is signed). A repeated parameter contributes one name+value per
    /// distinct value, values sorted ordinally (as twilio-node does; the published vectors include that case).
    /// Pass no parameters for a JSON webhook, whose URL carries bodySHA256.
    /// </summary>
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentException.ThrowIfNullOrEmpty(authToken);

        var text = new StringBuilder(url);
        var byName = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (!byName.TryGetValue(name, out var values))
            {
                byName[name] = values = new SortedSet<string>(StringComparer.Ordinal);
            }

            values.Add(value ?? "");
        }

        foreach (var (name, values) in byName)
        {
            foreach (var value in values)
            {
                text.Append(name).Append(value);
            }
        }

        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToBase64String(mac);
    }

    /// <summary>Lower-case hex SHA-256 of a raw body, the bodySHA256 query parameter of JSON webhooks.</summary>
    public static string BodySha256(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>
    /// A signed inbound webhook as Twilio would send it: POST <paramref name="url"/>, form-encoded
    /// <paramref name="form"/>, X-Twilio-Signature computed over <paramref name="signedUrl"/> (default: the same URL).
    /// </summary>
    public static HttpRequestMessage CreateSignedRequest(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken, string? signedUrl = null)
    {
        var fields = form.ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation(Header, Compute(signedUrl ?? url, fields, authToken));
        return request;
    }

    /// <summary>
    /// The fields Twilio posts to an incoming-message webhook for a plain SMS (parameter names as documented in
    /// "Twilio's request to your incoming message Webhook URL"); values are invented.
    /// </summary>
    public static List<KeyValuePair<string, string>> InboundSmsForm(string from, string to, string body, string accountSid = "AC00000000000000000000000000000000")
    {
        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return
        [
            new("ToCountry", "US"),
            new("ToState", "CA"),
            new("SmsMessageSid", sid),
            new("NumMedia", "0"),
            new("ToCity", ""),
            new("FromZip", ""),
            new("SmsSid", sid),
            new("FromState", "CA"),
            new("SmsStatus", "received"),
            new("FromCity", ""),
            new("Body", body),
            new("FromCountry", "US"),
            new("To", to),
            new("ToZip", ""),
            new("NumSegments", "1"),
            new("MessageSid", sid),
            new("AccountSid", accountSid),
            new("From", from),
            new("ApiVersion", "2010-04-01"),
        ];
    }
}
