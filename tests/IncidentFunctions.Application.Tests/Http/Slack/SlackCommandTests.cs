using System.Net;
using IncidentFunctions.Testing;
using static IncidentFunctions.Application.Tests.Http.Slack.SlackInboundFixture;

namespace IncidentFunctions.Application.Tests.Http.Slack;

/// <summary>POST /api/slack/commands: "/incident" acts as the linked responder and answers, to them only, what it did or why not.</summary>
[Collection(SlackInboundCollection.Name)]
public sealed class SlackCommandTests(SlackInboundFixture slack)
{
    [Fact]
    public async Task Ack_in_the_incident_channel_makes_the_sender_the_lead_via_slack()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Checkout 5xx");

        var reply = await slack.CommandAsync(Alice, channel, "ack");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal($"INC {id} acknowledged: you are the lead.", reply.Ephemeral);
        var detail = await slack.IncidentAsync(id);
        Assert.Equal(("acknowledged", "Alice"), (detail["incident"]!["status"]!.GetValue<string>(), detail["incident"]!["lead"]!.GetValue<string>()));
        Assert.Contains(Timeline(detail), e => e.Kind == "acknowledged" && e.Summary == "Acknowledged by Alice via slack");
    }

    [Fact]
    public async Task An_update_is_posted_to_the_team_and_on_the_timeline_and_status_shows_it()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Payments slow");
        await slack.CommandAsync(Bob, channel, "lead");

        var reply = await slack.CommandAsync(Bob, channel, "update Rolled back deploy 512 &amp; watching");
        var status = await slack.CommandAsync(Carol, channel, "status");

        Assert.Equal($"INC {id}: update posted to the team.", reply.Ephemeral);
        Assert.Contains(Timeline(await slack.IncidentAsync(id)), e => e.Kind == "updatePosted" && e.Actor == "Bob" && e.Summary == "Update to team: Rolled back deploy 512 & watching");
        Assert.StartsWith($"INC {id} · SEV", status.Ephemeral, StringComparison.Ordinal);
        Assert.Contains("acknowledged: Payments slow (payments)\nLead: Bob\nNo update due\nLast update ", status.Ephemeral, StringComparison.Ordinal);
        Assert.EndsWith("UTC by Bob: Rolled back deploy 512 &amp; watching", status.Ephemeral, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_names_its_incident_from_anywhere_and_says_it_came_from_slack()
    {
        var (id, _) = await slack.OpenIncidentAsync("Queue backlog");
        var elsewhere = await slack.CreateChannelAsync($"general-{id}");

        var reply = await slack.CommandAsync(Carol, elsewhere, $"INC-{id} note consumers stuck on a poison message");

        Assert.Equal($"INC {id}: finding noted.", reply.Ephemeral);
        var note = Timeline(await slack.IncidentAsync(id)).Single(e => e.Kind == "note");
        Assert.Equal(("Carol", "Finding: consumers stuck on a poison message"), (note.Actor, note.Summary));
        Assert.Equal("slack", note.Node["data"]!["via"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_action_is_recorded_with_everything_the_API_asks_for_and_resolve_ends_it()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Cache stale");
        await slack.CommandAsync(Alice, channel, "ack");

        var action = await slack.CommandAsync(Alice, channel, "action Flush the cache; why: stale prices; expect: fresh prices; irreversible");
        var resolved = await slack.CommandAsync(Alice, channel, "resolve Flushed the cache; prices fresh");

        Assert.Matches($"^INC {id}: action recorded \\(.+\\)\\. It cannot be undone: its outcome will be asked for\\.$", action.Ephemeral);
        Assert.Equal($"INC {id} resolved.", resolved.Ephemeral);
        var detail = await slack.IncidentAsync(id);
        Assert.Contains(Timeline(detail), e => e.Kind == "actionRecorded" && e.Summary == "Action: Flush the cache (why: stale prices; expected: fresh prices; irreversible)");
        Assert.Contains(Timeline(detail), e => e.Kind == "resolved" && e.Summary == "Resolved by Alice via slack");
        Assert.Equal("Flushed the cache; prices fresh", detail["incident"]!["resolutionSummary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refusal_is_the_incident_s_own_reason_and_changes_nothing()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Refusal");
        var before = await slack.SnapshotAsync(id);

        var reply = await slack.CommandAsync(Alice, channel, "update all good");

        Assert.Equal($"INC {id} has no lead yet: acknowledge it first; updates are the lead's to keep.", reply.Ephemeral);
        Assert.Equal(before, await slack.SnapshotAsync(id));
    }

    [Fact]
    public async Task Someone_not_linked_to_a_responder_is_told_how_to_link_and_nothing_is_done()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Stranger");
        var before = await slack.SnapshotAsync(id);

        foreach (var text in new[] { "ack", "esc", "note hello", "resolve done", "help" })
        {
            var reply = await slack.CommandAsync(Stranger, channel, text);
            Assert.Equal("Your Slack account is not linked to a responder: add \"slackUserId\": \"U0STRANGER\" to your entry in the on-call file.", reply.Ephemeral);
        }

        Assert.Equal(before, await slack.SnapshotAsync(id));
    }

    [Fact]
    public async Task An_unknown_incident_or_an_unmapped_channel_without_a_number_is_answered_and_nothing_is_done()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Unknown");
        var elsewhere = await slack.CreateChannelAsync($"random-{id}");
        var before = await slack.SnapshotAsync(id);

        Assert.Equal("There is no incident 99999999.", (await slack.CommandAsync(Alice, channel, "99999999 ack")).Ephemeral);
        Assert.Equal("There is no incident 99999999.", (await slack.CommandAsync(Alice, channel, "#99999999")).Ephemeral);
        Assert.StartsWith("Which incident?", (await slack.CommandAsync(Alice, elsewhere, "ack")).Ephemeral, StringComparison.Ordinal);
        Assert.Equal(before, await slack.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("update", "update needs the text: /incident update Rolled back deploy 512")]
    [InlineData("action restart checkout pods", "action needs why, expect and undo:")]
    [InlineData("frobnicate", "'frobnicate' is not a command; /incident help lists them.")]
    [InlineData("", "/incident [number] command")]
    public async Task Text_the_grammar_does_not_take_is_answered_with_what_to_write_and_nothing_is_done(string text, string answer)
    {
        var (id, channel) = await slack.OpenIncidentAsync("Grammar");
        var before = await slack.SnapshotAsync(id);

        var reply = await slack.CommandAsync(Alice, channel, text);

        Assert.Contains(answer, reply.Ephemeral, StringComparison.Ordinal);
        Assert.Equal(before, await slack.SnapshotAsync(id));
    }

    [Fact]
    public async Task Markup_in_titles_and_texts_is_escaped_in_the_answer()
    {
        var (_, channel) = await slack.OpenIncidentAsync("<!channel> checkout down");

        var status = await slack.CommandAsync(Alice, channel, "status");

        Assert.Contains("&lt;!channel&gt; checkout down", status.Ephemeral, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", status.Ephemeral, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("channel_id")]
    public async Task A_form_without_who_or_where_is_refused_naming_the_field(string field)
    {
        var form = SlackRequests.CommandForm(Alice, "C0NOWHERE", "ack").Where(f => f.Key != field);

        var reply = await slack.SendAsync(SlackRequests.CommandsPath, SlackRequests.Form(form));

        Assert.Equal((HttpStatusCode.BadRequest, field), (reply.Status, reply.ProblemField));
    }
}
