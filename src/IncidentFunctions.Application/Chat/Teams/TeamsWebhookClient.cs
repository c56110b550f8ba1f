using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Teams;

/// <summary>
/// Posts a message to a Teams Workflows webhook trigger, over HttpClient (no Teams SDK is used: a webhook is one POST).
/// Any 2xx is taken (Workflows answers 202: the flow was started). A 429 is waited out (its Retry-After, capped) and
/// tried again, as are 5xx and no answer, up to <see cref="TeamsOptions.MaxAttempts"/>; any other answer fails at once.
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
        string? last = null;
        HttpStatusCode? lastStatus = null;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? wait = null;
            Exception? error = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(o.RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    return;
                }

                lastStatus = response.StatusCode;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    last = "HTTP 429";
                    wait = RetryAfter(response);
                }
                else if (status >= 500)
                {
                    last = $"HTTP {status}";
                }
                else
                {
                    // The workflow was deleted or turned off (404), its URL's signature no longer matches (401/403), or
                    // it refused the body (400): trying again cannot help; a person has to look at the workflow.
                    LogRefused(host, status);
                    throw new RoomUnavailableException($"HTTP {status} from the Teams webhook at {host}{Hint(response.StatusCode)}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // HttpRequestException names the host and port at most, never the query.
                last = e is TaskCanceledException ? "no answer within " + o.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s" : e.Message;
                lastStatus = null;
                error = e;
            }

            if (attempt >= o.MaxAttempts || wait > o.MaxRetryAfter)
            {
                throw new RoomUnavailableException(GaveUp(host, attempt, last!, lastStatus, wait > o.MaxRetryAfter ? wait : null), error);
            }

            LogRetrying(host, last!, attempt);
            await Task.Delay(wait ?? TimeSpan.FromSeconds(attempt), time, ct);
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

    private static TimeSpan RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? delta
        : response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow
        : TimeSpan.FromSeconds(1);

    [LoggerMessage(EventId = 4320, Level = LogLevel.Warning, Message = "The Teams webhook at {Host} refused a notice with HTTP {Status}")]
    private partial void LogRefused(string host, int status);

    [LoggerMessage(EventId = 4321, Level = LogLevel.Warning, Message = "The Teams webhook at {Host} did not take a notice ({Reason}), attempt {Attempt}; trying again")]
    private partial void LogRetrying(string host, string reason, int attempt);
}
