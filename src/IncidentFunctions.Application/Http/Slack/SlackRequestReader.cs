using IncidentFunctions.Application.Chat.Slack;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// What every request from Slack (a slash command, a button or form, an event) goes through before anything in it is
/// read: Slack must be set up here, the raw body is read under a limit, and its signature must be the app's for this
/// body within five minutes (<see cref="SlackSignature"/>). Refused requests are answered with a problem body and acted
/// on in no way.
/// </summary>
public sealed partial class SlackRequestReader(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestReader> log)
{
    /// <summary>Far more than Slack sends (a message event with its blocks, a form's state): a bound, not a budget.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    /// <returns>The body exactly as signed, or the refusal to answer with.</returns>
    public async Task<(byte[] Body, IResult? Refused)> ReadSignedAsync(HttpRequest request, string endpoint, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled || string.IsNullOrWhiteSpace(o.SigningSecret))
        {
            // Without a signing secret nothing from Slack can be believed; without a bot token nothing can be answered.
            return ([], Problems.Create(StatusCodes.Status404NotFound, "Slack is not set up",
                $"Slack is off in this deployment: set {SlackOptions.Section}:BotToken and {SlackOptions.Section}:SigningSecret to take its requests"));
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, ct);
        if (body is null)
        {
            return ([], Problems.TooLarge(MaxBodyBytes));
        }

        var problem = SlackSignature.Check(o.SigningSecret.Trim(), request.Headers[SlackSignature.TimestampHeader].FirstOrDefault(),
            request.Headers[SlackSignature.SignatureHeader].FirstOrDefault(), body, time.GetUtcNow());
        if (problem is { } refused)
        {
            LogRefused(endpoint, refused);
            return ([], refused switch
            {
                SlackSignatureProblem.Missing => Problems.Unauthorized(
                    $"{SlackSignature.SignatureHeader} and {SlackSignature.TimestampHeader} are required: requests from Slack are signed", SlackSignature.SignatureHeader),
                SlackSignatureProblem.Stale => Problems.Unauthorized(
                    $"{SlackSignature.TimestampHeader} is not within {SlackSignature.MaxAge.TotalMinutes:0} minutes of now", SlackSignature.TimestampHeader),
                _ => Problems.Unauthorized($"{SlackSignature.SignatureHeader} does not match this request", SlackSignature.SignatureHeader),
            });
        }

        return (body, null);
    }

    /// <summary>A signed form (slash commands, interactivity): its fields, or the refusal to answer with.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Fields, IResult? Refused)> ReadSignedFormAsync(HttpRequest request, string endpoint, CancellationToken ct)
    {
        var (body, refused) = await ReadSignedAsync(request, endpoint, ct);
        if ((refused ?? RequireMediaType(request, "application/x-www-form-urlencoded")) is { } problem)
        {
            return (EmptyForm, problem);
        }

        // The form rules are the Twilio webhooks' (the same reader and limits): a signed form is still read carefully.
        return await TwilioWebhookForm.ReadFormAsync(body, ct) is { } fields
            ? (fields, null)
            : (EmptyForm, Problems.BadRequest("body", "the form cannot be read"));
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyForm = new Dictionary<string, string>();

    /// <summary>Whether the request says it is <paramref name="mediaType"/> (Slack posts commands and interactivity as forms, events as JSON).</summary>
    public static IResult? RequireMediaType(HttpRequest request, string mediaType) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && string.Equals(type.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase)
            ? null
            : Problems.UnsupportedMediaType($"expected {mediaType}, as Slack posts to this endpoint");

    [LoggerMessage(EventId = 4310, Level = LogLevel.Warning, Message = "Refused a Slack request to {Endpoint}: signature {Problem}")]
    private partial void LogRefused(string endpoint, SlackSignatureProblem problem);
}
