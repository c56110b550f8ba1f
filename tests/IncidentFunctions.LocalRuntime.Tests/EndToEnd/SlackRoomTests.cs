using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.Faults;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// The incident room on the local runtime against the fake Slack: a channel per SEV1–2 incident with its topic, the
/// paged invited and the card with its buttons, an announcement for every incident, the card and topic kept current,
/// timeline entries posted once, the channel archived after the incident closes; and Slack's refusals (a name taken,
/// a rate limit, an outage) never in the way of paging.
/// </summary>
[Collection(SlackCollection.Name)]
public sealed class SlackRoomTests(SlackFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = runtime.Driver();

    [Fact]
    public async Task A_SEV2_gets_a_channel_with_topic_invitations_card_and_announcement_kept_current_until_archived()
    {
        var id = await OpenAsync("room", "Checkout 5xx above 2%");

        var channel = await ChannelAsync(id, c => c.Messages.Count >= 2 && c.Topic.Length > 0);
        Assert.Equal($"inc-{id}-room-checkout-5xx-above-2", channel.Name);
        Assert.Equal("SEV2 · room · Triggered · Lead: nobody yet", channel.Topic);
        Assert.Contains("U0000ALICE", channel.Members);
        var card = channel.Messages[0];
        Assert.Contains($"INC {id} · SEV2 · Checkout 5xx above 2%", Texts(card.Blocks), StringComparison.Ordinal);
        Assert.Equal(
            ["incident.lead", "incident.escalate", "incident.update", "incident.action", "incident.note", "incident.resolve"],
            Buttons(card.Blocks));
        Assert.Contains(channel.Messages, m => m.Text!.StartsWith(":pager:", StringComparison.Ordinal) && m.Text.EndsWith("Paged Alice (tier 1)", StringComparison.Ordinal));

        var announcement = await AnnouncementAsync(id);
        Assert.Contains($"<#{channel.Id}>", Texts(announcement.Blocks), StringComparison.Ordinal);
        Assert.Empty(Buttons(announcement.Blocks));

        // Alice takes the lead by text: card, topic and announcement follow.
        Assert.Equal(HttpStatusCode.OK, (await _driver.TextAsync(SlackFixture.Alice, $"{id}a")).Status);
        // One step sets the topic, then posts the new entries, then updates the card: wait for the last of them.
        channel = await ChannelAsync(id, c => c.Topic.Contains("Lead: Alice", StringComparison.Ordinal)
            && c.Messages.Any(m => m.Text!.Contains("Acknowledged by Alice", StringComparison.Ordinal))
            && Texts(c.Messages[0].Blocks).Contains("Alice (<@U0000ALICE>)", StringComparison.Ordinal));
        Assert.Equal("SEV2 · room · Acknowledged · Lead: Alice", channel.Topic);
        Assert.Contains("Alice (<@U0000ALICE>)", Texts(channel.Messages[0].Blocks), StringComparison.Ordinal);
        Assert.Contains(channel.Messages, m => m.Text!.Contains("Acknowledged by Alice", StringComparison.Ordinal));

        // Resolved (no post-mortem required in this configuration: it closes at once), then archived after the delay.
        await ResolveAsync(id);
        channel = await ChannelAsync(id, c => c.IsArchived);
        Assert.Contains(":white_check_mark:", channel.Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains($"/console/incidents/{id}/postmortem", channel.Messages[^1].Text, StringComparison.Ordinal);
        Assert.Empty(Buttons(channel.Messages[0].Blocks));
        Assert.Contains("· Closed", Texts(Announcements(id).Single().Blocks), StringComparison.Ordinal);

        // Every entry once: no line appears twice, however many steps ran.
        var lines = channel.Messages.Skip(1).Select(m => m.Text).ToList();
        Assert.Equal(lines.Count, lines.Distinct().Count());

        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "roomArchived"), Deadline);
        var opened = Assert.Single(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "roomOpened");
        Assert.Equal($"Slack channel #{channel.Name} opened", opened["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_incident_worked_from_its_channel_from_the_first_page_to_the_archived_channel()
    {
        var id = await OpenAsync("commands", "Payment API 502s");
        var channel = await ChannelAsync(id, c => c.Messages.Count >= 2 && c.Members.Contains("U0000ALICE"));

        // Bob presses "Take the lead" on the card: signed as Slack signs it.
        var press = await SlackAsync(SlackRequests.InteractivityPath, SlackRequests.Form(SlackRequests.PayloadForm(
            SlackRequests.Button("U00000BOB", channel.Id, "incident.lead", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        Assert.Equal(HttpStatusCode.OK, press.Status);
        channel = await ChannelAsync(id, c => c.Topic.Contains("Lead: Bob", StringComparison.Ordinal) && Texts(c.Messages[0].Blocks).Contains("Bob (<@U00000BOB>)", StringComparison.Ordinal));
        Assert.Equal("SEV2 · commands · Acknowledged · Lead: Bob", channel.Topic);
        Assert.Contains(channel.Members, m => m == "U00000BOB");
        var incident = await _driver.IncidentAsync(id);
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "acknowledged" && e["summary"]!.GetValue<string>().EndsWith("via slack", StringComparison.Ordinal));

        // Carol is brought in (invited to the channel), then an update typed in the channel: an ephemeral answer, the
        // team (Carol) texted, on the timeline and in the channel.
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/responders", """{"responders":["Carol"],"by":"Bob"}""")).Status);
        await ChannelAsync(id, c => c.Members.Contains("U0000CAROL"));
        var update = await CommandAsync("U00000BOB", channel.Id, "update Rolled back deploy 512; error rate falling");
        Assert.Equal(HttpStatusCode.OK, update.Status);
        Assert.Equal("ephemeral", update.Json!["response_type"]!.GetValue<string>());
        await runtime.Twilio.WaitForMessageAsync(m => m.To == SlackFixture.Carol && m.Body.Contains("Rolled back deploy 512", StringComparison.Ordinal), Deadline);
        await ChannelAsync(id, c => c.Messages.Any(m => m.Text!.StartsWith(":loudspeaker:", StringComparison.Ordinal) && m.Text.Contains("Rolled back deploy 512", StringComparison.Ordinal)));

        // The discussion: two messages, one pinned as a finding; a note made with the command.
        var finding = runtime.Slack.Say(channel.Id, "pool 3 is at max connections since deploy 512");
        var chatter = runtime.Slack.Say(channel.Id, "anyone else seeing slow CI?");
        Assert.Equal(HttpStatusCode.OK, (await EventAsync(SlackRequests.Message(channel.Id, "U0000ALICE", "pool 3 is at max connections since deploy 512", finding))).Status);
        Assert.Equal(HttpStatusCode.OK, (await EventAsync(SlackRequests.Message(channel.Id, "U0000CAROL", "anyone else seeing slow CI?", chatter))).Status);
        Assert.Equal(HttpStatusCode.OK, (await EventAsync(SlackRequests.Reaction("U00000BOB", "pushpin", channel.Id, finding))).Status);
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync("U00000BOB", channel.Id, "note Deploy 512 set the pool to 20 connections")).Status);
        incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "chatPinned"), Deadline);
        var messages = FaultRig.Timeline(incident).Where(e => FaultRig.Kind(e) == "chatMessage").ToList();
        Assert.Equal(["Alice", "Carol"], messages.Select(e => e["actor"]!.GetValue<string>()));
        Assert.Equal($"https://fake-workspace.slack.com/archives/{channel.Id}/p{finding.Replace(".", "", StringComparison.Ordinal)}", FaultRig.Data(messages[0], "permalink"));

        // Resolved from the channel; the draft offers the pinned message and the note, not the chatter.
        Assert.Equal(HttpStatusCode.OK, (await CommandAsync("U00000BOB", channel.Id, "resolve Rolled back deploy 512 and restored the pool size")).Status);
        var postmortem = await _driver.WaitForPostmortemAsync(id);
        var fromChannel = postmortem["postmortem"]?["fromChannel"] ?? postmortem["fromChannel"];
        Assert.NotNull(fromChannel);
        var texts = fromChannel!.AsArray().Select(f => f!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(["pool 3 is at max connections since deploy 512", "Finding: Deploy 512 set the pool to 20 connections"], texts);

        // Closed at once (no post-mortem required here), then archived after the delay with the last word.
        channel = await ChannelAsync(id, c => c.IsArchived);
        Assert.Contains($"/console/incidents/{id}/postmortem", channel.Messages[^1].Text, StringComparison.Ordinal);
        Assert.Contains(channel.Messages, m => m.Text!.Contains("Resolved by Bob via slack", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_taken_name_gets_a_suffix()
    {
        // The next incident's number is not known before it opens: take the names of the next few.
        var probe = await OpenAsync("taken", "Probe", severity: "warning");
        for (var n = probe + 1; n <= probe + 5; n++)
        {
            runtime.Slack.AddChannel($"inc-{n}-taken-queue-backlog");
        }

        var id = await OpenAsync("taken", "Queue backlog");
        Assert.InRange(id, probe + 1, probe + 5);
        var channel = await ChannelAsync(id, c => c.Messages.Count >= 1);
        Assert.Equal($"inc-{id}-taken-queue-backlog-2", channel.Name);
        await ResolveAsync(id);
        await ResolveAsync(probe);
    }

    [Fact]
    public async Task A_rate_limit_is_waited_out_and_the_channel_still_opens()
    {
        var calls = runtime.Slack.Calls.Count;
        runtime.Slack.RateLimitNext(1, TimeSpan.FromSeconds(1));
        var id = await OpenAsync("limited", "Latency");

        var channel = await ChannelAsync(id, c => c.Messages.Count >= 1);
        Assert.Contains(runtime.Slack.Calls.Skip(calls), c => c.StatusCode == 429);
        Assert.StartsWith($"inc-{id}-limited", channel.Name, StringComparison.Ordinal);
        await ResolveAsync(id);
    }

    [Fact]
    public async Task A_SEV3_gets_only_the_announcement_with_its_buttons()
    {
        var id = await OpenAsync("quiet", "Disk 80%", severity: "warning");

        var announcement = await AnnouncementAsync(id);
        Assert.Equal(
            ["incident.lead", "incident.escalate", "incident.update", "incident.action", "incident.note", "incident.resolve"],
            Buttons(announcement.Blocks));
        Assert.DoesNotContain(runtime.Slack.Channels, c => c.Name.StartsWith($"inc-{id}-", StringComparison.Ordinal));
        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "roomOpened"), Deadline);
        Assert.Equal("Announced in Slack", FaultRig.Timeline(incident).Single(e => FaultRig.Kind(e) == "roomOpened")["summary"]!.GetValue<string>());
        await ResolveAsync(id);
    }

    [Fact]
    public async Task Raised_to_SEV2_an_incident_gets_its_channel_with_everyone_paged_before_and_helpers_are_invited_as_they_join()
    {
        var id = await OpenAsync("helpers", "Slow queries", severity: "warning");
        await AnnouncementAsync(id);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == SlackFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);

        Assert.Equal(HttpStatusCode.OK, (await _driver.PutJsonAsync($"api/incidents/{id}/severity", """{"severity":"SEV2","reason":"customers see it"}""")).Status);
        var channel = await ChannelAsync(id, c => c.Members.Contains("U0000ALICE") && c.Topic.Length > 0);
        Assert.StartsWith("SEV2 · helpers", channel.Topic, StringComparison.Ordinal);
        // The announcement now points at the channel and leaves the buttons to its card.
        var announcement = await AnnouncementAsync(id, m => Texts(m.Blocks).Contains("SEV2", StringComparison.Ordinal));
        Assert.Contains($"<#{channel.Id}>", Texts(announcement.Blocks), StringComparison.Ordinal);
        Assert.Empty(Buttons(announcement.Blocks));

        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/responders", """{"responders":["Carol"],"reason":"knows the database"}""")).Status);
        // Invited first, then the entry posted, in one step: wait for both.
        channel = await ChannelAsync(id, c => c.Members.Contains("U0000CAROL")
            && c.Messages.Any(m => m.Text!.StartsWith(":raising_hand:", StringComparison.Ordinal) && m.Text.Contains("Carol", StringComparison.Ordinal)));
        await ResolveAsync(id);
    }

    [Fact]
    public async Task A_responder_without_a_Slack_id_is_paged_and_the_channel_opens_without_them()
    {
        var id = await OpenAsync("nobody", "Cache misses");

        await runtime.Twilio.WaitForMessageAsync(m => m.To == SlackFixture.Nobody && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);
        var channel = await ChannelAsync(id, c => c.Messages.Count >= 2);
        Assert.Equal(["U0FAKEBOT01"], channel.Members);
        await ResolveAsync(id);
    }

    [Fact]
    public async Task A_Slack_outage_does_not_delay_the_page_and_is_noted_once_then_caught_up()
    {
        runtime.Slack.FailNext("conversations.create", "invalid_auth");
        var id = await OpenAsync("outage", "Payments timeouts");

        // Paging goes on as if Slack were not there.
        await runtime.Twilio.WaitForMessageAsync(m => m.To == SlackFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);
        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "roomUnavailable"), Deadline);
        Assert.Contains("invalid_auth", FaultRig.Timeline(incident).Single(e => FaultRig.Kind(e) == "roomUnavailable")["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        // Counted for the dashboards, by Slack's own error code.
        var metrics = await runtime.Client.GetStringAsync("metrics");
        Assert.Matches("""incidentfunctions_provider_errors_total\{[^}]*code="invalid_auth"[^}]*provider="slack"[^}]*\} [1-9]""", metrics);
        // And the pipeline said it was degraded, on the event stream (other incidents' rooms may already have cleared it
        // on /api/health: this fake refuses the token once).
        await EventAsync("pipeline.degraded", "slack-credentials");

        // A minute later the room tries again, Slack answers, and the channel catches up.
        var channel = await ChannelAsync(id, c => c.Messages.Count >= 2, TimeSpan.FromSeconds(90));
        Assert.StartsWith($"inc-{id}-outage", channel.Name, StringComparison.Ordinal);
        incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "roomRestored"), Deadline);
        Assert.Single(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "roomUnavailable");
        await EventAsync("pipeline.recovered", "slack-credentials");
        Assert.DoesNotContain("slack-credentials", (await _driver.GetAsync("api/health", key: null)).Text, StringComparison.Ordinal);
        await ResolveAsync(id);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /// <summary>Waits for an event of <paramref name="type"/> naming <paramref name="condition"/> on the runtime's event queue (/api/dev/events).</summary>
    private async Task EventAsync(string type, string condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var messages = (await _driver.GetAsync("api/dev/events")).Json!["messages"]!.AsArray();
            if (messages.Any(m => m!.ToJsonString() is { } json && json.Contains($"\"{type}\"", StringComparison.Ordinal) && json.Contains(condition, StringComparison.Ordinal)))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"no {type} event for {condition}");
            await Task.Delay(200);
        }
    }

    private async Task<Reply> SlackAsync(string path, HttpContent content)
    {
        using var request = await SlackRequests.SignedAsync(path, content, Testing.World.TestWorldBuilder.SlackSigningSecret);
        using var response = await runtime.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, text.StartsWith('{') ? JsonNode.Parse(text) : null, response.Content.Headers.ContentType, response.Headers);
    }

    private Task<Reply> CommandAsync(string user, string channel, string text) =>
        SlackAsync(SlackRequests.CommandsPath, SlackRequests.Form(SlackRequests.CommandForm(user, channel, text)));

    private Task<Reply> EventAsync(JsonObject @event) =>
        SlackAsync(SlackRequests.EventsPath, SlackRequests.Json(SlackRequests.EventCallback("Ev" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), @event)));

    private async Task<long> OpenAsync(string service, string title, string severity = "error")
    {
        var body = new JsonObject { ["title"] = title, ["dedupKey"] = Payloads.Unique(service), ["severity"] = severity, ["status"] = "firing", ["source"] = "e2e" };
        var reply = await _driver.PostAlertAsync("generic", "slack-" + service, body.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        return Payloads.IncidentId(reply);
    }

    private async Task ResolveAsync(long id) =>
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary":"Fixed in the test"}""")).Status);

    /// <summary>The incident's channel once <paramref name="ready"/> holds (polled with a deadline: Slack calls are asynchronous to the test).</summary>
    private async Task<FakeSlackChannel> ChannelAsync(long id, Func<FakeSlackChannel, bool> ready, TimeSpan? timeout = null)
    {
        var until = DateTimeOffset.UtcNow + (timeout ?? Deadline);
        while (true)
        {
            var channel = runtime.Slack.Channels.FirstOrDefault(c => c.Name.StartsWith($"inc-{id}-", StringComparison.Ordinal) && !c.Name.EndsWith("-backlog", StringComparison.Ordinal));
            if (channel is not null && ready(channel))
            {
                return channel;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"INC {id}'s channel not ready: {(channel is null ? "none" : $"#{channel.Name}, topic '{channel.Topic}', {channel.Messages.Count} message(s), archived {channel.IsArchived}")}; " +
                    $"Slack calls: {string.Join("; ", runtime.Slack.Calls.TakeLast(8))}");
            }

            await Task.Delay(100);
        }
    }

    private IReadOnlyList<FakeSlackMessage> Announcements(long id) =>
        runtime.Slack.Channels.Single(c => c.Id == runtime.AnnouncementsId).Messages.Where(m => m.Text!.StartsWith($"INC {id} ", StringComparison.Ordinal)).ToList();

    private async Task<FakeSlackMessage> AnnouncementAsync(long id, Func<FakeSlackMessage, bool>? ready = null)
    {
        var until = DateTimeOffset.UtcNow + Deadline;
        while (true)
        {
            if (Announcements(id) is [var message] && (ready?.Invoke(message) ?? true))
            {
                return message;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"INC {id} was not announced");
            await Task.Delay(100);
        }
    }

    /// <summary>Every text in the blocks, one per line (the JSON escapes characters such as '·' and '&lt;').</summary>
    private static string Texts(string? blocks) =>
        string.Join("\n", JsonNode.Parse(blocks ?? "[]")!.AsArray().SelectMany(Strings));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.Where(p => p.Key == "text" && p.Value is JsonValue).Select(p => p.Value!.GetValue<string>()).Concat(o.Where(p => p.Value is not JsonValue).SelectMany(p => Strings(p.Value))),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };

    private static List<string> Buttons(string? blocks) =>
        JsonNode.Parse(blocks ?? "[]")!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!["action_id"]!.GetValue<string>()).ToList();
}
