using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Every way a responder or tool can get a response-loop command wrong (lead, responders, scope, severity, notes,
/// actions and outcomes, updates, resolve, post-mortem; over the API and by SMS) gets the right status and a problem
/// body naming what is wrong, and writes nothing: the incident row, its records and its timeline are as they were.
/// </summary>
/// <remarks>
/// The rows share a few incidents per fixture (acknowledged, triggered, resolved with its draft, closed), each taken
/// only once its orchestration has nothing left to do by itself, so its timeline can be compared before and after.
/// Opening one per row would also spend the e2e-rejects key's rate budget that <see cref="BadInputTests"/> relies on.
/// </remarks>
[Collection(PipelineCollection.Name)]
public sealed class ResponseCommandRejectionTests(PipelineFixture runtime)
{
    private const long NoSuchIncident = 999_999_999;
    private const string RejectsKey = "e2e-rejects";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Shared incidents, by task hub and kind, created on first use.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<SharedIncident>>> Shared = new(StringComparer.Ordinal);

    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    public static TheoryData<string, string, string, HttpStatusCode, string> RejectedBodies => new()
    {
        // method, path after api/incidents/{id}/, body, status, field named

        // Lead hand-over.
        { "POST", "lead", "{}", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", """{"to": "Zed"}""", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", """{"to": 2}""", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", """{"to": "Bob", "reason": ["end of shift"]}""", HttpStatusCode.BadRequest, "reason" },

        // Responders.
        { "POST", "responders", "{}", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", """{"responders": ["Bob", "Zed"]}""", HttpStatusCode.BadRequest, "responders[1]" },
        { "POST", "responders", """{"policy": "no-such-policy"}""", HttpStatusCode.BadRequest, "policy" },
        { "POST", "responders", """{"responders": []}""", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", """{"responders": "Bob"}""", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", """{"responders": ["Bob", 7]}""", HttpStatusCode.BadRequest, "responders[1]" },
        { "POST", "responders", """{"responders": ["Bob"], "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Scope.
        { "PUT", "scope", """{"affectedServices": ["checkout"], "usersAffected": 10}""", HttpStatusCode.BadRequest, "customerVisible" },
        { "PUT", "scope", """{"customerVisible": "yes"}""", HttpStatusCode.BadRequest, "customerVisible" },
        { "PUT", "scope", """{"customerVisible": true, "hostsAffected": -1}""", HttpStatusCode.BadRequest, "hostsAffected" },
        { "PUT", "scope", """{"customerVisible": true, "hostsAffected": 1.5}""", HttpStatusCode.BadRequest, "hostsAffected" },
        { "PUT", "scope", """{"customerVisible": true, "usersAffected": "1200"}""", HttpStatusCode.BadRequest, "usersAffected" },
        { "PUT", "scope", """{"customerVisible": true, "affectedServices": "checkout"}""", HttpStatusCode.BadRequest, "affectedServices" },
        { "PUT", "scope", """{"customerVisible": true, "affectedServices": ["checkout", " "]}""", HttpStatusCode.BadRequest, "affectedServices[1]" },

        // Severity.
        { "PUT", "severity", """{"severity": "SEV5", "reason": "worse than the worst"}""", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", """{"severity": 1, "reason": "as a number"}""", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", """{"reason": "no severity"}""", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", """{"severity": "SEV1"}""", HttpStatusCode.BadRequest, "reason" },
        { "PUT", "severity", """{"severity": "SEV1", "reason": "customers affected", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Notes.
        { "POST", "notes", "{}", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", """{"text": "   "}""", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", """{"text": "disk is full", "kind": "rumour"}""", HttpStatusCode.BadRequest, "kind" },
        { "POST", "notes", """{"text": "{4001 chars}"}""", HttpStatusCode.BadRequest, "text" },

        // Actions: every required field on its own, then the undo plan.
        { "POST", "actions", """{"why": "w", "expectedEffect": "e", "undo": "u"}""", HttpStatusCode.BadRequest, "what" },
        { "POST", "actions", """{"what": "w", "expectedEffect": "e", "undo": "u"}""", HttpStatusCode.BadRequest, "why" },
        { "POST", "actions", """{"what": "w", "why": "w", "undo": "u"}""", HttpStatusCode.BadRequest, "expectedEffect" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e"}""", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": " ", "irreversible": false}""", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u", "irreversible": true}""", HttpStatusCode.BadRequest, "irreversible" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "irreversible": "yes"}""", HttpStatusCode.BadRequest, "irreversible" },
        { "POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Outcomes: the body is checked before the action is looked up.
        { "POST", "actions/a1b2c3d4/outcome", """{"result": "maybe", "observed": "o"}""", HttpStatusCode.BadRequest, "result" },
        { "POST", "actions/a1b2c3d4/outcome", """{"observed": "o"}""", HttpStatusCode.BadRequest, "result" },
        { "POST", "actions/a1b2c3d4/outcome", """{"result": "worked"}""", HttpStatusCode.BadRequest, "observed" },

        // Status updates.
        { "POST", "updates", "{}", HttpStatusCode.BadRequest, "text" },
        { "POST", "updates", """{"text": "t", "audiences": ["pilots"]}""", HttpStatusCode.BadRequest, "audiences[0]" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "pilots"]}""", HttpStatusCode.BadRequest, "audiences[1]" },
        { "POST", "updates", """{"text": "t", "audiences": ["1"]}""", HttpStatusCode.BadRequest, "audiences[0]" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "leadership", "users", "team"]}""", HttpStatusCode.BadRequest, "audiences" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "{1h ago}"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "{in 25h}"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": "after lunch"}""", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", """{"text": "t", "nextUpdateBy": 1764000000}""", HttpStatusCode.BadRequest, "nextUpdateBy" },

        // Wording for the status page: the first update to users names the incident for them; only updates to users carry it.
        { "POST", "updates", """{"text": "t", "audiences": ["users"]}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "users"], "impact": "Slow checkout"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["users"], "publicTitle": " "}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["users"], "publicTitle": 5}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "audiences": ["users"], "publicTitle": "Checkout\nslow"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", $$"""{"text": "t", "audiences": ["users"], "publicTitle": "{{new string('x', 121)}}"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", $$"""{"text": "t", "audiences": ["users"], "publicTitle": "Checkout slow", "impact": "{{new string('x', 501)}}"}""", HttpStatusCode.BadRequest, "impact" },
        { "POST", "updates", """{"text": "t", "audiences": ["team", "leadership"], "publicTitle": "Checkout slow"}""", HttpStatusCode.BadRequest, "publicTitle" },
        { "POST", "updates", """{"text": "t", "impact": "Slow checkout"}""", HttpStatusCode.BadRequest, "impact" },

        // Resolve.
        { "POST", "resolve", "{}", HttpStatusCode.BadRequest, "summary" },
        { "POST", "resolve", """{"summary": ""}""", HttpStatusCode.BadRequest, "summary" },
        { "POST", "resolve", """{"summary": "fixed", "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },

        // Alert feedback.
        { "POST", "alert-feedback", """{"by": "Alice"}""", HttpStatusCode.BadRequest, "useful" },
        { "POST", "alert-feedback", """{"useful": false, "by": "Zed"}""", HttpStatusCode.BadRequest, "by" },
        { "POST", "alert-feedback", """{"useful": false, "by": "Alice", "comment": 5}""", HttpStatusCode.BadRequest, "comment" },

        // Bodies that are not a JSON object.
        { "POST", "notes", """{"text": """, HttpStatusCode.BadRequest, "$" },
        { "POST", "notes", "[1, 2, 3]", HttpStatusCode.BadRequest, "$" },
        { "POST", "lead", "null", HttpStatusCode.BadRequest, "$" },
        { "PUT", "scope", "\"customerVisible\"", HttpStatusCode.BadRequest, "$" },
        { "POST", "actions", "what=w&why=w", HttpStatusCode.BadRequest, "$" },
        { "POST", "resolve", """{"summary": "fixed" """, HttpStatusCode.BadRequest, "$" },
        { "PUT", "postmortem", """[{"lessons": ["x"]}]""", HttpStatusCode.BadRequest, "$" },
        { "POST", "notes", """{"text": "t", "deep": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}""", HttpStatusCode.BadRequest, "$" },
    };

    public static TheoryData<string, string, string, HttpStatusCode, string> NotAnIncident => new()
    {
        // method, path, a body that is otherwise valid, status, field named
        { "POST", "api/incidents/abc/lead", """{"to": "Bob"}""", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/0/notes", """{"text": "t"}""", HttpStatusCode.BadRequest, "id" },
        { "PUT", "api/incidents/-4/scope", """{"customerVisible": true}""", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/1e3/updates", """{"text": "t"}""", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/abc/actions/a1b2c3d4/outcome", """{"result": "worked", "observed": "o"}""", HttpStatusCode.BadRequest, "id" },
        { "GET", "api/incidents/abc/postmortem", "", HttpStatusCode.BadRequest, "id" },
        { "POST", "api/incidents/abc/postmortem/complete", """{"by": "Alice"}""", HttpStatusCode.BadRequest, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/lead", """{"to": "Bob"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/responders", """{"responders": ["Bob"]}""", HttpStatusCode.NotFound, "id" },
        { "PUT", $"api/incidents/{NoSuchIncident}/scope", """{"customerVisible": true}""", HttpStatusCode.NotFound, "id" },
        { "PUT", $"api/incidents/{NoSuchIncident}/severity", """{"severity": "SEV1", "reason": "r"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/notes", """{"text": "t"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/actions/a1b2c3d4/outcome", """{"result": "worked", "observed": "o"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/updates", """{"text": "t"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/resolve", """{"summary": "s"}""", HttpStatusCode.NotFound, "id" },
        { "GET", $"api/incidents/{NoSuchIncident}/postmortem", "", HttpStatusCode.NotFound, "id" },
        { "PUT", $"api/incidents/{NoSuchIncident}/postmortem", """{"lessons": ["l"]}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/postmortem/complete", """{"by": "Alice"}""", HttpStatusCode.NotFound, "id" },
        { "POST", $"api/incidents/{NoSuchIncident}/alert-feedback", """{"useful": true, "by": "Alice"}""", HttpStatusCode.NotFound, "id" },
    };

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
        var before = await IncidentTableAsync() + await SnapshotAsync(NoSuchIncident);
        var reply = await SendAsync(method, path, body);

        AssertProblem(reply, status, field);
        Assert.Equal(before, await IncidentTableAsync() + await SnapshotAsync(NoSuchIncident));
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

        await AssertRejectedAsync(id, "PUT", $"api/incidents/{id}/severity", $$"""{"severity": "{{current.ToLowerInvariant()}}", "reason": "no change"}""",
            HttpStatusCode.Conflict, null, "already " + current);
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
    public async Task SMS_note_or_update_without_text_is_an_unknown_code_and_writes_nothing()
    {
        var acknowledged = (await AcknowledgedAsync()).Id;
        await AssertSmsRejectedAsync(acknowledged, $"{acknowledged}n", "Unknown code");
        await AssertSmsRejectedAsync(acknowledged, $"{acknowledged}u", "Unknown code");
        await AssertSmsRejectedAsync(acknowledged, $"{acknowledged}n   ", "Unknown code");

        var triggered = (await TriggeredAsync()).Id;
        await AssertSmsRejectedAsync(triggered, $"{triggered}u", "Unknown code");
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

        await AssertRejectedAsync(id, "GET", $"api/incidents/{id}/postmortem", "", HttpStatusCode.NotFound, "postmortem");
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
    [InlineData("POST", "notes", """{"text": "written without a key"}""")]
    [InlineData("POST", "actions", """{"what": "w", "why": "w", "expectedEffect": "e", "undo": "u"}""")]
    [InlineData("PUT", "scope", """{"customerVisible": true}""")]
    [InlineData("POST", "updates", """{"text": "written without a key"}""")]
    [InlineData("POST", "lead", """{"to": "Bob"}""")]
    [InlineData("GET", "postmortem", "")]
    public async Task Missing_or_wrong_admin_key_is_refused_with_401_or_403_and_writes_nothing(string method, string path, string body)
    {
        var id = (await AcknowledgedAsync()).Id;

        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}", body, HttpStatusCode.Unauthorized, "x-functions-key", key: null);
        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}", body, HttpStatusCode.Forbidden, "x-functions-key", key: "not-the-admin-key");
        await AssertRejectedAsync(id, method, $"api/incidents/{id}/{path}?code=not-the-admin-key", body, HttpStatusCode.Forbidden, "x-functions-key", key: null);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private sealed record SharedIncident(long Id, string? ActionId = null);

    /// <summary>Acknowledged by Alice on the slow policy with no update cadence: its orchestration waits for events only.</summary>
    private Task<SharedIncident> AcknowledgedAsync() => SharedAsync("acknowledged", async () =>
    {
        var id = await OpenIncidentAsync("Rejections: acknowledged");
        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        return new SharedIncident(id);
    });

    /// <summary>Paged on the slow policy's first tier; the next tier is ten minutes away.</summary>
    private Task<SharedIncident> TriggeredAsync() => SharedAsync("triggered", async () => new SharedIncident(await OpenIncidentAsync("Rejections: triggered")));

    /// <summary>Resolved over the API, its post-mortem drafted (due in a day at SEV2): it waits for the post-mortem's completion.</summary>
    private Task<SharedIncident> ResolvedAsync() => SharedAsync("resolved", async () =>
    {
        var id = await OpenIncidentAsync("Rejections: resolved");
        await ResolveAndWaitForDraftAsync(id);
        return new SharedIncident(id);
    });

    /// <summary>An action recorded, resolved, post-mortem completed once, and closed: its orchestration has finished.</summary>
    private Task<SharedIncident> ClosedAsync() => SharedAsync("closed", async () =>
    {
        var id = await OpenIncidentAsync("Rejections: closed");
        var action = await _driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Fail over to the replica", "why": "primary disk full", "expectedEffect": "writes succeed", "undo": "fail back"}""");
        Assert.True(action.Status == HttpStatusCode.Created, action.ToString());
        await ResolveAndWaitForDraftAsync(id);
        var completed = await _driver.PostJsonAsync($"api/incidents/{id}/postmortem/complete", """{"by": "Alice"}""");
        Assert.True(completed.Status == HttpStatusCode.OK, completed.ToString());
        await _driver.WaitForIncidentAsync(id, d => d["incident"]!["status"]!.GetValue<string>() == "closed" && HasTimelineEntry(d, "closed"), Deadline);
        return new SharedIncident(id, action.Json!["id"]!.GetValue<string>());
    });

    private Task<SharedIncident> SharedAsync(string kind, Func<Task<SharedIncident>> create) =>
        Shared.GetOrAdd(runtime.TaskHubName + "/" + kind, _ => new Lazy<Task<SharedIncident>>(create)).Value;

    /// <summary>Opens an incident on the rejects service and returns once Alice's page is on its timeline.</summary>
    private async Task<long> OpenIncidentAsync(string title)
    {
        var body = Payloads.Generic(title, Payloads.Unique("rejects"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var reply = await _driver.PostAlertAsync("generic", RejectsKey, body);
        while (reply.Status == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
        {
            // Other scenarios spend this key's budget too: come back when the runtime says to.
            await Task.Delay(reply.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(3));
            reply = await _driver.PostAlertAsync("generic", RejectsKey, body);
        }

        var id = Payloads.IncidentId(reply);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        await _driver.WaitForIncidentAsync(id, d => HasTimelineEntry(d, "pageSent"), Deadline);
        return id;
    }

    private async Task ResolveAndWaitForDraftAsync(long id)
    {
        var resolved = await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Cleared the full disk on db-1"}""");
        Assert.True(resolved.Status == HttpStatusCode.OK, resolved.ToString());

        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var postmortem = await _driver.GetAsync($"api/incidents/{id}/postmortem");
            if (postmortem.Status == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no post-mortem for INC {id}: {postmortem}");
            await Task.Delay(200);
        }

        // The draft row is written before its timeline entry; after that entry the orchestration waits for completion.
        await _driver.WaitForIncidentAsync(id, d => HasTimelineEntry(d, "postmortemDrafted"), Deadline);
    }

    private static bool HasTimelineEntry(JsonNode detail, string kind) =>
        detail["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == kind);

    private async Task AssertRejectedAsync(
        long id, string method, string path, string body, HttpStatusCode status, string? field, string? detailContains = null, string? key = "admin")
    {
        var before = await SnapshotAsync(id);
        var reply = await SendAsync(method, path, body, key);

        AssertProblem(reply, status, field, detailContains);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    private async Task AssertSmsRejectedAsync(long id, string text, string replyContains)
    {
        var before = await SnapshotAsync(id);
        var reply = await _driver.TextAsync(PipelineFixture.Alice, text);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Contains("<Message>", reply.Text);
        Assert.Contains(replyContains, reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    private Task<Reply> SendAsync(string method, string path, string body, string? key = "admin") => method switch
    {
        "GET" => _driver.GetAsync(path, key),
        "POST" => _driver.PostJsonAsync(path, body, key),
        "PUT" => _driver.PutJsonAsync(path, body, key),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    private async Task<Reply> SendChunkedAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("x-functions-key", PipelineFixture.AdminKey);
        using var response = await runtime.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
        return new Reply(response.StatusCode, text, json, response.Content.Headers.ContentType, response.Headers);
    }

    private static void AssertProblem(Reply reply, HttpStatusCode status, string? field, string? detailContains = null)
    {
        Assert.True(status == reply.Status, $"expected {(int)status} but got {reply}");
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.True(field == reply.Json?["field"]?.GetValue<string>(), $"expected field '{field}' but got {reply}");
        }

        var detail = reply.Json?["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"no detail in {reply}");
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Placeholders the rows cannot hold as constants: times relative to now, and a text one character too long.</summary>
    private static string Expand(string body) => body
        .Replace("{1h ago}", DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{in 25h}", DateTimeOffset.UtcNow.AddHours(25).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{4001 chars}", new string('x', 4001), StringComparison.Ordinal);

    /// <summary>
    /// What a rejected command must not change: the incident as the API shows it, and every row in its partition of the
    /// records and timeline tables (count, keys and ETags, so an overwrite shows too).
    /// </summary>
    private async Task<string> SnapshotAsync(long id)
    {
        var detail = await _driver.GetAsync($"api/incidents/{id}");
        var incident = detail.Status == HttpStatusCode.OK
            ? detail.Json!["incident"]!.ToJsonString()
            : ((int)detail.Status).ToString(CultureInfo.InvariantCulture);
        var partition = IncidentIds.PartitionKey(id);
        return $"incident {incident}\nrecords {await RowsAsync("IncidentRecords", partition)}\ntimeline {await RowsAsync("Timeline", partition)}";
    }

    private async Task<string> RowsAsync(string table, string partition)
    {
        var rows = new List<string>();
        await foreach (var row in runtime.Table(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row.RowKey + "@" + row.ETag);
        }

        rows.Sort(StringComparer.Ordinal);
        return $"{rows.Count} [{string.Join(", ", rows)}]";
    }

    /// <summary>No incident is opened and no number taken by a command for one that does not exist.</summary>
    private async Task<string> IncidentTableAsync()
    {
        var incidents = 0;
        await foreach (var _ in runtime.Table("Incidents").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            incidents++;
        }

        var counter = await runtime.Table("Counters").GetEntityIfExistsAsync<TableEntity>("counters", "incident");
        return $"incidents {incidents}, counter {(counter.HasValue ? counter.Value!.GetInt64("Value") : 0)}\n";
    }
}
