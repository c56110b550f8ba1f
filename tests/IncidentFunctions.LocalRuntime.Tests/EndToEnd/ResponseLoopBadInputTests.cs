using System.Globalization;
using System.Net;
using Azure.Data.Tables;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Every response-loop endpoint refuses what it cannot do: a clear status, a problem naming the field (or, for a 409,
/// the incident's reason), and nothing written: no record, no change to the incident row, no timeline entry.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ResponseLoopBadInputTests(PipelineFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // Shared by every test of the class: an incident Alice leads and one nobody has acknowledged. Rejected requests
    // write nothing, so they stay as they are; the few tests that write something use incidents of their own.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static long? _acknowledged;
    private static long? _triggered;

    /// <summary>The timeline kinds the response-loop endpoints write (the orchestration's own entries are not counted).</summary>
    private static readonly string[] ResponseKinds =
    [
        "Note", "ActionRecorded", "ActionConfirmed", "UpdatePosted", "ScopeChanged", "SeverityChanged", "LeadChanged",
        "RespondersAdded", "Resolved", "PostmortemEdited", "PostmortemCompleted",
    ];

    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    private const string Action = """{"what": "Restart web-1", "why": "stuck workers", "expectedEffect": "queue drains", "undo": "nothing to undo: a restart"}""";

    public static TheoryData<string, string, string, HttpStatusCode, string> RejectedOnAnAcknowledgedIncident => new()
    {
        // method, route under api/incidents/{id}, body, status, field named

        // Shapes every command shares.
        { "POST", "notes", "{\"text\": ", HttpStatusCode.BadRequest, "$" },
        { "POST", "notes", "[\"text\"]", HttpStatusCode.BadRequest, "$" },
        { "POST", "notes", "{\"text\": \"found it\", \"by\": \"Zed\"}", HttpStatusCode.BadRequest, "by" },

        // Lead.
        { "POST", "lead", "{}", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", "{\"to\": 5}", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", "{\"to\": \"Zed\"}", HttpStatusCode.BadRequest, "to" },
        { "POST", "lead", "{\"to\": \"Bob\", \"reason\": 7}", HttpStatusCode.BadRequest, "reason" },

        // Responders.
        { "POST", "responders", "{}", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", "{\"responders\": []}", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", "{\"responders\": \"Bob\"}", HttpStatusCode.BadRequest, "responders" },
        { "POST", "responders", "{\"responders\": [\"Bob\", \"Zed\"]}", HttpStatusCode.BadRequest, "responders[1]" },
        { "POST", "responders", "{\"responders\": [\"Bob\", 3]}", HttpStatusCode.BadRequest, "responders[1]" },
        { "POST", "responders", "{\"policy\": \"no-such-policy\"}", HttpStatusCode.BadRequest, "policy" },
        { "POST", "responders", "{\"policy\": 3}", HttpStatusCode.BadRequest, "policy" },
        { "POST", "responders", "{\"responders\": [\"Bob\"], \"policy\": \"slow\"}", HttpStatusCode.BadRequest, "policy" },

        // Scope.
        { "PUT", "scope", "{\"affectedServices\": [\"checkout\"]}", HttpStatusCode.BadRequest, "customerVisible" },
        { "PUT", "scope", "{\"customerVisible\": \"yes\"}", HttpStatusCode.BadRequest, "customerVisible" },
        { "PUT", "scope", "{\"customerVisible\": true, \"affectedServices\": \"checkout\"}", HttpStatusCode.BadRequest, "affectedServices" },
        { "PUT", "scope", "{\"customerVisible\": true, \"affectedServices\": [1]}", HttpStatusCode.BadRequest, "affectedServices[0]" },
        { "PUT", "scope", "{\"customerVisible\": true, \"hostsAffected\": -1}", HttpStatusCode.BadRequest, "hostsAffected" },
        { "PUT", "scope", "{\"customerVisible\": true, \"usersAffected\": 1.5}", HttpStatusCode.BadRequest, "usersAffected" },
        { "PUT", "scope", "{\"customerVisible\": true, \"usersAffected\": \"many\"}", HttpStatusCode.BadRequest, "usersAffected" },

        // Severity.
        { "PUT", "severity", "{\"reason\": \"worse\"}", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", "{\"severity\": \"SEV5\", \"reason\": \"worse\"}", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", "{\"severity\": 1, \"reason\": \"worse\"}", HttpStatusCode.BadRequest, "severity" },
        { "PUT", "severity", "{\"severity\": \"SEV1\"}", HttpStatusCode.BadRequest, "reason" },
        { "PUT", "severity", "{\"severity\": \"SEV1\", \"reason\": \"  \"}", HttpStatusCode.BadRequest, "reason" },

        // Notes.
        { "POST", "notes", "{}", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", "{\"text\": \"\"}", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", "{\"text\": 42}", HttpStatusCode.BadRequest, "text" },
        { "POST", "notes", "{\"text\": \"found it\", \"kind\": \"guess\"}", HttpStatusCode.BadRequest, "kind" },

        // Actions: what, why and expected effect, and exactly one of an undo path or irreversible.
        { "POST", "actions", "{\"why\": \"w\", \"expectedEffect\": \"e\", \"undo\": \"u\"}", HttpStatusCode.BadRequest, "what" },
        { "POST", "actions", "{\"what\": \"x\", \"expectedEffect\": \"e\", \"undo\": \"u\"}", HttpStatusCode.BadRequest, "why" },
        { "POST", "actions", "{\"what\": \"x\", \"why\": \"w\", \"undo\": \"u\"}", HttpStatusCode.BadRequest, "expectedEffect" },
        { "POST", "actions", "{\"what\": \"x\", \"why\": \"w\", \"expectedEffect\": \"e\"}", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", "{\"what\": \"x\", \"why\": \"w\", \"expectedEffect\": \"e\", \"undo\": \"\"}", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", "{\"what\": \"x\", \"why\": \"w\", \"expectedEffect\": \"e\", \"irreversible\": false}", HttpStatusCode.BadRequest, "undo" },
        { "POST", "actions", "{\"what\": \"x\", \"why\": \"w\", \"expectedEffect\": \"e\", \"undo\": \"u\", \"irreversible\": true}", HttpStatusCode.BadRequest, "irreversible" },
        { "POST", "actions", "{\"what\": \"x\", \"why\": \"w\", \"expectedEffect\": \"e\", \"irreversible\": \"yes\"}", HttpStatusCode.BadRequest, "irreversible" },

        // Outcomes.
        { "POST", "actions/a1b2c3d4/outcome", "{\"observed\": \"o\"}", HttpStatusCode.BadRequest, "result" },
        { "POST", "actions/a1b2c3d4/outcome", "{\"result\": \"great\", \"observed\": \"o\"}", HttpStatusCode.BadRequest, "result" },
        { "POST", "actions/a1b2c3d4/outcome", "{\"result\": \"worked\"}", HttpStatusCode.BadRequest, "observed" },
        { "POST", "actions/a1b2c3d4/outcome", "{\"result\": \"worked\", \"observed\": \"o\"}", HttpStatusCode.NotFound, "actionId" },

        // Updates.
        { "POST", "updates", "{}", HttpStatusCode.BadRequest, "text" },
        { "POST", "updates", "{\"text\": \"all good\", \"audiences\": [\"press\"]}", HttpStatusCode.BadRequest, "audiences[0]" },
        { "POST", "updates", "{\"text\": \"all good\", \"audiences\": []}", HttpStatusCode.BadRequest, "audiences" },
        { "POST", "updates", "{\"text\": \"all good\", \"audiences\": \"team\"}", HttpStatusCode.BadRequest, "audiences" },
        { "POST", "updates", "{\"text\": \"all good\", \"nextUpdateBy\": \"2020-01-01T00:00:00Z\"}", HttpStatusCode.BadRequest, "nextUpdateBy" },
        { "POST", "updates", "{\"text\": \"all good\", \"nextUpdateBy\": \"after lunch\"}", HttpStatusCode.BadRequest, "nextUpdateBy" },

        // Resolve.
        { "POST", "resolve", "{}", HttpStatusCode.BadRequest, "summary" },
        { "POST", "resolve", "{\"summary\": \"\"}", HttpStatusCode.BadRequest, "summary" },

        // Post-mortem: type errors, empty sections and completion without a name are 400s; none has been drafted yet.
        { "PUT", "postmortem", "{\"lessons\": \"fewer alerts\"}", HttpStatusCode.BadRequest, "lessons" },
        { "PUT", "postmortem", "{\"summary\": \"\"}", HttpStatusCode.BadRequest, "summary" },
        { "PUT", "postmortem", "{\"lessons\": [\"ok\", \"\"]}", HttpStatusCode.BadRequest, "lessons[1]" },
        { "PUT", "postmortem", "{\"lessons\": [\"fewer alerts\"]}", HttpStatusCode.NotFound, "postmortem" },
        { "POST", "postmortem/complete", "{}", HttpStatusCode.BadRequest, "by" },
        { "POST", "postmortem/complete", "{\"by\": \"Alice\"}", HttpStatusCode.NotFound, "postmortem" },

        // Alert feedback.
        { "POST", "alert-feedback", "{\"by\": \"Alice\"}", HttpStatusCode.BadRequest, "useful" },
        { "POST", "alert-feedback", "{\"useful\": \"no\", \"by\": \"Alice\"}", HttpStatusCode.BadRequest, "useful" },
        { "POST", "alert-feedback", "{\"useful\": false, \"by\": \"Zed\"}", HttpStatusCode.BadRequest, "by" },
    };

    [Theory]
    [MemberData(nameof(RejectedOnAnAcknowledgedIncident))]
    public async Task Rejected_command_gets_a_problem_naming_the_field_and_writes_nothing(
        string method, string route, string body, HttpStatusCode status, string field)
    {
        var id = await AcknowledgedAsync();
        var before = await SnapshotAsync(id);

        var reply = await SendAsync(method, $"api/incidents/{id}/{route}", body);

        AssertProblem(reply, status, field);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    public static TheoryData<string, string, string> EveryCommand => new()
    {
        { "POST", "lead", "{\"to\": \"Bob\"}" },
        { "POST", "responders", "{\"responders\": [\"Carol\"]}" },
        { "PUT", "scope", "{\"affectedServices\": [\"checkout\"], \"customerVisible\": false}" },
        { "PUT", "severity", "{\"severity\": \"SEV3\", \"reason\": \"contained\"}" },
        { "POST", "notes", "{\"text\": \"found it\"}" },
        { "POST", "actions", Action },
        { "POST", "actions/a1b2c3d4/outcome", "{\"result\": \"worked\", \"observed\": \"o\"}" },
        { "POST", "updates", "{\"text\": \"all good\"}" },
        { "POST", "resolve", "{\"summary\": \"fixed\"}" },
        { "PUT", "postmortem", "{\"lessons\": [\"fewer alerts\"]}" },
        { "POST", "postmortem/complete", "{\"by\": \"Alice\"}" },
        { "POST", "alert-feedback", "{\"useful\": true, \"by\": \"Alice\"}" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task A_command_for_an_incident_that_does_not_exist_is_a_404_naming_the_id_and_writes_nothing(string method, string route, string body)
    {
        const long missing = 99_999_999;
        var before = await SnapshotAsync(missing);

        var reply = await SendAsync(method, $"api/incidents/{missing}/{route}", body);

        AssertProblem(reply, HttpStatusCode.NotFound, "id");
        Assert.Equal(before, await SnapshotAsync(missing));
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task A_command_without_the_admin_key_is_refused_and_a_malformed_id_is_named(string method, string route, string body)
    {
        var id = await AcknowledgedAsync();
        var before = await SnapshotAsync(id);

        AssertProblem(await SendAsync(method, $"api/incidents/{id}/{route}", body, key: null), HttpStatusCode.Unauthorized, "x-functions-key");
        AssertProblem(await SendAsync(method, $"api/incidents/{id}/{route}", body, key: "not-the-key"), HttpStatusCode.Forbidden, "x-functions-key");
        AssertProblem(await SendAsync(method, $"api/incidents/INC-{id}/{route}", body), HttpStatusCode.BadRequest, "id");
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Commands_that_need_a_lead_are_refused_with_409_before_acknowledgement()
    {
        var id = await TriggeredAsync();
        var before = await SnapshotAsync(id);

        var handOver = await _driver.PostJsonAsync($"api/incidents/{id}/lead", """{"to": "Bob"}""");
        AssertConflict(handOver, "acknowledge");

        var update = await _driver.PostJsonAsync($"api/incidents/{id}/updates", """{"text": "looking into it"}""");
        AssertConflict(update, "acknowledge");

        var sms = await _driver.TextAsync(PipelineFixture.Alice, $"{id}u looking into it");
        Assert.Equal(HttpStatusCode.OK, sms.Status);
        Assert.Contains("acknowledge", sms.Text);
        Assert.DoesNotContain("update sent", sms.Text);

        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Equal("triggered", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handing_the_lead_to_the_lead_or_setting_the_same_severity_is_a_409()
    {
        var id = await AcknowledgedAsync();
        var before = await SnapshotAsync(id);

        AssertConflict(await _driver.PostJsonAsync($"api/incidents/{id}/lead", """{"to": "alice"}"""), "already the lead");

        var current = (await _driver.IncidentAsync(id))["incident"]!["severity"]!.GetValue<string>();
        AssertConflict(await _driver.PutJsonAsync($"api/incidents/{id}/severity", $$"""{"severity": "{{current}}", "reason": "no change"}"""), "already");

        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Bringing_in_only_people_already_on_the_incident_is_a_409_and_pages_nobody()
    {
        var id = await AcknowledgedAsync();
        var before = await SnapshotAsync(id);

        AssertConflict(await _driver.PostJsonAsync($"api/incidents/{id}/responders", """{"responders": ["Alice"]}"""), "already");

        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task An_update_promising_the_next_more_than_a_day_ahead_is_refused()
    {
        var id = await AcknowledgedAsync();
        var before = await SnapshotAsync(id);
        var tooFar = DateTimeOffset.UtcNow.AddHours(25).ToString("O", CultureInfo.InvariantCulture);
        var justPast = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);

        AssertProblem(await _driver.PostJsonAsync($"api/incidents/{id}/updates", $$"""{"text": "later", "nextUpdateBy": "{{tooFar}}"}"""),
            HttpStatusCode.BadRequest, "nextUpdateBy");
        AssertProblem(await _driver.PostJsonAsync($"api/incidents/{id}/updates", $$"""{"text": "later", "nextUpdateBy": "{{justPast}}"}"""),
            HttpStatusCode.BadRequest, "nextUpdateBy");

        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task An_outcome_is_recorded_once_and_the_second_is_a_409_that_changes_nothing()
    {
        var id = await AcknowledgedAsync();
        var action = await _driver.PostJsonAsync($"api/incidents/{id}/actions", Action);
        Assert.Equal(HttpStatusCode.Created, action.Status);
        var actionId = action.Json!["id"]!.GetValue<string>();
        var first = await _driver.PostJsonAsync($"api/incidents/{id}/actions/{actionId}/outcome", """{"result": "worked", "observed": "queue drained in 2 minutes"}""");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var before = await SnapshotAsync(id);

        var second = await _driver.PostJsonAsync($"api/incidents/{id}/actions/{actionId}/outcome", """{"result": "made-worse", "observed": "changed my mind"}""");

        AssertConflict(second, "already");
        Assert.Equal(before, await SnapshotAsync(id));
        var stored = (await _driver.GetAsync($"api/incidents/{id}/actions")).Json!["actions"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == actionId)!;
        Assert.Equal("worked", stored["outcome"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listing_actions_with_a_bad_filter_or_for_a_missing_incident_is_refused()
    {
        var id = await AcknowledgedAsync();

        AssertProblem(await _driver.GetAsync($"api/incidents/{id}/actions?open=maybe"), HttpStatusCode.BadRequest, "open");
        AssertProblem(await _driver.GetAsync("api/incidents/99999999/actions"), HttpStatusCode.NotFound, "id");
        AssertProblem(await _driver.GetAsync("api/incidents/nine/actions"), HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task A_postmortem_that_is_not_drafted_yet_is_a_404_that_says_so()
    {
        var id = await AcknowledgedAsync();

        var reply = await _driver.GetAsync($"api/incidents/{id}/postmortem");

        AssertProblem(reply, HttpStatusCode.NotFound, "postmortem");
        Assert.Contains("drafted when the incident resolves", reply.Json!["detail"]!.GetValue<string>());
        AssertProblem(await _driver.GetAsync("api/incidents/99999999/postmortem"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Commands_on_a_resolved_incident_that_need_it_open_are_refused_with_409()
    {
        var id = await OpenAsync("Resolved before the response");
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "false alarm", "by": "Alice"}""")).Status);

        // Resolution drafts the post-mortem in the background (a record of its own): let it land first.
        var deadline = DateTime.UtcNow + Deadline;
        while ((await _driver.GetAsync($"api/incidents/{id}/postmortem")).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no post-mortem was drafted for INC {id}");
            await Task.Delay(200);
        }

        var before = await SnapshotAsync(id);

        AssertConflict(await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "again"}"""), "resolved");
        AssertConflict(await _driver.PostJsonAsync($"api/incidents/{id}/actions", Action), "resolved");
        AssertConflict(await _driver.PostJsonAsync($"api/incidents/{id}/updates", """{"text": "all good"}"""), "resolved");
        AssertConflict(await _driver.PutJsonAsync($"api/incidents/{id}/severity", """{"severity": "SEV1", "reason": "too late"}"""), "resolved");
        AssertConflict(await _driver.PostJsonAsync($"api/incidents/{id}/responders", """{"responders": ["Bob"]}"""), "resolved");

        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task SMS_note_or_update_without_text_is_explained_and_writes_nothing()
    {
        var id = await AcknowledgedAsync();
        var before = await SnapshotAsync(id);

        foreach (var body in new[] { $"{id}n", $"{id}n   ", $"{id}u" })
        {
            var reply = await _driver.TextAsync(PipelineFixture.Alice, body);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.DoesNotContain("noted", reply.Text);
            Assert.DoesNotContain("update sent", reply.Text);
            Assert.Contains("<text>", System.Net.WebUtility.HtmlDecode(reply.Text));
        }

        var missing = await _driver.TextAsync(PipelineFixture.Alice, "99999999n disk full");
        Assert.Contains("INC 99999999 does not exist", missing.Text);

        Assert.Equal(before, await SnapshotAsync(id));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private Task<Reply> SendAsync(string method, string path, string body, string? key = "admin") => method switch
    {
        "POST" => _driver.PostJsonAsync(path, body, key),
        "PUT" => _driver.PutJsonAsync(path, body, key),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "POST or PUT"),
    };

    private async Task<long> OpenAsync(string title)
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-records", Payloads.Generic(title, Payloads.Unique("rl-bad"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        return id;
    }

    private async Task<long> AcknowledgedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_acknowledged is null)
            {
                var id = await OpenAsync("Response loop bad input (acknowledged)");
                Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
                _acknowledged = id;
            }

            return _acknowledged.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<long> TriggeredAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _triggered ??= await OpenAsync("Response loop bad input (triggered)");
            return _triggered.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void AssertProblem(Reply reply, HttpStatusCode status, string field)
    {
        Assert.True(status == reply.Status, $"expected {(int)status} naming '{field}' but got {reply}");
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        Assert.Equal(field, reply.Json!["field"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(reply.Json["detail"]?.GetValue<string>()));
    }

    private static void AssertConflict(Reply reply, string detailContains)
    {
        Assert.True(reply.Status == HttpStatusCode.Conflict, $"expected 409 but got {reply}");
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        Assert.Contains(detailContains, reply.Json!["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// What a refused command must not change for incident <paramref name="id"/>: its records, its incident row (by ETag),
    /// the timeline entries the response endpoints write, and the number of incidents. (Entries and texts of the
    /// orchestration are not counted: it may still be notifying in the background.)
    /// </summary>
    private async Task<string> SnapshotAsync(long id)
    {
        var pk = id.ToString("D10", CultureInfo.InvariantCulture);
        var records = new List<string>();
        await foreach (var row in runtime.Table("IncidentRecords").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), select: ["RowKey"]))
        {
            records.Add(row.RowKey);
        }

        var responseEntries = 0;
        await foreach (var row in runtime.Table("Timeline").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), select: ["Kind"]))
        {
            responseEntries += ResponseKinds.Contains(row.GetString("Kind")) ? 1 : 0;
        }

        var incident = await runtime.Table("Incidents").GetEntityIfExistsAsync<TableEntity>(pk, "incident");
        var incidents = 0;
        await foreach (var _ in runtime.Table("Incidents").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            incidents++;
        }

        return $"records=[{string.Join(",", records)}] responseEntries={responseEntries} " +
               $"row={(incident.HasValue ? incident.Value!.ETag.ToString() : "none")} incidents={incidents}";
    }
}
