using System.Net;
using System.Text.Json.Nodes;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Every way a responder or tool can get a response-loop command wrong (lead, responders, scope, severity, notes,
/// actions and outcomes, updates, resolve, post-mortem, alert feedback; over the API and by SMS) gets the right status
/// and a problem body naming what is wrong (or, for a 409, the incident's reason), and writes nothing: the incident row,
/// its records and its timeline are as they were, and no incident is opened. The rows are in
/// ResponseCommandRejectionTests.Cases.cs, the shared incidents and assertions in ResponseCommandRejectionTests.Rig.cs.
/// </summary>
/// <remarks>
/// The rows share a few incidents per fixture (acknowledged, triggered, resolved with its draft, closed), each taken
/// only once its orchestration has nothing left to do by itself, so its timeline can be compared before and after.
/// Opening one per row would also spend the e2e-rejects key's rate budget that <see cref="BadInputTests"/> relies on.
/// </remarks>
[Collection(PipelineCollection.Name)]
public sealed partial class ResponseCommandRejectionTests(PipelineFixture runtime)
{
    [Theory]
    [MemberData(nameof(RejectedBodies))]
    public async Task Invalid_command_body_gets_a_problem_naming_the_field_and_writes_nothing(string method, string path, string body, HttpStatusCode status, string field)
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}", Expand(body), status, field);
    }

    [Theory]
    [MemberData(nameof(NotAnIncident))]
    public async Task Command_for_an_id_that_is_not_an_incident_number_or_does_not_exist_is_refused_and_creates_nothing(
        string method, string path, string body, HttpStatusCode status, string field)
    {
        var before = await SnapshotAsync(NoSuchIncident);
        var reply = await SendAsync(method, path, body);

        AssertProblem(reply, status, field);
        Assert.Equal(before, await SnapshotAsync(NoSuchIncident));
    }

    [Fact]
    public async Task Hand_over_is_refused_with_409_before_acknowledgement_and_to_the_current_lead()
    {
        var triggered = (await TriggeredAsync()).Id;
        await AssertRejectedAsync(triggered, "POST", $"api/incidents/{triggered}/lead", """{"to": "Bob", "reason": "end of shift"}""",
            HttpStatusCode.Conflict, null, "acknowledge it");

        var acknowledged = (await AcknowledgedAsync()).Id;
        await AssertRejectedAsync(acknowledged, "POST", $"api/incidents/{acknowledged}/lead", """{"to": "alice"}""",
            HttpStatusCode.Conflict, null, "already the lead");
    }

    [Fact]
    public async Task Changing_severity_to_the_one_it_already_has_is_refused_with_409()
    {
        var id = (await AcknowledgedAsync()).Id;
        var current = (await _driver.IncidentAsync(id))["incident"]!["severity"]!.GetValue<string>();

        // As the API shows it and in lower case: the severity is parsed before it is compared.
        foreach (var spelling in new[] { current, current.ToLowerInvariant() })
        {
            await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/severity", $$"""{"severity": "{{spelling}}", "reason": "no change"}""",
                HttpStatusCode.Conflict, null, "already " + current);
        }
    }

    [Fact]
    public async Task Bringing_in_only_people_already_on_the_incident_is_a_409_and_pages_nobody()
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/responders", """{"responders": ["Alice"]}""", HttpStatusCode.Conflict, null, "already");
    }

    [Fact]
    public async Task Outcome_for_an_unknown_action_is_404_naming_actionId_and_a_second_outcome_is_409()
    {
        var id = (await AcknowledgedAsync()).Id;
        var action = await _driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Restart web-1", "why": "it stopped answering", "expectedEffect": "health check green within a minute", "undo": "nothing to undo; it restarts clean"}""");
        Assert.True(action.Status == HttpStatusCode.Created, action.ToString());
        var actionId = action.Json!["id"]!.GetValue<string>();
        var first = await _driver.PostJsonAsync($"api/incidents/{id}/actions/{actionId}/outcome", """{"result": "no-effect", "observed": "still failing"}""");
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/actions/{actionId}/outcome", """{"result": "worked", "observed": "green now"}""",
            HttpStatusCode.Conflict, null, "already has an outcome");
        var stored = (await _driver.GetAsync($"api/incidents/{id}/actions")).Json!["actions"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == actionId)!;
        Assert.Equal("no-effect", stored["outcome"]!["result"]!.GetValue<string>());
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/actions/not-an-action/outcome", """{"result": "worked", "observed": "green now"}""",
            HttpStatusCode.NotFound, "actionId");
    }

    [Fact]
    public async Task Updates_before_acknowledgement_are_refused_over_the_api_and_by_sms_and_write_nothing()
    {
        var id = (await TriggeredAsync()).Id;

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/updates", """{"text": "Investigating checkout errors"}""",
            HttpStatusCode.Conflict, null, "acknowledge it first");
        await AssertSmsRejectedAsync(id, $"{id}u Investigating checkout errors", "acknowledge it first");
    }

    [Fact]
    public async Task SMS_note_or_update_without_text_is_an_unknown_code_that_shows_the_form_and_writes_nothing()
    {
        var acknowledged = (await AcknowledgedAsync()).Id;
        await AssertSmsRejectedAsync(acknowledged, $"{acknowledged}n", "Unknown code", "<text>");
        await AssertSmsRejectedAsync(acknowledged, $"{acknowledged}u", "Unknown code", "<text>");
        await AssertSmsRejectedAsync(acknowledged, $"{acknowledged}n   ", "Unknown code", "<text>");

        var triggered = (await TriggeredAsync()).Id;
        await AssertSmsRejectedAsync(triggered, $"{triggered}u", "Unknown code");
    }

    [Fact]
    public async Task SMS_note_for_an_incident_that_does_not_exist_says_so_and_writes_nothing()
    {
        await AssertSmsRejectedAsync(NoSuchIncident, $"{NoSuchIncident}n disk full", $"INC {NoSuchIncident} does not exist");
    }

    [Fact]
    public async Task Resolved_incident_refuses_new_actions_a_second_resolve_and_other_changes_with_409()
    {
        var id = (await ResolvedAsync()).Id;

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/actions",
            """{"what": "Grow the disk", "why": "it filled up", "expectedEffect": "writes succeed", "undo": "shrink it back"}""",
            HttpStatusCode.Conflict, null, "resolved");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/resolve", """{"summary": "Resolved again"}""",
            HttpStatusCode.Conflict, null, "already resolved");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/lead", """{"to": "Bob"}""", HttpStatusCode.Conflict, null, "resolved");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/responders", """{"responders": ["Bob"]}""", HttpStatusCode.Conflict, null, "resolved");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/scope", """{"customerVisible": false}""", HttpStatusCode.Conflict, null, "resolved");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/severity", """{"severity": "SEV1", "reason": "late"}""", HttpStatusCode.Conflict, null, "resolved");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/updates", """{"text": "All good"}""", HttpStatusCode.Conflict, null, "resolved");
        await AssertSmsRejectedAsync(id, $"{id}u All good", "resolved");
    }

    [Fact]
    public async Task Post_mortem_cannot_be_read_edited_or_completed_before_resolution()
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, "GET", $"api/incidents/{id}/postmortem", "", HttpStatusCode.NotFound, "postmortem", "drafted when the incident resolves");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"lessons": ["too early"]}""", HttpStatusCode.NotFound, "postmortem");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/postmortem/complete", """{"by": "Alice"}""", HttpStatusCode.NotFound, "postmortem");
    }

    [Fact]
    public async Task Post_mortem_draft_rejects_invalid_edits_and_completion_without_a_responder()
    {
        var id = (await ResolvedAsync()).Id;
        const string Owner = """{"actionItems": [{"title": "Alert on disk at 80%", "owner": "", "dueBy": "2026-12-31T00:00:00Z", "reason": "r", "source": "manual", "done": false}]}""";

        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", Owner, HttpStatusCode.BadRequest, "actionItems[0].owner");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"wentWell": 5}""", HttpStatusCode.BadRequest, "wentWell");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"wentWell": "paging was fast"}""", HttpStatusCode.BadRequest, "wentWell");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"lessons": ["one", " "]}""", HttpStatusCode.BadRequest, "lessons[1]");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"actionItems": [{"title": "t", "owner": "o", "dueBy": "soon"}]}""",
            HttpStatusCode.BadRequest, "actionItems[0].dueBy");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"lessons": ["one"], "by": "Zed"}""", HttpStatusCode.BadRequest, "by");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/postmortem/complete", "{}", HttpStatusCode.BadRequest, "by");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/postmortem/complete", """{"by": "Zed"}""", HttpStatusCode.BadRequest, "by");
        Assert.Equal("draft", (await _driver.GetAsync($"api/incidents/{id}/postmortem")).Json!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Completed_post_mortem_refuses_a_second_completion_and_further_edits_with_409()
    {
        var id = (await ClosedAsync()).Id;

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/postmortem/complete", """{"by": "Bob"}""", HttpStatusCode.Conflict, null, "cannot be completed again");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"lessons": ["an afterthought"]}""", HttpStatusCode.Conflict, null, "cannot be edited");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/notes", """{"text": "an afterthought"}""", HttpStatusCode.Conflict, null, "closed");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/resolve", """{"summary": "again"}""", HttpStatusCode.Conflict, null, "already resolved");
    }

    [Fact]
    public async Task Outcome_on_a_closed_incident_is_refused_with_409()
    {
        var closed = await ClosedAsync();

        await AssertRejectedAsync(closed.Id, "POST", $"api/incidents/{closed.Id}/actions/{closed.ActionId}/outcome", """{"result": "worked", "observed": "seen afterwards"}""",
            HttpStatusCode.Conflict, null, "closed");
    }

    [Fact]
    public async Task Audience_written_as_a_comma_separated_list_is_not_an_audience()
    {
        // On the triggered incident the body is checked before the state: a wrongly accepted body shows as 409, not as a write.
        var id = (await TriggeredAsync()).Id;

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/updates", """{"text": "t", "audiences": ["team,users"]}""", HttpStatusCode.BadRequest, "audiences[0]");
        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/updates", """{"text": "t", "audiences": ["team, leadership"]}""", HttpStatusCode.BadRequest, "audiences[0]");
    }

    [Fact]
    public async Task Post_mortem_edit_with_nothing_to_edit_is_refused_and_writes_nothing()
    {
        var id = (await ResolvedAsync()).Id;

        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", "{}", HttpStatusCode.BadRequest, "$");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", """{"lesson": ["misspelt section"]}""", HttpStatusCode.BadRequest, "$");
    }

    [Fact]
    public async Task Body_over_64_KB_is_refused_with_413_and_writes_nothing()
    {
        var id = (await AcknowledgedAsync()).Id;
        var huge = new JsonObject { ["text"] = new string('x', 70 * 1024) }.ToJsonString();

        await AssertRejectedAsync(id, "POST", $"api/incidents/{id}/notes", huge, HttpStatusCode.RequestEntityTooLarge, "body");
        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/postmortem", huge, HttpStatusCode.RequestEntityTooLarge, "body");

        // Chunked, so there is no Content-Length to trust.
        var before = await SnapshotAsync(id);
        AssertProblem(await SendChunkedAsync($"api/incidents/{id}/notes", huge), HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Missing_or_wrong_admin_key_is_refused_with_401_or_403_and_writes_nothing(string method, string path, string body)
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}", body, HttpStatusCode.Unauthorized, "x-functions-key", key: null);
        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}", body, HttpStatusCode.Forbidden, "x-functions-key", key: "not-the-admin-key");
        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}?code=not-the-admin-key", body, HttpStatusCode.Forbidden, "x-functions-key", key: null);
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task An_incident_named_as_INC_n_rather_than_by_its_number_is_refused_naming_the_id(string method, string path, string body)
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, method, $"api/incidents/INC-{id}/{path}", body, HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Listing_actions_with_a_bad_filter_or_for_a_missing_incident_is_refused()
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, "GET", $"api/incidents/{id}/actions?open=maybe", "", HttpStatusCode.BadRequest, "open");
        AssertProblem(await _driver.GetAsync($"api/incidents/{NoSuchIncident}/actions"), HttpStatusCode.NotFound, "id");
        AssertProblem(await _driver.GetAsync("api/incidents/nine/actions"), HttpStatusCode.BadRequest, "id");
    }
}
