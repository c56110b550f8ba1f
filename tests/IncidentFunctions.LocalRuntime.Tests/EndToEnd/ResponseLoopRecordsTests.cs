using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// The records responders keep through the API (notes, actions and outcomes, updates by audience, scope, responders by
/// policy, alert feedback) come back from the API as written. The orchestration's reactions are tested elsewhere.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ResponseLoopRecordsTests(PipelineFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Notes_of_each_kind_are_kept_in_order_and_on_the_timeline()
    {
        var id = await OpenAndAcknowledgeAsync("Replica lag");

        var finding = await _driver.PostJsonAsync($"api/incidents/{id}/notes", """{"text": "Replica lag is 40 s on db-2"}""");
        Assert.Equal(HttpStatusCode.Created, finding.Status);
        // The admin key names nobody here: the note is automation's, not the lead's.
        Assert.Equal(("finding", "admin key (automation)"), (finding.Json!["kind"]!.GetValue<string>(), finding.Json["by"]!.GetValue<string>()));
        Assert.Matches("^[0-9a-f]{8}$", finding.Json["id"]!.GetValue<string>());

        var rootCause = await _driver.PostJsonAsync($"api/incidents/{id}/notes", """{"text": "A long-running migration holds locks", "kind": "root-cause", "by": "bob"}""");
        Assert.Equal(HttpStatusCode.Created, rootCause.Status);
        Assert.Equal(("root-cause", "automation for Bob"), (rootCause.Json!["kind"]!.GetValue<string>(), rootCause.Json["by"]!.GetValue<string>()));

        var detail = await _driver.IncidentAsync(id);
        Assert.Equal(["Replica lag is 40 s on db-2", "A long-running migration holds locks"],
            detail["notes"]!.AsArray().Select(n => n!["text"]!.GetValue<string>()));
        Assert.Equal(2, Timeline(detail).Count(e => e["kind"]!.GetValue<string>() == "note"));
    }

    [Fact]
    public async Task Actions_are_listed_open_until_their_outcome_is_recorded()
    {
        var id = await OpenAndAcknowledgeAsync("Disk full on db-1");

        var irreversible = await _driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Delete old WAL segments", "why": "disk 99% full", "expectedEffect": "20% disk free", "irreversible": true}""");
        Assert.Equal(HttpStatusCode.Created, irreversible.Status);
        Assert.True(irreversible.Json!["irreversible"]!.GetValue<bool>());
        Assert.Null(irreversible.Json["undo"]);
        var undoable = await _driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Move logs to the data volume", "why": "root volume full", "expectedEffect": "root below 80%", "undo": "move them back", "by": "Bob"}""");
        Assert.Equal(HttpStatusCode.Created, undoable.Status);
        var undoableId = undoable.Json!["id"]!.GetValue<string>();

        var outcome = await _driver.PostJsonAsync($"api/incidents/{id}/actions/{undoableId}/outcome",
            """{"result": "no-effect", "observed": "root still at 97%", "by": "Bob"}""");
        Assert.Equal(HttpStatusCode.OK, outcome.Status);
        Assert.Equal("no-effect", outcome.Json!["outcome"]!["result"]!.GetValue<string>());

        Assert.Equal([irreversible.Json["id"]!.GetValue<string>()], await ActionIdsAsync(id, "?open=true"));
        Assert.Equal([undoableId], await ActionIdsAsync(id, "?open=false"));
        Assert.Equal(2, (await ActionIdsAsync(id, "")).Count);

        var detail = await _driver.IncidentAsync(id);
        Assert.Equal(2, detail["actions"]!.AsArray().Count);
        var kinds = Timeline(detail).Select(e => e["kind"]!.GetValue<string>()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "actionRecorded"));
        Assert.Equal(1, kinds.Count(k => k == "actionConfirmed"));
    }

    [Fact]
    public async Task An_update_keeps_its_promise_as_the_next_deadline_and_is_the_latest_for_its_audiences()
    {
        var id = await OpenAndAcknowledgeAsync("Search results stale");
        var promise = DateTimeOffset.UtcNow.AddHours(2);

        var update = await _driver.PostJsonAsync($"api/incidents/{id}/updates",
            $$"""{"text": "Reindex running, results stale for some users", "audiences": ["users", "leadership"], "publicTitle": "Search results out of date", "impact": "Some searches miss items added today", "nextUpdateBy": "{{promise.ToString("O", CultureInfo.InvariantCulture)}}"}""");

        Assert.Equal(HttpStatusCode.Created, update.Status);
        Assert.False(update.Json!["wasLate"]!.GetValue<bool>());
        var detail = await _driver.IncidentAsync(id);
        AssertClose(promise, detail["nextUpdateDue"]!.GetValue<DateTimeOffset>());
        AssertClose(promise, detail["incident"]!["nextUpdateDue"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, detail["incident"]!["updatesOnTime"]!.GetValue<int>());
        var byAudience = detail["lastUpdateByAudience"]!.AsObject();
        Assert.Equal(["leadership", "users"], byAudience.Select(a => a.Key).Order());
        Assert.Equal("Reindex running, results stale for some users", byAudience["users"]!["text"]!.GetValue<string>());
        Assert.Equal("Search results out of date", byAudience["users"]!["publicTitle"]!.GetValue<string>());
        Assert.Equal("Some searches miss items added today", update.Json["impact"]!.GetValue<string>());
        Assert.Single(detail["updates"]!.AsArray());
        Assert.Contains(Timeline(detail), e => e["kind"]!.GetValue<string>() == "updatePosted");
    }

    [Fact]
    public async Task Scope_is_replaced_and_each_assessment_stays_on_the_timeline()
    {
        var id = await OpenAndAcknowledgeAsync("Login errors");

        var first = await _driver.PutJsonAsync($"api/incidents/{id}/scope", """{"affectedServices": ["auth"], "hostsAffected": 3, "customerVisible": false}""");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var second = await _driver.PutJsonAsync($"api/incidents/{id}/scope",
            """{"affectedServices": ["auth", "checkout"], "hostsAffected": 3, "usersAffected": 5000, "customerVisible": true, "by": "Bob"}""");
        Assert.Equal(HttpStatusCode.OK, second.Status);

        var detail = await _driver.IncidentAsync(id);
        var scope = detail["scope"]!;
        Assert.Equal(["auth", "checkout"], scope["affectedServices"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal((5000, true, "automation for Bob"), (scope["usersAffected"]!.GetValue<int>(), scope["customerVisible"]!.GetValue<bool>(), scope["by"]!.GetValue<string>()));
        Assert.Equal(2, Timeline(detail).Count(e => e["kind"]!.GetValue<string>() == "scopeChanged"));
    }

    [Fact]
    public async Task Responders_can_be_brought_in_by_policy_and_alert_feedback_is_accepted()
    {
        var id = await OpenAndAcknowledgeAsync("Batch jobs late");

        // The "fast" policy resolves to Alice (already the lead) and Bob.
        var added = await _driver.PostJsonAsync($"api/incidents/{id}/responders", """{"policy": "fast", "reason": "batch owners"}""");
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal(["Alice", "Bob"], added.Json!["responders"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains(Timeline(await _driver.IncidentAsync(id)), e => e["kind"]!.GetValue<string>() == "respondersAdded");

        var verdict = await _driver.PostJsonAsync($"api/incidents/{id}/alert-feedback", """{"useful": true, "by": "Bob", "comment": "caught it early"}""");
        Assert.Equal(HttpStatusCode.OK, verdict.Status);
        Assert.Equal(("automation for Bob", true), (verdict.Json!["by"]!.GetValue<string>(), verdict.Json["useful"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_resolution_summary_is_kept_on_the_incident_and_appears_once_in_the_postmortem_timeline()
    {
        var id = await OpenAndAcknowledgeAsync("Cron host unreachable");

        var resolved = await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Replaced the failed NIC", "by": "Bob"}""");

        Assert.Equal(HttpStatusCode.OK, resolved.Status);
        Assert.Equal(("resolved", "automation for Bob", "Replaced the failed NIC"),
            (resolved.Json!["status"]!.GetValue<string>(), resolved.Json["resolvedBy"]!.GetValue<string>(), resolved.Json["resolutionSummary"]!.GetValue<string>()));
        var entry = Timeline(await _driver.IncidentAsync(id)).Single(e => e["kind"]!.GetValue<string>() == "resolved");
        Assert.Equal(("Resolved by automation for Bob via automation key", "Replaced the failed NIC"), (entry["summary"]!.GetValue<string>(), entry["data"]!["summary"]!.GetValue<string>()));

        var postmortem = await _driver.WaitForPostmortemAsync(id, Deadline);

        var text = postmortem["timeline"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "resolved")!["text"]!.GetValue<string>();
        Assert.Equal(1, text.Split("Replaced the failed NIC").Length - 1);
    }

    private async Task<long> OpenAndAcknowledgeAsync(string title)
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-records", Payloads.Generic(title, Payloads.Unique("records"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        return id;
    }

    private async Task<List<string>> ActionIdsAsync(long id, string query)
    {
        var reply = await _driver.GetAsync($"api/incidents/{id}/actions{query}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
    }

    private static IEnumerable<JsonNode> Timeline(JsonNode detail) => detail["timeline"]!.AsArray().Select(e => e!);

    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True((expected - actual).Duration() < TimeSpan.FromMilliseconds(1), $"expected {expected:O}, got {actual:O}");
}
