using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EventStream;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Maintenance windows on the local runtime, through the API as an operator uses it: a window suppresses the alerts it
/// covers and nothing else, an incident already open keeps paging, what is still firing at the end opens an incident
/// then (a resolved one does not), an early end through the API does the same at once, and the stream and the alert
/// report show it all. Every window here is tagged with a label of its own test, so windows never cover each other's
/// alerts; short windows (seconds) and polls with deadlines instead of sleeps.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class MaintenanceWindowTests(PipelineFixture runtime)
{
    private const string Key = "e2e-maint";
    private const string OtherKey = "e2e-maint-other";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task A_window_suppresses_matching_alerts_only_and_opens_what_still_fires_when_it_ends()
    {
        var run = Payloads.Unique("mw");
        var end = DateTimeOffset.UtcNow.AddSeconds(12);
        var created = await _driver.PostJsonAsync("api/maintenance", $$"""
            {"services": ["maint"], "end": "{{Iso(end)}}", "matchers": {"host": "db-*", "run": "{{run}}"}, "reason": "Postgres 17 upgrade", "by": "Alice"}
            """);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json!["id"]!.GetValue<string>();
        Assert.Equal("/api/maintenance/" + id, created.Headers.Location?.ToString());
        Assert.Equal(("active", "automation for Alice"), (created.Json["state"]!.GetValue<string>(), created.Json["createdBy"]!.GetValue<string>()));

        var firing = await PostAsync(Key, "Replication lag on db-1", run + "-db1", run, "db-1");
        var cleared = await PostAsync(Key, "Disk 91% on db-2", run + "-db2", run, "db-2");
        var web = await PostAsync(Key, "5xx on web-1", run + "-web1", run, "web-1");
        var other = await PostAsync(OtherKey, "Replication lag on db-1 (other service)", run + "-other", run, "db-1");

        Assert.Equal(("suppressed", id), (Payloads.Result(firing), firing.Json!["alerts"]![0]!["maintenanceWindow"]!.GetValue<string>()));
        Assert.Null(firing.Json["alerts"]![0]!["incidentId"]);
        Assert.Equal("suppressed", Payloads.Result(cleared));
        Assert.Equal("created", Payloads.Result(web));
        Assert.Equal("created", Payloads.Result(other));

        // A repeat counts on the window; a resolve marks the alert resolved there, so the end opens nothing for it.
        Assert.Equal("suppressed", Payloads.Result(await PostAsync(Key, "Replication lag on db-1", run + "-db1", run, "db-1")));
        Assert.Equal("suppressed", Payloads.Result(await PostAsync(Key, "Disk 91% on db-2", run + "-db2", run, "db-2", status: "resolved")));
        var held = (await _driver.GetAsync($"api/maintenance/{id}")).Json!;
        Assert.Equal(2, held["suppressedAlerts"]!.GetValue<int>());
        Assert.Equal((2, "firing"), (Alert(held, run + "-db1")["count"]!.GetValue<int>(), Alert(held, run + "-db1")["status"]!.GetValue<string>()));
        Assert.Equal("resolved", Alert(held, run + "-db2")["status"]!.GetValue<string>());
        Assert.Contains((await _driver.GetAsync("api/maintenance")).Json!["windows"]!.AsArray(), w => w!["id"]!.GetValue<string>() == id);

        // At the end the still-firing alert opens an incident, which pages; the cleared one opens nothing.
        var ended = await WaitForWindowAsync(id, w => Alert(w, run + "-db1")["incidentId"] is not null);
        var incidentId = Alert(ended, run + "-db1")["incidentId"]!.GetValue<long>();
        Assert.Equal("created", Alert(ended, run + "-db1")["releasedAs"]!.GetValue<string>());
        var incident = await _driver.IncidentAsync(incidentId);
        Assert.Equal(("maint", "Replication lag on db-1"), (incident["incident"]!["service"]!.GetValue<string>(), incident["incident"]!["title"]!.GetValue<string>()));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {incidentId} ", StringComparison.Ordinal), Deadline);
        ended = await WaitForWindowAsync(id, w => Alert(w, run + "-db2")["releasedAs"] is not null);
        Assert.Equal("resolved", Alert(ended, run + "-db2")["releasedAs"]!.GetValue<string>());
        Assert.Null(Alert(ended, run + "-db2")["incidentId"]);
        Assert.Equal("ended", ended["state"]!.GetValue<string>());

        // Now outside the window, the same label opens an incident at once.
        Assert.Equal("created", Payloads.Result(await PostAsync(Key, "Replication lag on db-3", run + "-db3", run, "db-3")));

        // The stream: started, one alerts.suppressed per alert (not per delivery), ended with what it handed on.
        var events = await EventQueueReader.ForQueue(runtime.TaskHubName).WaitForSessionAsync("reports",
            r => r.Any(e => e.Event.Type == "maintenance.ended" && e.Event.Data["windowId"] == id), Deadline);
        // The stream is at least once: the start can be announced by the first suppression and by the window's
        // orchestration at the same moment, under one message id, which consumers (and Service Bus) drop as a repeat.
        var mine = events.Where(e => e.Event.Data.TryGetValue("windowId", out var w) && w == id)
            .DistinctBy(e => e.Envelope.MessageId).ToList();
        Assert.Equal(["maintenance.started", "alerts.suppressed", "alerts.suppressed", "maintenance.ended"], mine.Select(e => e.Event.Type));
        Assert.Equal(incidentId.ToString(CultureInfo.InvariantCulture), mine[^1].Event.Data["incidents"]);
        Assert.Equal("team,leadership", mine[0].Envelope.ApplicationProperties["audience"]);
        Assert.All(mine, e => Assert.Equal(e.Envelope.MessageId, e.Event.Id));

        // The alert report counts what the window held back.
        var report = (await _driver.GetAsync("api/reports/alerts")).Json!;
        var line = report["maintenance"]!.AsArray().Single(w => w!["windowId"]!.GetValue<string>() == id)!;
        Assert.Equal((2, 3, 1, 1), (line["suppressedAlerts"]!.GetValue<int>(), line["suppressedDeliveries"]!.GetValue<int>(),
            line["resolvedDuringWindow"]!.GetValue<int>(), line["openedAtEnd"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_incident_open_when_a_window_starts_keeps_paging()
    {
        var run = Payloads.Unique("mw-open");
        var opened = await PostAsync(Key, "Checkout latency", run + "-lat", run, "db-9");
        var id = Payloads.IncidentId(opened);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);

        var window = await _driver.PostJsonAsync("api/maintenance", $$"""{"services": ["maint"], "end": "{{Iso(DateTimeOffset.UtcNow.AddMinutes(30))}}", "matchers": {"run": "{{run}}"}, "reason": "r"}""");
        Assert.Equal(HttpStatusCode.Created, window.Status);
        Assert.Equal("admin key (automation)", window.Json!["createdBy"]!.GetValue<string>());

        var repeat = await PostAsync(Key, "Checkout latency", run + "-lat", run, "db-9");
        Assert.Equal(("appended", id), (Payloads.Result(repeat), Payloads.IncidentId(repeat)));
        var incident = await _driver.WaitForIncidentAsync(id, i => i["incident"]!["alertCount"]!.GetValue<int>() == 2, Deadline);
        Assert.Equal("triggered", incident["incident"]!["status"]!.GetValue<string>());

        // A new alert under the window is held back, while the open incident goes on.
        Assert.Equal("suppressed", Payloads.Result(await PostAsync(Key, "Checkout errors", run + "-err", run, "db-9")));
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/maintenance/{window.Json["id"]!.GetValue<string>()}/end", "{}")).Status);
    }

    [Fact]
    public async Task Ending_a_window_early_through_the_API_opens_what_still_fires_and_ending_it_again_is_a_conflict()
    {
        var run = Payloads.Unique("mw-early");
        var window = await _driver.PostJsonAsync("api/maintenance", $$"""{"services": ["maint"], "end": "{{Iso(DateTimeOffset.UtcNow.AddHours(2))}}", "matchers": {"run": "{{run}}"}, "reason": "kernel patches"}""");
        var id = window.Json!["id"]!.GetValue<string>();
        Assert.Equal("suppressed", Payloads.Result(await PostAsync(Key, "Node down", run + "-node", run, "db-4")));

        var endedReply = await _driver.PostJsonAsync($"api/maintenance/{id}/end", "{}");
        Assert.Equal(HttpStatusCode.OK, endedReply.Status);
        Assert.Equal("ended", endedReply.Json!["state"]!.GetValue<string>());
        Assert.NotNull(endedReply.Json["endedAt"]);

        // Suppression stops at once; the held alert opens its incident within seconds, not in two hours.
        Assert.Equal("created", Payloads.Result(await PostAsync(Key, "Other alert", run + "-other", run, "db-5")));
        var ended = await WaitForWindowAsync(id, w => Alert(w, run + "-node")["incidentId"] is not null);
        await _driver.WaitForIncidentAsync(Alert(ended, run + "-node")["incidentId"]!.GetValue<long>(), i => i["incident"]!["status"]!.GetValue<string>() == "triggered", Deadline);

        var again = await _driver.PostJsonAsync($"api/maintenance/{id}/end", "{}");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already ended", again.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostJsonAsync("api/maintenance/mw-000000000000/end", "{}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostJsonAsync("api/maintenance/..%2Fx/end", "{}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.GetAsync("api/maintenance/mw-000000000000")).Status);
    }

    [Fact]
    public async Task A_missed_heartbeat_during_a_window_is_held_and_opens_its_incident_when_the_window_ends()
    {
        var name = Payloads.Unique("hb-mw");
        var window = await _driver.PostJsonAsync("api/maintenance", $$"""{"services": ["heartbeats"], "end": "{{Iso(DateTimeOffset.UtcNow.AddHours(2))}}", "matchers": {"heartbeat": "{{name}}"}, "reason": "cron host reboot"}""");
        var id = window.Json!["id"]!.GetValue<string>();
        try
        {
            Assert.Equal(HttpStatusCode.Created, (await _driver.PostJsonAsync("api/heartbeats",
                new JsonObject { ["name"] = name, ["service"] = "heartbeats", ["interval"] = "5s", ["grace"] = "1s" }.ToJsonString())).Status);
            Assert.Equal(HttpStatusCode.Accepted, (await _driver.GetAsync($"api/heartbeats/{name}/ping?key=e2e-heartbeats", key: null)).Status);

            // The heartbeat goes late during the window: its alert is held on the window, no incident.
            var held = await WaitForWindowAsync(id, w => w["alerts"]!.AsArray().Any(a => a!["dedupKey"]!.GetValue<string>() == $"heartbeat:{name}"));
            Assert.Null(Alert(held, $"heartbeat:{name}")["incidentId"]);
            Assert.Equal("heartbeat", Alert(held, $"heartbeat:{name}")["format"]!.GetValue<string>());

            // Still silent when the window ends: the incident opens then.
            Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/maintenance/{id}/end", "{}")).Status);
            var ended = await WaitForWindowAsync(id, w => Alert(w, $"heartbeat:{name}")["incidentId"] is not null);
            var incident = (await _driver.IncidentAsync(Alert(ended, $"heartbeat:{name}")["incidentId"]!.GetValue<long>()))["incident"]!;
            Assert.Equal("heartbeats", incident["service"]!.GetValue<string>());
            Assert.StartsWith($"No heartbeat from {name} ", incident["title"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await _driver.DeleteAsync($"api/heartbeats/{name}");
        }
    }

    [Fact]
    public async Task Configured_recurring_windows_are_planned_ahead_once_each_and_suppress_what_they_cover()
    {
        // The planner ran at start-up: the daily windows' occurrences of today and tomorrow are windows now, each once.
        var windows = (await _driver.GetAsync("api/maintenance")).Json!["windows"]!.AsArray().Where(w => w!["configWindow"] is not null).ToList();
        Assert.Contains(windows, w => w!["state"]!.GetValue<string>() == "active");
        Assert.Contains(windows, w => w!["state"]!.GetValue<string>() == "upcoming");
        Assert.All(windows, w => Assert.Equal("configuration", w!["createdBy"]!.GetValue<string>()));
        Assert.All(windows, w => Assert.StartsWith("cfg-e2e-daily-", w!["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(windows.Count, windows.Select(w => w!["id"]!.GetValue<string>()).Distinct().Count());

        var run = Payloads.Unique("mw-cfg");
        var reply = await _driver.PostAlertAsync("generic", Key, new JsonObject
        {
            ["title"] = "Nightly batch lag", ["dedupKey"] = run, ["severity"] = "error",
            ["labels"] = new JsonObject { ["window"] = "recurring", ["run"] = run },
        }.ToJsonString());
        Assert.Equal("suppressed", Payloads.Result(reply));
        Assert.StartsWith("cfg-e2e-daily-", reply.Json!["alerts"]![0]!["maintenanceWindow"]!.GetValue<string>(), StringComparison.Ordinal);

        // Cleared at its source during the window: the occurrence's end will open nothing for it.
        Assert.Equal("suppressed", Payloads.Result(await _driver.PostAlertAsync("generic", Key, new JsonObject
        {
            ["title"] = "Nightly batch lag", ["dedupKey"] = run, ["severity"] = "error", ["status"] = "resolved",
            ["labels"] = new JsonObject { ["window"] = "recurring", ["run"] = run },
        }.ToJsonString())));
    }

    [Theory]
    [InlineData("""{"services": ["maint", "nope"], "end": "END", "reason": "r"}""", "services[1]")]
    [InlineData("""{"services": [], "end": "END", "reason": "r"}""", "services")]
    [InlineData("""{"end": "END", "reason": "r"}""", "services")]
    [InlineData("""{"services": ["maint"], "reason": "r"}""", "end")]
    [InlineData("""{"services": ["maint"], "end": "tomorrow", "reason": "r"}""", "end")]
    [InlineData("""{"services": ["maint"], "end": "2020-01-01T00:00:00Z", "reason": "r"}""", "end")]
    [InlineData("""{"services": ["maint"], "start": "2020-01-01T00:00:00Z", "end": "END", "reason": "r"}""", "start")]
    [InlineData("""{"services": ["maint"], "end": "FAR", "reason": "r"}""", "end")]
    [InlineData("""{"services": ["maint"], "end": "END", "matchers": {"host": ""}, "reason": "r"}""", "matchers.host")]
    [InlineData("""{"services": ["maint"], "end": "END", "matchers": ["db-*"], "reason": "r"}""", "matchers")]
    [InlineData("""{"services": ["maint"], "end": "END"}""", "reason")]
    [InlineData("""[1]""", "$")]
    public async Task A_bad_window_is_refused_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var before = await ApiWindowCountAsync();
        body = body.Replace("END", Iso(DateTimeOffset.UtcNow.AddHours(1)), StringComparison.Ordinal)
            .Replace("FAR", Iso(DateTimeOffset.UtcNow.AddDays(8)), StringComparison.Ordinal);

        var reply = await _driver.PostJsonAsync("api/maintenance", body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(field, reply.Json!["field"]!.GetValue<string>());
        Assert.Equal(before, await ApiWindowCountAsync());
    }

    [Fact]
    public async Task The_maintenance_API_needs_the_admin_key_and_refuses_a_wrong_one()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _driver.GetAsync("api/maintenance", key: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.PostJsonAsync("api/maintenance", "{}", key: "wrong-key-0123456")).Status);
    }

    /// <summary>Windows made through the API: the planner may still be adding configured ones while the runtime starts.</summary>
    private async Task<int> ApiWindowCountAsync() =>
        (await _driver.GetAsync("api/maintenance")).Json!["windows"]!.AsArray().Count(w => w!["configWindow"] is null);

    private Task<Reply> PostAsync(string key, string title, string dedupKey, string run, string host, string status = "firing") =>
        _driver.PostAlertAsync("generic", key, new JsonObject
        {
            ["title"] = title,
            ["dedupKey"] = dedupKey,
            ["severity"] = "error",
            ["status"] = status,
            ["labels"] = new JsonObject { ["host"] = host, ["run"] = run },
        }.ToJsonString());

    private async Task<JsonNode> WaitForWindowAsync(string id, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var window = (await _driver.GetAsync($"api/maintenance/{id}")).Json!;
            if (condition(window))
            {
                return window;
            }

            Assert.True(DateTime.UtcNow < deadline, $"maintenance {id} did not reach the expected state; last seen: {window.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static JsonNode Alert(JsonNode window, string dedupKey) =>
        window["alerts"]!.AsArray().Single(a => a!["dedupKey"]!.GetValue<string>() == dedupKey)!;

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
