using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.Testing;
using static IncidentFunctions.Application.Tests.Http.Slack.SlackInboundFixture;

namespace IncidentFunctions.Application.Tests.Http.Slack;

/// <summary>
/// POST /api/slack/events: the URL check, people's messages in an incident's channel kept on its timeline with their
/// link, a :pushpin: marking one a finding, each event taken once; everything else answered 200 and left alone.
/// </summary>
[Collection(SlackInboundCollection.Name)]
public sealed class SlackEventsTests(SlackInboundFixture slack)
{
    [Fact]
    public async Task The_url_check_is_answered_with_its_challenge_only_when_signed()
    {
        var check = SlackRequests.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        var signed = await slack.EventAsync(check);
        var unsigned = await slack.EventAsync(check, Signing.None);

        Assert.Equal(HttpStatusCode.OK, signed.Status);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", signed.Json!["challenge"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.Status);
    }

    [Fact]
    public async Task A_person_s_message_in_the_channel_is_on_the_timeline_with_its_author_and_permalink()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat");
        var ts = await slack.PostMessageAsync(channel, "db-1 replication lag 40s");

        var reply = await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Message(channel, Alice, "db-1 replication lag 40s &lt;- since 10:02", ts)));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var entry = Timeline(await slack.IncidentAsync(id)).Single(e => e.Kind == "chatMessage");
        Assert.Equal(("Alice", "db-1 replication lag 40s <- since 10:02"), (entry.Actor, entry.Summary));
        var data = entry.Node["data"]!;
        Assert.Equal((channel, ts, Alice), (data["channel"]!.GetValue<string>(), data["ts"]!.GetValue<string>(), data["user"]!.GetValue<string>()));
        Assert.Equal($"https://fake-workspace.slack.com/archives/{channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}", data["permalink"]!.GetValue<string>());
    }

    [Fact]
    public async Task Someone_not_linked_is_kept_by_their_Slack_id_and_a_missing_permalink_keeps_the_message()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat stranger");
        var ts = await slack.PostMessageAsync(channel, "hello");
        slack.Slack.FailNext("chat.getPermalink", "message_not_found");

        await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Message(channel, Stranger, "I can see errors too", ts)));

        var entry = Timeline(await slack.IncidentAsync(id)).Single(e => e.Kind == "chatMessage");
        Assert.Equal((Stranger, "I can see errors too"), (entry.Actor, entry.Summary));
        Assert.Null(entry.Node["data"]!["permalink"]);
    }

    [Fact]
    public async Task A_Slack_that_does_not_answer_for_the_link_does_not_lose_the_message()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat limited");
        var ts = await slack.PostMessageAsync(channel, "x");
        slack.Slack.RateLimitNext(1, TimeSpan.FromSeconds(30));

        var reply = await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Message(channel, Bob, "still kept", ts)));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var entry = Timeline(await slack.IncidentAsync(id)).Single(e => e.Kind == "chatMessage");
        Assert.Equal(("Bob", "still kept"), (entry.Actor, entry.Summary));
        Assert.Null(entry.Node["data"]!["permalink"]);
    }

    [Fact]
    public async Task Bots_edits_joins_empty_messages_and_other_channels_are_left_alone()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat ignored");
        var other = await slack.CreateChannelAsync($"other-{id}");
        var before = await slack.SnapshotAsync(id);
        var ts = "1765000100.000100";

        var bot = SlackRequests.Message(channel, Alice, "from a bot", ts);
        bot["bot_id"] = "B0OTHERBOT";
        var ignored = new List<JsonObject> { bot, SlackRequests.Message(channel, Alice, "   ", ts), SlackRequests.Message(other, Alice, "not the incident's", ts) };
        foreach (var subtype in new[] { "bot_message", "message_changed", "message_deleted", "channel_join" })
        {
            var message = SlackRequests.Message(channel, Alice, "subtype " + subtype, ts);
            message["subtype"] = subtype;
            ignored.Add(message);
        }

        var noUser = SlackRequests.Message(channel, Alice, "no user", ts);
        noUser.Remove("user");
        ignored.Add(noUser);
        ignored.Add(SlackRequests.Reaction(Alice, "thumbsup", channel, ts));
        ignored.Add(new JsonObject { ["type"] = "member_joined_channel", ["user"] = Alice, ["channel"] = channel });

        foreach (var e in ignored)
        {
            var reply = await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), e));
            Assert.True(reply.Status == HttpStatusCode.OK, $"{e.ToJsonString()}: {reply}");
        }

        Assert.Equal(before, await slack.SnapshotAsync(id));
    }

    [Fact]
    public async Task A_replayed_event_changes_nothing()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat replay");
        var ts = await slack.PostMessageAsync(channel, "first");
        var eventId = NewEventId();
        var body = SlackRequests.EventCallback(eventId, SlackRequests.Message(channel, Bob, "said once", ts));
        await slack.EventAsync(body);
        var after = await slack.SnapshotAsync(id);
        var permalinks = slack.Slack.Calls.Count(c => c.Method == "chat.getPermalink");

        var replay = await slack.EventAsync(body);

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(after, await slack.SnapshotAsync(id));
        Assert.Equal(permalinks, slack.Slack.Calls.Count(c => c.Method == "chat.getPermalink"));
        Assert.Single(Timeline(await slack.IncidentAsync(id)), e => e.Kind == "chatMessage");
    }

    [Fact]
    public async Task A_pushpin_marks_a_message_a_finding_once_and_a_pin_on_an_unknown_message_is_ignored()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat pin");
        var ts = await slack.PostMessageAsync(channel, "found it");
        await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Message(channel, Alice, "Root cause: the cron job filled /var", ts)));
        var calls = slack.Slack.Calls.Count;

        await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Reaction(Bob, "pushpin", channel, ts, "1765000200.000100")));
        await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Reaction(Carol, "round_pushpin", channel, ts, "1765000300.000100")));
        await slack.EventAsync(SlackRequests.EventCallback(NewEventId(), SlackRequests.Reaction(Bob, "pushpin", channel, "1765000000.999999")));

        var pin = Timeline(await slack.IncidentAsync(id)).Single(e => e.Kind == "chatPinned");
        Assert.Equal(("Bob", "Pinned as a finding: Root cause: the cron job filled /var"), (pin.Actor, pin.Summary));
        Assert.Equal((channel, ts), (pin.Node["data"]!["channel"]!.GetValue<string>(), pin.Node["data"]!["ts"]!.GetValue<string>()));
        Assert.Equal(calls, slack.Slack.Calls.Count);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not json", "$" },
        { "[]", "$" },
        { "{}", "type" },
        { """{"type":"url_verification"}""", "challenge" },
        { """{"type":"event_callback","event":{"type":"message"}}""", "event_id" },
        { """{"type":"event_callback","event_id":"Ev1"}""", "event" },
        { """{"type":"event_callback","event_id":"Ev1","event":{}}""", "event.type" },
        { """{"type":"event_callback","event_id":"Ev1","event":{"type":"message","user":"U0000ALICE","text":"x","ts":"1.1"}}""", "event.channel" },
        { """{"type":"event_callback","event_id":"Ev1","event":{"type":"message","user":"U0000ALICE","text":"x","channel":"C1","ts":"soon"}}""", "event.ts" },
        { """{"type":"event_callback","event_id":"Ev1","event":{"type":"message","user":"<@U0000ALICE>","text":"x","channel":"C1","ts":"1.1"}}""", "event.user" },
        { "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\",\"user\":\"U" + new string('X', 40) + "\",\"text\":\"x\",\"channel\":\"C1\",\"ts\":\"1.1\"}}", "event.user" },
        { """{"type":"event_callback","event_id":"Ev1","event":{"type":"reaction_added","user":"U0000ALICE"}}""", "event.reaction" },
        { """{"type":"event_callback","event_id":"Ev1","event":{"type":"reaction_added","reaction":"pushpin","user":"U0000ALICE"}}""", "event.item" },
        { """{"type":"event_callback","event_id":"Ev1","event":{"type":"reaction_added","reaction":"pushpin","item":{"type":"message","channel":"C1","ts":"1.1"}}}""", "event.user" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_event_is_refused_naming_the_field(string body, string field)
    {
        var reply = await slack.SendAsync(SlackRequests.EventsPath, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, field), (reply.Status, reply.ProblemField));
    }

    [Fact]
    public async Task A_refused_event_is_not_taken_so_its_corrected_delivery_is_acted_on()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Chat not taken");
        var ts = await slack.PostMessageAsync(channel, "x");
        var eventId = NewEventId();
        var broken = SlackRequests.EventCallback(eventId, SlackRequests.Message(channel, Alice, "kept after all", "not a ts"));

        Assert.Equal(HttpStatusCode.BadRequest, (await slack.EventAsync(broken)).Status);
        await slack.EventAsync(SlackRequests.EventCallback(eventId, SlackRequests.Message(channel, Alice, "kept after all", ts)));

        Assert.Single(Timeline(await slack.IncidentAsync(id)), e => e.Kind == "chatMessage");
    }

    private static string NewEventId() => "Ev" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
}
