using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// A webhook from Twilio (an SMS reply, a call's TwiML fetch, keypress or end): a URL-encoded form read under our own
/// limits, then its X-Twilio-Signature checked against the URL Twilio signed, before anything in it is believed.
/// </summary>
public static class TwilioWebhookForm
{
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>Why a webhook was refused: the answer, and its status for the log.</summary>
    public sealed record Refusal(IResult Result, int StatusCode);

    /// <param name="signedUrl">The URL Twilio signed (the configured public URL, or the request's own).</param>
    public static async Task<(IReadOnlyDictionary<string, string> Fields, Refusal? Refused)> ReadSignedAsync(
        HttpRequest request, string signedUrl, TwilioInboundValidator validator, CancellationToken ct)
    {
        // Twilio posts URL-encoded forms only; multipart is refused rather than handed to a multipart reader.
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(Problems.UnsupportedMediaType("expected application/x-www-form-urlencoded, as Twilio posts"), StatusCodes.Status415UnsupportedMediaType);
        }

        // Read under our own limit (a chunked body has no Content-Length to check), then parse from memory.
        var body = await RequestBody.ReadAsync(request, RequestBody.MaxAlertBodyBytes, ct);
        if (body is null)
        {
            return Refuse(Problems.TooLarge(RequestBody.MaxAlertBodyBytes), StatusCodes.Status413PayloadTooLarge);
        }

        if (await ReadFormAsync(body, ct) is not { } fields)
        {
            return Refuse(Problems.BadRequest("body", $"the form cannot be read: more than {MaxFormFields} fields, or a name over {MaxFormKeyLength} characters"),
                StatusCodes.Status400BadRequest);
        }

        if (!validator.IsValid(signedUrl, fields, request.Headers[SignatureHeader].FirstOrDefault()))
        {
            return Refuse(Problems.Forbidden("X-Twilio-Signature is missing or does not match this request", SignatureHeader), StatusCodes.Status403Forbidden);
        }

        return (fields, null);
    }

    private static (IReadOnlyDictionary<string, string>, Refusal) Refuse(IResult result, int status) =>
        (new Dictionary<string, string>(), new Refusal(result, status));

    /// <summary>Far more than the ~20 fields Twilio sends; a form reader's defaults, named here because exceeding them is a 400.</summary>
    internal const int MaxFormFields = 1024;

    internal const int MaxFormKeyLength = 2048;

    /// <summary>The form's fields (repeated names joined by commas, as the signature check expects), or null when over the limits.</summary>
    internal static async Task<Dictionary<string, string>?> ReadFormAsync(byte[] body, CancellationToken ct)
    {
        using var reader = new FormReader(new MemoryStream(body, writable: false))
        {
            ValueCountLimit = MaxFormFields,
            KeyLengthLimit = MaxFormKeyLength,
            ValueLengthLimit = RequestBody.MaxAlertBodyBytes,
        };
        try
        {
            var form = await reader.ReadFormAsync(ct);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException)
        {
            // FormReader's way of saying a limit was exceeded; until now this escaped as a 500.
            return null;
        }
    }

}
