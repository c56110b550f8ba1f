using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Testing;
using static IncidentFunctions.Application.Tests.Http.Slack.SlackInboundFixture;

namespace IncidentFunctions.Application.Tests.Http.Slack;

/// <summary>
/// POST /api/slack/interactivity: the card's buttons act at once or open their form; a submitted form is checked, then
/// carried out; the person is told by an ephemeral message in the channel.
/// </summary>
[Collection(SlackInboundCollection.Name)]
public sealed class SlackInteractivityTests(SlackInboundFixture slack)
{
    [Fact]
    public async Task Take_the_lead_acknowledges_as_lead_via_slack_and_tells_the_presser()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Button ack");

        var reply = await slack.InteractAsync(SlackRequests.Button(Bob, channel, SlackActions.TakeLead, N(id)));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var detail = await slack.IncidentAsync(id);
        Assert.Equal("Bob", detail["incident"]!["lead"]!.GetValue<string>());
        Assert.Contains(Timeline(detail), e => e.Kind == "acknowledged" && e.Summary == "Acknowledged by Bob via slack");
        Assert.Equal([$"INC {id} acknowledged: you are the lead."], slack.EphemeralsTo(channel, Bob));

        // Pressed again by someone else: the incident's refusal, told to them.
        await slack.InteractAsync(SlackRequests.Button(Carol, channel, SlackActions.TakeLead, N(id)));
        Assert.Equal([$"INC {id} is already acknowledged by Bob."], slack.EphemeralsTo(channel, Carol));
    }

    [Fact]
    public async Task Escalate_pages_the_next_tier_and_says_so()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Button escalate");

        await slack.InteractAsync(SlackRequests.Button(Alice, channel, SlackActions.Escalate, N(id)));

        Assert.Equal([$"INC {id}: paging the next tier now."], slack.EphemeralsTo(channel, Alice));
        await slack.WaitForIncidentAsync(id, d => Timeline(d).Any(e => e.Kind == "escalated"));
    }

    [Theory]
    [InlineData(SlackActions.PostUpdate, "text")]
    [InlineData(SlackActions.AddNote, "kind")]
    [InlineData(SlackActions.RecordAction, "irreversible")]
    [InlineData(SlackActions.Resolve, "summary")]
    public async Task A_form_button_opens_its_modal_naming_the_incident_and_channel(string actionId, string block)
    {
        var (id, channel) = await slack.OpenIncidentAsync("Form " + actionId);
        var trigger = "trigger-" + actionId + "-" + N(id);

        var reply = await slack.InteractAsync(SlackRequests.Button(Alice, channel, actionId, N(id), trigger));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var opened = slack.Slack.Views.Single(v => v.TriggerId == trigger);
        var view = JsonNode.Parse(opened.View)!;
        Assert.Equal(("modal", actionId), (view["type"]!.GetValue<string>(), view["callback_id"]!.GetValue<string>()));
        var metadata = JsonNode.Parse(view["private_metadata"]!.GetValue<string>())!;
        Assert.Equal((id, channel), (metadata["incident"]!.GetValue<long>(), metadata["channel"]!.GetValue<string>()));
        Assert.Contains(view["blocks"]!.AsArray(), b => b!["block_id"]!.GetValue<string>() == block);
        Assert.True(view["title"]!["text"]!.GetValue<string>().Length <= 24);
    }

    [Fact]
    public async Task A_form_that_cannot_open_is_explained_to_the_presser()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Form fails");
        slack.Slack.FailNext("views.open", "expired_trigger_id");

        await slack.InteractAsync(SlackRequests.Button(Alice, channel, SlackActions.PostUpdate, N(id)));

        Assert.Equal(["The form did not open (expired_trigger_id); type the command instead (/incident help lists them)."], slack.EphemeralsTo(channel, Alice));
    }

    [Fact]
    public async Task A_submitted_update_is_posted_and_the_result_told_in_the_channel()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Modal update");
        await slack.CommandAsync(Alice, channel, "ack");

        var reply = await slack.InteractAsync(Submit(Alice, SlackActions.PostUpdate, id, channel, new JsonObject { ["text"] = SlackRequests.TextInput("Failing over to the replica <soon>") }));

        Assert.Equal((HttpStatusCode.OK, ""), (reply.Status, reply.Text));
        Assert.Contains(Timeline(await slack.IncidentAsync(id)), e => e.Kind == "updatePosted" && e.Summary == "Update to team: Failing over to the replica <soon>");
        Assert.Equal([$"INC {id}: update posted to the team."], slack.EphemeralsTo(channel, Alice));
    }

    [Fact]
    public async Task A_submitted_note_keeps_its_kind_and_says_it_came_from_slack()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Modal note");

        await slack.InteractAsync(Submit(Carol, SlackActions.AddNote, id, channel, new JsonObject
        {
            ["text"] = SlackRequests.TextInput("Retry storm from the mobile app"),
            ["kind"] = SlackRequests.Selected("hypothesis"),
        }));

        var note = Timeline(await slack.IncidentAsync(id)).Single(e => e.Kind == "note");
        Assert.Equal(("Carol", "Hypothesis: Retry storm from the mobile app", "slack"), (note.Actor, note.Summary, note.Node["data"]!["via"]!.GetValue<string>()));
        Assert.Equal([$"INC {id}: hypothesis noted."], slack.EphemeralsTo(channel, Carol));
    }

    [Fact]
    public async Task A_submitted_action_is_recorded_and_resolve_resolves()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Modal action");
        await slack.CommandAsync(Alice, channel, "ack");

        await slack.InteractAsync(Submit(Alice, SlackActions.RecordAction, id, channel, new JsonObject
        {
            ["what"] = SlackRequests.TextInput("Scale checkout to 6"),
            ["why"] = SlackRequests.TextInput("CPU saturated"),
            ["expect"] = SlackRequests.TextInput("p99 under 300 ms"),
            ["undo"] = SlackRequests.TextInput("Scale back to 3"),
            ["irreversible"] = SlackRequests.Ticked([]),
        }));
        await slack.InteractAsync(Submit(Alice, SlackActions.Resolve, id, channel, new JsonObject { ["summary"] = SlackRequests.TextInput("Scaled out") }));

        var detail = await slack.IncidentAsync(id);
        Assert.Contains(Timeline(detail), e => e.Kind == "actionRecorded" && e.Summary == "Action: Scale checkout to 6 (why: CPU saturated; expected: p99 under 300 ms; undo: Scale back to 3)");
        Assert.Equal(("resolved", "Scaled out"), (detail["incident"]!["status"]!.GetValue<string>(), detail["incident"]!["resolutionSummary"]!.GetValue<string>()));
        Assert.Equal(2, slack.EphemeralsTo(channel, Alice).Count(t => t.StartsWith($"INC {id}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_form_with_problems_stays_open_showing_each_beside_its_input_and_nothing_is_done()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Modal errors");
        await slack.CommandAsync(Alice, channel, "ack");
        var before = await slack.SnapshotAsync(id);

        var action = await slack.InteractAsync(Submit(Alice, SlackActions.RecordAction, id, channel, new JsonObject
        {
            ["what"] = SlackRequests.TextInput("Drop the cache"),
            ["why"] = SlackRequests.TextInput(null),
            ["expect"] = SlackRequests.TextInput("fresh reads"),
            ["undo"] = SlackRequests.TextInput("warm it again"),
            ["irreversible"] = SlackRequests.Ticked(["irreversible"]),
        }));
        var update = await slack.InteractAsync(Submit(Alice, SlackActions.PostUpdate, id, channel,
            new JsonObject { ["text"] = SlackRequests.TextInput(new string('x', 1601)) }));

        Assert.Equal(HttpStatusCode.OK, action.Status);
        Assert.Equal("errors", action.Json!["response_action"]!.GetValue<string>());
        Assert.Equal("Say why it was done.", action.Json["errors"]!["why"]!.GetValue<string>());
        Assert.Equal("An action with an undo plan is not irreversible: give one or the other.", action.Json["errors"]!["irreversible"]!.GetValue<string>());
        Assert.Equal("At most 1600 characters (this is 1601).", update.Json!["errors"]!["text"]!.GetValue<string>());
        Assert.Equal(before, await slack.SnapshotAsync(id));
        Assert.DoesNotContain(slack.EphemeralsTo(channel, Alice), t => t.Contains("recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_not_linked_is_refused_by_ephemeral_and_nothing_is_done()
    {
        var (id, channel) = await slack.OpenIncidentAsync("Stranger button");
        var before = await slack.SnapshotAsync(id);

        await slack.InteractAsync(SlackRequests.Button(Stranger, channel, SlackActions.TakeLead, N(id)));
        await slack.InteractAsync(SlackRequests.Button(Stranger, channel, SlackActions.PostUpdate, N(id), "trigger-stranger"));
        await slack.InteractAsync(Submit(Stranger, SlackActions.Resolve, id, channel, new JsonObject { ["summary"] = SlackRequests.TextInput("gone") }));

        Assert.Equal(3, slack.EphemeralsTo(channel, Stranger).Count(t => t.StartsWith("Your Slack account is not linked to a responder", StringComparison.Ordinal)));
        Assert.DoesNotContain(slack.Slack.Views, v => v.TriggerId == "trigger-stranger");
        Assert.Equal(before, await slack.SnapshotAsync(id));
    }

    [Fact]
    public async Task A_button_of_an_unknown_incident_is_answered_and_opens_nothing()
    {
        var (_, channel) = await slack.OpenIncidentAsync("Unknown button");

        await slack.InteractAsync(SlackRequests.Button(Alice, channel, SlackActions.TakeLead, "99999999"));
        await slack.InteractAsync(SlackRequests.Button(Alice, channel, SlackActions.AddNote, "99999999", "trigger-unknown"));

        Assert.Equal(["There is no incident 99999999.", "There is no incident 99999999."], slack.EphemeralsTo(channel, Alice).TakeLast(2));
        Assert.DoesNotContain(slack.Slack.Views, v => v.TriggerId == "trigger-unknown");
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "payload" },
        { "payload=", "payload" },
        { "payload=not%20json", "payload" },
        { "payload=%5B1%2C2%5D", "payload" },
        { "payload=%7B%7D", "payload.type" },
        { "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{}}"""), "payload.user.id" },
        { "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"\ud800"}}"""), "payload.user.id" },
        { "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U0000ALICE"}}"""), "payload.actions" },
        { "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U0000ALICE"},"actions":[{}]}"""), "payload.actions[0].action_id" },
        { "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U0000ALICE"},"actions":[{"action_id":"incident.lead","value":"x"}]}"""), "payload.actions[0].value" },
        { "payload=" + Uri.EscapeDataString("""{"type":"block_actions","user":{"id":"U0000ALICE"},"actions":[{"action_id":"incident.note","value":"1"}]}"""), "payload.trigger_id" },
        { "payload=" + Uri.EscapeDataString("""{"type":"view_submission","user":{"id":"U0000ALICE"}}"""), "payload.view" },
        { "payload=" + Uri.EscapeDataString("""{"type":"view_submission","user":{"id":"U0000ALICE"},"view":{"callback_id":"incident.note","private_metadata":"{}"}}"""), "payload.view.private_metadata" },
        { "payload=" + Uri.EscapeDataString("""{"type":"view_submission","user":{"id":"U0000ALICE"},"view":{"callback_id":"incident.note","private_metadata":"{\"incident\":1}"}}"""), "payload.view.state.values" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_payload_is_refused_naming_the_field(string form, string field)
    {
        var calls = slack.Slack.Calls.Count;

        var reply = await slack.SendAsync(SlackRequests.InteractivityPath, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal((HttpStatusCode.BadRequest, field), (reply.Status, reply.ProblemField));
        Assert.Equal(calls, slack.Slack.Calls.Count);
    }

    private static JsonObject Submit(string user, string form, long id, string channel, JsonObject values) =>
        SlackRequests.Submission(user, form, new JsonObject { ["incident"] = id, ["channel"] = channel }.ToJsonString(), values);

    private static string N(long id) => id.ToString(CultureInfo.InvariantCulture);
}
