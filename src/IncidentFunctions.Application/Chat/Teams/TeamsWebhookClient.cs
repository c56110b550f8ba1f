using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Teams;

/// <summary>
/// Posts a message to a Teams Workflows webhook trigger, over HttpClient (no Teams SDK is used: a webhook is one POST).
/// Any 2xx is taken (Workflows answers 202: the flow was started); 429, 5xx and no answer are tried again by the chat
/// clients' <see cref="ChatRetry"/>; any other answer fails at once.
/// Every failure is a <see cref="RoomUnavailableException"/> whose reason goes on the incident's timeline.
/// </summary>
/// <remarks>The URL's query is its signature: log lines and reasons name the host only.</remarks>
public sealed partial class TeamsWebhookClient(HttpClient http, IOptions<TeamsOptions> options, TimeProvider time, ILogger<TeamsWebhookClient> log)
{
    public const string HttpClientName = "teams";

    private TeamsOptions Options => options.Value;

    public async Task PostAsync(Uri webhook, JsonObject message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(message);
        var o = Options;
        var body = message.ToJsonString();
        var host = webhook.Host;
        using var sent = await o.Retry.SendAsync(http,
            () => new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            time, (reason, attempt) => LogRetrying(host, reason, attempt), ct);
        if (sent.Response is not { } response)
        {
            throw new RoomUnavailableException(GaveUp(host, sent.Attempts, sent.Last!, sent.LastStatus, sent.TooLongWait), sent.Error,
                sent.LastStatus is { } last ? "http_" + ((int)last).ToString(CultureInfo.InvariantCulture) : "unreachable");
        }

        var status = (int)response.StatusCode;
        if (status is < 200 or >= 300)
        {
            // The workflow was deleted or turned off (404), its URL's signature no longer matches (401/403), or it
            // refused the body (400): trying again cannot help; a person has to look at the workflow.
            LogRefused(host, status);
            throw new RoomUnavailableException($"HTTP {status} from the Teams webhook at {host}{Hint(response.StatusCode)}", code: "http_" + status.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>"Teams answered 429 three times", "Teams at host did not answer twice (last: …)".</summary>
    private static string GaveUp(string host, int attempts, string last, HttpStatusCode? status, TimeSpan? tooLong) =>
        tooLong is { } wait
            ? $"Teams answered 429 at {host} and asked us to wait {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, longer than Teams:MaxRetryAfter"
            : status is { } s
                ? $"Teams answered {(int)s} {Times(attempts)} at {host}"
                : $"the Teams webhook at {host} did not take the post {Times(attempts)} (last: {last})";

    private static string Times(int n) => n switch
    {
        1 => "once",
        2 => "twice",
        3 => "three times",
        _ => $"{n.ToString(CultureInfo.InvariantCulture)} times",
    };

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => " (was the workflow deleted or turned off?)",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " (is the URL complete, with its sig parameter, and the workflow's trigger still \"Anyone\"?)",
        HttpStatusCode.BadRequest => " (the workflow refused the card)",
        _ => "",
    };

    [LoggerMessage(EventId = 4320, Level = LogLevel.Warning, Message = "The Teams webhook at {Host} refused a notice with HTTP {Status}")]
    private partial void LogRefused(string host, int status);

    [LoggerMessage(EventId = 4321, Level = LogLevel.Warning, Message = "The Teams webhook at {Host} did not take a notice ({Reason}), attempt {Attempt}; trying again")]
    private partial void LogRetrying(string host, string reason, int attempt);
}
