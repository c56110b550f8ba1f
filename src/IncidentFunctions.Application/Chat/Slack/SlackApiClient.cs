using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>
/// The Slack Web API methods the incident room needs, over HttpClient (no Slack SDK is published for .NET): each a POST
/// of a JSON body to {ApiBaseUrl}/api/{method} with the bot token. Slack answers HTTP 200 with {"ok": false, "error": …}
/// for refusals (<see cref="SlackAnswer"/>); a 429 is waited out (its Retry-After, capped) and tried again, as are 5xx
/// and no answer, up to <see cref="SlackOptions.MaxAttempts"/>, then <see cref="SlackUnavailableException"/> so the
/// activity's retry policy takes over.
/// </summary>
public sealed partial class SlackApiClient(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> log)
{
    public const string HttpClientName = "slack";

    private SlackOptions Options => options.Value;

    /// <summary>A public channel; <c>name_taken</c> when the name exists (the caller adds a suffix and asks again).</summary>
    public async Task<SlackAnswer<SlackChannel>> CreateChannelAsync(string name, CancellationToken ct)
    {
        var answer = await CallAsync("conversations.create", new JsonObject { ["name"] = name, ["is_private"] = false }, ct);
        return answer.Map(r => new SlackChannel(r["channel"]!["id"]!.GetValue<string>(), r["channel"]!["name"]!.GetValue<string>()));
    }

    public async Task<SlackAnswer<bool>> SetTopicAsync(string channel, string topic, CancellationToken ct) =>
        (await CallAsync("conversations.setTopic", new JsonObject { ["channel"] = channel, ["topic"] = topic }, ct)).Map(_ => true);

    /// <summary>Invites users (Slack ids) to a channel; <c>already_in_channel</c> counts as done.</summary>
    public async Task<SlackAnswer<bool>> InviteAsync(string channel, IReadOnlyCollection<string> users, CancellationToken ct)
    {
        var answer = await CallAsync("conversations.invite", new JsonObject { ["channel"] = channel, ["users"] = string.Join(',', users) }, ct);
        return answer.Error == "already_in_channel" ? SlackAnswer<bool>.Done(true) : answer.Map(_ => true);
    }

    public async Task<SlackAnswer<bool>> ArchiveAsync(string channel, CancellationToken ct)
    {
        var answer = await CallAsync("conversations.archive", new JsonObject { ["channel"] = channel }, ct);
        return answer.Error == "already_archived" ? SlackAnswer<bool>.Done(true) : answer.Map(_ => true);
    }

    /// <param name="blocks">Block Kit blocks; <paramref name="text"/> is the notification's and screen readers' text.</param>
    public async Task<SlackAnswer<SlackMessage>> PostMessageAsync(string channel, string text, JsonArray? blocks, CancellationToken ct)
    {
        var args = new JsonObject { ["channel"] = channel, ["text"] = text, ["unfurl_links"] = false };
        if (blocks is not null)
        {
            args["blocks"] = blocks.DeepClone();
        }

        return (await CallAsync("chat.postMessage", args, ct)).Map(r => new SlackMessage(r["channel"]!.GetValue<string>(), r["ts"]!.GetValue<string>()));
    }

    public async Task<SlackAnswer<SlackMessage>> UpdateMessageAsync(SlackMessage message, string text, JsonArray? blocks, CancellationToken ct)
    {
        var args = new JsonObject { ["channel"] = message.Channel, ["ts"] = message.Ts, ["text"] = text };
        if (blocks is not null)
        {
            args["blocks"] = blocks.DeepClone();
        }

        return (await CallAsync("chat.update", args, ct)).Map(r => new SlackMessage(r["channel"]!.GetValue<string>(), r["ts"]!.GetValue<string>()));
    }

    /// <summary>A message only <paramref name="user"/> sees: the answer to a command.</summary>
    public async Task<SlackAnswer<bool>> PostEphemeralAsync(string channel, string user, string text, CancellationToken ct) =>
        (await CallAsync("chat.postEphemeral", new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text }, ct)).Map(_ => true);

    public async Task<SlackAnswer<string>> GetPermalinkAsync(SlackMessage message, CancellationToken ct) =>
        (await CallAsync("chat.getPermalink", new JsonObject { ["channel"] = message.Channel, ["message_ts"] = message.Ts }, ct))
            .Map(r => r["permalink"]!.GetValue<string>());

    /// <summary>Opens a modal for the button press or command that carried <paramref name="triggerId"/> (valid for 3 seconds).</summary>
    public async Task<SlackAnswer<string>> OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        (await CallAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() }, ct))
            .Map(r => r["view"]!["id"]!.GetValue<string>());

    /// <summary>One method, with the retries described on the class.</summary>
    public async Task<SlackAnswer<JsonObject>> CallAsync(string method, JsonObject args, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = Options;
        if (!o.Enabled)
        {
            throw new InvalidOperationException($"Slack is off: {SlackOptions.Section}:BotToken is not set");
        }

        var url = new Uri(o.ApiBaseUrl.Trim().TrimEnd('/') + "/api/" + method, UriKind.Absolute);
        var body = args.ToJsonString();
        using var sent = await o.Retry.SendAsync(http, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.BotToken!.Trim());
            return request;
        }, time, (reason, attempt) => LogRetrying(method, Reason(reason), attempt), ct);
        if (sent.Response is not { } response)
        {
            throw new SlackUnavailableException($"Slack's {method} failed {sent.Attempts} time(s), last: {Reason(sent.Last!)}");
        }

        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is null || answer["ok"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return SlackAnswer<JsonObject>.Refused($"unreadable answer (HTTP {(int)response.StatusCode})");
        }

        if (answer["ok"]!.GetValue<bool>())
        {
            return SlackAnswer<JsonObject>.Done(answer);
        }

        var error = answer["error"]?.GetValue<string>() ?? "unknown_error";
        LogRefused(method, error);
        return SlackAnswer<JsonObject>.Refused(error);
    }

    /// <summary>Slack's word for its 429.</summary>
    private static string Reason(string last) => last == "HTTP 429" ? "ratelimited" : last;

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Slack refused {Method}: {Error}")]
    private partial void LogRefused(string method, string error);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Slack's {Method} did not go through ({Reason}), attempt {Attempt}; trying again")]
    private partial void LogRetrying(string method, string reason, int attempt);
}

/// <summary>What Slack answered: done with a value, or refused with its error code (<c>name_taken</c>, <c>channel_not_found</c>, …).</summary>
public sealed record SlackAnswer<T>(bool Ok, T? Value, string? Error)
{
    public static SlackAnswer<T> Done(T value) => new(true, value, null);

    public static SlackAnswer<T> Refused(string error) => new(false, default, error);

    public SlackAnswer<TOut> Map<TOut>(Func<T, TOut> map) => Ok ? SlackAnswer<TOut>.Done(map(Value!)) : SlackAnswer<TOut>.Refused(Error!);
}

public sealed record SlackChannel(string Id, string Name);

/// <summary>A posted message: its channel and Slack's timestamp id, which updates and permalinks name it by.</summary>
public sealed record SlackMessage(string Channel, string Ts);

/// <summary>Slack kept answering 429, 5xx or nothing: the step is tried again later (paging never waits on it).</summary>
public sealed class SlackUnavailableException(string message) : Exception(message);
