using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Domain.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Http.Slack;

/// <summary>
/// POST /api/slack/events: Slack's Events API (signed JSON). The URL check (url_verification) is answered with its
/// challenge. Of the events, two are kept on an incident's timeline when they happen in its channel: what people write
/// there (message: not bots, edits, deletions or joins) and a :pushpin: on one of those messages, which marks it a
/// finding. Each event is taken once by its event_id (Slack delivers again what it thinks was lost, with the same id);
/// everything else is answered 200 and left alone, since Slack turns off an endpoint that keeps failing.
/// </summary>
public sealed partial class SlackEventsHandler(
    SlackRequestReader reader, IncidentConfigProvider config, IncidentQueries queries, IncidentCommandService commands, SlackApiClient slack,
    TimeProvider time, ILogger<SlackEventsHandler> log)
{
    /// <summary>The reactions that mark a message a finding.</summary>
    private static readonly HashSet<string> PinReactions = new(StringComparer.Ordinal) { "pushpin", "round_pushpin" };

    private static readonly TimeSpan PermalinkBudget = TimeSpan.FromSeconds(2);

    /// <summary>Message subtypes that are still a person writing in the channel; every other subtype is not (bots, edits, joins…).</summary>
    private static readonly HashSet<string> PeoplesSubtypes = new(StringComparer.Ordinal) { "thread_broadcast", "file_share" };

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken ct)
    {
        var (body, refused) = await reader.ReadSignedAsync(request, "events", ct);
        if (refused is not null)
        {
            return refused;
        }

        if (SlackRequestReader.RequireMediaType(request, "application/json") is { } wrongType)
        {
            return wrongType;
        }

        var (doc, problem) = SlackJson.Parse(body);
        if (doc is null)
        {
            return Problems.BadRequest("$", "the body " + problem);
        }

        using (doc)
        {
            var root = doc.RootElement;
            switch (SlackJson.Text(root, "type"))
            {
                case null or "":
                    return Problems.BadRequest("type", "type is missing");
                case "url_verification":
                    return SlackJson.Text(root, "challenge") is { Length: > 0 } challenge
                        ? Results.Json(new JsonObject { ["challenge"] = challenge })
                        : Problems.BadRequest("challenge", "challenge is missing");
                case "event_callback":
                    return await EventAsync(root, ct);
                default:
                    // app_rate_limited and whatever Slack adds later: nothing to do.
                    return Results.Ok();
            }
        }
    }

    private async Task<IResult> EventAsync(JsonElement root, CancellationToken ct)
    {
        var eventId = SlackJson.Text(root, "event_id");
        if (string.IsNullOrWhiteSpace(eventId))
        {
            return Problems.BadRequest("event_id", "event_id is missing");
        }

        if (SlackJson.Object(root, "event") is not { } e)
        {
            return Problems.BadRequest("event", "event is missing");
        }

        // Everything the event is read for is read (and refused with its field) before its id is taken.
        var (act, problem) = SlackJson.Text(e, "type") switch
        {
            null or "" => (null, Problems.BadRequest("event.type", "event.type is missing")),
            "message" => await MessageAsync(e, ct),
            "reaction_added" => await ReactionAsync(e, ct),
            _ => (null, null),
        };
        if (problem is not null || act is null)
        {
            return problem ?? Results.Ok();
        }

        if (!await commands.TakeChatEventAsync(eventId, time.GetUtcNow(), ct))
        {
            LogReplayed(eventId);
            return Results.Ok();
        }

        try
        {
            await act(ct);
        }
        catch
        {
            // Given back, so Slack's next delivery of it (it retries a 5xx) is not mistaken for a replay.
            await commands.ReleaseChatEventAsync(eventId, CancellationToken.None);
            throw;
        }

        return Results.Ok();
    }

    /// <summary>What to do for a message event (null: nothing), or the problem with it.</summary>
    private async Task<(Func<CancellationToken, Task>? Act, IResult? Problem)> MessageAsync(JsonElement e, CancellationToken ct)
    {
        if (SlackJson.Text(e, "subtype") is { } subtype && !PeoplesSubtypes.Contains(subtype) || SlackJson.Has(e, "bot_id"))
        {
            return (null, null);
        }

        var channel = SlackJson.Text(e, "channel");
        if (string.IsNullOrEmpty(channel))
        {
            return (null, Problems.BadRequest("event.channel", "event.channel is missing"));
        }

        var ts = SlackJson.Text(e, "ts");
        if (!SlackTimestamp.TryParse(ts, out var at))
        {
            return (null, Problems.BadRequest("event.ts", "event.ts is missing or not a Slack timestamp"));
        }

        var user = SlackJson.Text(e, "user");
        var text = SlackJson.Text(e, "text");
        if (string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(text))
        {
            // Not a person, or nothing written.
            return (null, null);
        }

        if (!IsSlackId(user))
        {
            return (null, Problems.BadRequest("event.user", "event.user is not a Slack user id"));
        }

        if (await queries.FindIncidentByChannelAsync(channel, ct) is not long number)
        {
            return (null, null);
        }

        return (async token =>
        {
            var author = config.Current.FindResponderBySlackUser(user)?.Name ?? user;
            var permalink = await PermalinkAsync(new SlackMessage(channel, ts!), token);
            await commands.RecordChatMessageAsync(number, author, new ChatMessageDetails(channel, ts!, user, permalink), SlackText.Unescape(text).Trim(), at, token);
        }, null);
    }

    /// <summary>A :pushpin: (or :round_pushpin:) on a message of an incident's channel; other reactions are nothing to us.</summary>
    private async Task<(Func<CancellationToken, Task>? Act, IResult? Problem)> ReactionAsync(JsonElement e, CancellationToken ct)
    {
        var reaction = SlackJson.Text(e, "reaction");
        if (string.IsNullOrEmpty(reaction))
        {
            return (null, Problems.BadRequest("event.reaction", "event.reaction is missing"));
        }

        if (!PinReactions.Contains(reaction))
        {
            return (null, null);
        }

        if (SlackJson.Object(e, "item") is not { } item)
        {
            return (null, Problems.BadRequest("event.item", "event.item is missing: what was reacted to"));
        }

        if (SlackJson.Text(item, "type") != "message")
        {
            return (null, null);
        }

        var channel = SlackJson.Text(item, "channel");
        if (string.IsNullOrEmpty(channel))
        {
            return (null, Problems.BadRequest("event.item.channel", "event.item.channel is missing"));
        }

        var ts = SlackJson.Text(item, "ts");
        if (!SlackTimestamp.TryParse(ts, out _))
        {
            return (null, Problems.BadRequest("event.item.ts", "event.item.ts is missing or not a Slack timestamp"));
        }

        var user = SlackJson.Text(e, "user");
        if (string.IsNullOrWhiteSpace(user) || !IsSlackId(user))
        {
            return (null, Problems.BadRequest("event.user", "event.user is missing or not a Slack user id: who pinned it"));
        }

        if (await queries.FindIncidentByChannelAsync(channel, ct) is not long number)
        {
            return (null, null);
        }

        // Timed by the reaction's own timestamp where Slack gives one, so a second delivery writes nothing new.
        var at = SlackTimestamp.TryParse(SlackJson.Text(e, "event_ts"), out var reacted) ? reacted : time.GetUtcNow();
        return (async token =>
        {
            var by = config.Current.FindResponderBySlackUser(user)?.Name ?? user;
            // A message we never recorded (posted before the channel was the incident's, or by a bot) is not pinned: nothing is fetched for it.
            await commands.PinChatMessageAsync(number, by, channel, ts!, at, token);
        }, null);
    }

    /// <summary>
    /// The message's link, or null: the entry is worth keeping without it, and not worth keeping Slack waiting for (it
    /// delivers the event again when the answer takes over three seconds).
    /// </summary>
    private async Task<string?> PermalinkAsync(SlackMessage message, CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(PermalinkBudget);
        try
        {
            var link = await slack.GetPermalinkAsync(message, budget.Token);
            return link.Ok ? link.Value : null;
        }
        catch (SlackUnavailableException e)
        {
            LogNoPermalink(message.Channel, message.Ts, e.Message);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LogNoPermalink(message.Channel, message.Ts, $"no answer within {PermalinkBudget.TotalSeconds:0} s");
            return null;
        }
    }

    /// <summary>
    /// Slack's member ids ("U0123ABCD", "W…" in Enterprise Grid): letters and digits, short. Anything else is not
    /// stored as an author.
    /// </summary>
    private static bool IsSlackId(string id) => id.Length <= 32 && id.All(char.IsAsciiLetterOrDigit);

    [LoggerMessage(EventId = 4312, Level = LogLevel.Information, Message = "Slack event {EventId} was taken before: ignored")]
    private partial void LogReplayed(string eventId);

    [LoggerMessage(EventId = 4313, Level = LogLevel.Warning, Message = "No permalink for Slack message {Channel}/{Ts}: {Reason}")]
    private partial void LogNoPermalink(string channel, string ts, string reason);
}
