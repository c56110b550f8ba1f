using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// The whole loop through the local runtime: webhook in → incident → SMS request at the fake Twilio →
/// a signed SMS reply → acknowledged with a lead → timeline rows in Azure Tables (Azurite).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelineEndToEndTests(PipelineFixture runtime, ITestOutputHelper output)
{
    private static readonly TimeSpan SmsDeadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Alert_pages_tier_one_and_a_signed_SMS_ack_makes_the_responder_lead()
    {
        var fingerprint = Guid.NewGuid().ToString("N")[..16];
        var accepted = await _driver.PostAlertAsync("alertmanager", "e2e-checkout", Payloads.Alertmanager(fingerprint, "CheckoutLatencyHigh"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal("created", Payloads.Result(accepted));
        var id = Payloads.IncidentId(accepted);

        var page = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), SmsDeadline);
        output.WriteLine("page: " + page.Body);
        Assert.Equal(PipelineFixture.FromNumber, page.From);
        Assert.Contains($"Reply {id}a to take the lead, {id}e to escalate", page.Body);
        Assert.Contains("https://runbooks.example/checkout", page.Body);

        var reply = await _driver.TextAsync(PipelineFixture.Alice, $"{id}A");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains($"INC {id} acknowledged — you are the lead", reply.Text);
        Assert.StartsWith("<?xml", reply.Text.TrimStart());

        var incident = await _driver.IncidentAsync(id);
        Assert.Equal("acknowledged", incident["incident"]!["status"]!.GetValue<string>());
        Assert.Equal("Alice", incident["incident"]!["lead"]!.GetValue<string>());

        // SEV1 also calls at once (the built-in rules); the call rang out unanswered in the fake (silence by default).
        var call = await runtime.Twilio.WaitForCallAsync(c => c.To == PipelineFixture.Alice && c.Url?.Contains($"incident={id}&", StringComparison.Ordinal) == true, SmsDeadline);

        // The timeline, read straight from Azure Tables: one partition per incident, rows in time order.
        string[] expected = ["AlertReceived", "IncidentOpened", "PageSent", "Acknowledged", "LeadAssigned"];
        var rows = await TimelineRowsAsync(id, expected);

        // SEV1 (critical) also pages tier 2 at once and tells leadership: those rows interleave; these must come in this order.
        var kinds = rows.Select(r => r.GetString("Kind")).ToList();
        Assert.Equal(expected, kinds.Where(k => expected.Contains(k)).Distinct());
        Assert.Equal(rows.Select(r => r.RowKey).Order(StringComparer.Ordinal), rows.Select(r => r.RowKey));
        // SEV1 texts and calls at once (the built-in rules): one entry per medium, each with the provider's id.
        var pageRows = rows.Where(r => r.GetString("Kind") == "PageSent").Select(r => r.GetString("DataJson")).ToList();
        Assert.Contains(pageRows, data => data.Contains(page.Sid!, StringComparison.Ordinal) && !data.Contains("voice", StringComparison.Ordinal));
        Assert.Contains(pageRows, data => data.Contains(call.Sid, StringComparison.Ordinal) && data.Contains("\"medium\":\"voice\"", StringComparison.Ordinal));
        Assert.Equal("Alice", rows.Single(r => r.GetString("Kind") == "Acknowledged").GetString("Actor"));

        // A second ack is refused with who holds the lead.
        var again = await _driver.TextAsync(PipelineFixture.Bob, $"{id}a");
        Assert.Contains($"already acknowledged by Alice", again.Text);
    }

    [Fact]
    public async Task Repeated_alert_joins_the_open_incident_without_paging_again()
    {
        var fingerprint = Guid.NewGuid().ToString("N")[..16];
        var first = await _driver.PostAlertAsync("alertmanager", "e2e-checkout", Payloads.Alertmanager(fingerprint, "QueueBacklog"));
        var id = Payloads.IncidentId(first);
        await runtime.Twilio.WaitForMessageAsync(m => m.Body.Contains($"INC {id} "), SmsDeadline);

        var second = await _driver.PostAlertAsync("alertmanager", null, Payloads.Alertmanager(fingerprint, "QueueBacklog"), headerKey: "e2e-checkout");
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(("appended", id), (Payloads.Result(second), Payloads.IncidentId(second)));
        Assert.Equal(2, (await _driver.IncidentAsync(id))["incident"]!["alertCount"]!.GetValue<int>());
        Assert.Single(runtime.Twilio.Messages, m => m.Body.Contains($"INC {id} "));
    }

    [Fact]
    public async Task Concurrent_identical_alerts_open_exactly_one_incident()
    {
        var key = Payloads.Unique("storm");
        var body = Payloads.Generic("Payment gateway 502s", key);
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _driver.PostAlertAsync("generic", "e2e-dedup", body)));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Accepted, r.Status));
        Assert.Single(replies.Select(r => Payloads.IncidentId(r)).Distinct());
        Assert.Single(replies, r => Payloads.Result(r) == "created");
        var id = Payloads.IncidentId(replies[0]);
        Assert.Equal(12, (await _driver.IncidentAsync(id))["incident"]!["alertCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Nobody_acking_escalates_to_tier_two_and_the_late_ack_tells_the_first_tier()
    {
        var accepted = await _driver.PostAlertAsync("generic", "e2e-escalating", Payloads.Generic("Login errors", Payloads.Unique("esc")));
        var id = Payloads.IncidentId(accepted);

        var alicePage = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), SmsDeadline);
        var bobPage = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} "), SmsDeadline);
        Assert.Contains("escalated, tier 2", bobPage.Body);
        Assert.True(bobPage.ReceivedAt - alicePage.ReceivedAt >= TimeSpan.FromSeconds(1.5), "tier 2 was paged before tier 1's delay ran out");

        // Bob acks through the API; Alice, who was paged too, is told who took it.
        var ack = await _driver.PostJsonAsync($"api/incidents/{id}/ack", """{"by":"bob"}""");
        Assert.Equal(HttpStatusCode.OK, ack.Status);
        Assert.Equal("Bob", ack.Json!["lead"]!.GetValue<string>());
        var told = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ") && m.Body.Contains("acknowledged by Bob"), SmsDeadline);
        output.WriteLine("told: " + told.Body);

        var timeline = (await _driver.IncidentAsync(id))["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("escalated", timeline);
        Assert.Equal(2, timeline.Count(k => k == "pageSent"));
    }

    [Fact]
    public async Task SMS_escalate_code_pages_the_next_tier_now()
    {
        var accepted = await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Cart service down", Payloads.Unique("sms-esc")));
        var id = Payloads.IncidentId(accepted);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), SmsDeadline);

        var reply = await _driver.TextAsync(PipelineFixture.Alice, $"{id}e");
        Assert.Contains($"INC {id}: paging the next tier now", reply.Text);
        var bobPage = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} "), SmsDeadline);
        Assert.Contains("tier 2", bobPage.Body);
    }

    [Fact]
    public async Task SMS_escalate_code_after_acknowledgement_brings_in_the_next_tier_and_keeps_the_lead()
    {
        var accepted = await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Payments timing out", Payloads.Unique("sms-help")));
        var id = Payloads.IncidentId(accepted);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), SmsDeadline);
        Assert.Contains($"INC {id} acknowledged", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);

        var reply = await _driver.TextAsync(PipelineFixture.Alice, $"{id}e");

        Assert.Contains($"INC {id}: bringing in the next tier as help; Alice stays the lead", reply.Text);
        var bobPage = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} "), SmsDeadline);
        output.WriteLine("help page: " + bobPage.Body);
        var incident = (await _driver.IncidentAsync(id))["incident"]!;
        Assert.Equal(("acknowledged", "Alice"), (incident["status"]!.GetValue<string>(), incident["lead"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Bare_a_acknowledges_the_last_incident_paged_to_that_number()
    {
        var accepted = await _driver.PostAlertAsync("generic", "e2e-bare", Payloads.Generic("Search index stale", Payloads.Unique("bare")));
        var id = Payloads.IncidentId(accepted);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Erin && m.Body.Contains($"INC {id} "), SmsDeadline);

        var reply = await _driver.TextAsync(PipelineFixture.Erin, " Ack ");
        output.WriteLine(reply.Text);
        Assert.Contains($"INC {id} acknowledged", reply.Text);
        Assert.Equal("Erin", (await _driver.IncidentAsync(id))["incident"]!["lead"]!.GetValue<string>());
    }

    [Fact]
    public async Task Source_resolving_every_alert_auto_resolves_and_tells_who_was_paged()
    {
        var fingerprint = Guid.NewGuid().ToString("N")[..16];
        var opened = await _driver.PostAlertAsync("alertmanager", "e2e-checkout", Payloads.Alertmanager(fingerprint, "DiskPressure"));
        var id = Payloads.IncidentId(opened);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), SmsDeadline);

        var resolved = await _driver.PostAlertAsync("alertmanager", "e2e-checkout", Payloads.Alertmanager(fingerprint, "DiskPressure", status: "resolved"));
        Assert.Equal(("resolved", id), (Payloads.Result(resolved), Payloads.IncidentId(resolved)));
        Assert.Equal("resolved", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} (checkout) was resolved by integration:alertmanager"), SmsDeadline);

        // The same alert firing again is a new incident.
        var again = await _driver.PostAlertAsync("alertmanager", "e2e-checkout", Payloads.Alertmanager(fingerprint, "DiskPressure"));
        Assert.Equal("created", Payloads.Result(again));
        Assert.NotEqual(id, Payloads.IncidentId(again));

        // ...and a repeat: its page says so, and it links the earlier incident.
        var repeatId = Payloads.IncidentId(again);
        var repeatPage = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {repeatId} "), SmsDeadline);
        Assert.Contains($"Repeat of INC {id}, less than a minute ago", repeatPage.Body);
        var repeat = await _driver.IncidentAsync(repeatId);
        Assert.Equal([id], repeat["incident"]!["repeatOf"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Contains(repeat["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "repeatDetected");
    }

    [Fact]
    public async Task Without_auto_resolve_the_lead_is_texted_when_the_source_clears()
    {
        var key = Payloads.Unique("manual");
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-manual", Payloads.Generic("Replication lag", key)));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), SmsDeadline);
        await _driver.TextAsync(PipelineFixture.Alice, $"{id}a");

        var cleared = await _driver.PostAlertAsync("generic", "e2e-manual", Payloads.Generic("Replication lag", key, status: "resolved"));
        Assert.Equal("appended", Payloads.Result(cleared));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} (manual): every alert has cleared"), SmsDeadline);
        Assert.Equal("acknowledged", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_opted_out_number_is_recorded_and_the_next_tier_is_paged_without_waiting()
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-optout", Payloads.Generic("Batch job failed", Payloads.Unique("optout"))));

        // Tier 1 (Dave) has opted out (Twilio 21610); tier 2 would otherwise wait 10 minutes.
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Carol && m.Body.Contains($"INC {id} "), SmsDeadline);
        var incident = await _driver.WaitForIncidentAsync(id, i => i["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "pageFailed"));
        var failed = incident["timeline"]!.AsArray().First(e => e!["kind"]!.GetValue<string>() == "pageFailed")!;
        Assert.Equal("21610", failed["data"]!["errorCode"]!.GetValue<string>());
        Assert.Single(runtime.Twilio.Attempts, a => a.To == PipelineFixture.Dave && a.Body.Contains($"INC {id} "));
    }

    [Fact]
    public async Task PagerDuty_events_trigger_acknowledge_and_resolve_with_pagerdutys_response_shape()
    {
        var dedup = Payloads.Unique("pd");
        var trigger = await _driver.EnqueueAsync(Payloads.PagerDuty("e2e-pagerduty", "trigger", dedup));
        Assert.Equal(HttpStatusCode.Accepted, trigger.Status);
        Assert.Equal(("success", "Event processed", dedup), (trigger.Json!["status"]!.GetValue<string>(), trigger.Json["message"]!.GetValue<string>(), trigger.Json["dedup_key"]!.GetValue<string>()));
        var id = trigger.Json["incidentId"]!.GetValue<long>();
        await runtime.Twilio.WaitForMessageAsync(m => m.Body.Contains($"INC {id} "), SmsDeadline);

        var ack = await _driver.EnqueueAsync(Payloads.PagerDuty("e2e-pagerduty", "acknowledge", dedup));
        Assert.Equal(HttpStatusCode.Accepted, ack.Status);
        Assert.Equal("acknowledged", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());

        var resolve = await _driver.EnqueueAsync(Payloads.PagerDuty("e2e-pagerduty", "resolve", dedup));
        Assert.Equal(HttpStatusCode.Accepted, resolve.Status);
        Assert.Equal("resolved", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());

        var invalid = await _driver.EnqueueAsync("""{"routing_key":"e2e-pagerduty","event_action":"trigger","payload":{"source":"db-1","severity":"warning"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal("invalid event", invalid.Json!["status"]!.GetValue<string>());
        Assert.Contains("payload.summary", invalid.Json["errors"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Incident_api_lists_by_status_and_needs_the_key()
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Listing check", Payloads.Unique("list"))));

        var triggered = await _driver.GetAsync("api/incidents?status=triggered");
        Assert.Equal(HttpStatusCode.OK, triggered.Status);
        Assert.Contains(triggered.Json!["incidents"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);
        var resolved = await _driver.GetAsync("api/incidents?status=resolved");
        Assert.DoesNotContain(resolved.Json!["incidents"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _driver.GetAsync("api/incidents", key: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.GetAsync("api/incidents", key: "wrong-key")).Status);
        await AssertProblemAsync(await _driver.GetAsync("api/incidents?status=sleeping"), HttpStatusCode.BadRequest, "status");
        await AssertProblemAsync(await _driver.GetAsync("api/incidents/abc"), HttpStatusCode.BadRequest, "id");
        await AssertProblemAsync(await _driver.GetAsync("api/incidents/99999999"), HttpStatusCode.NotFound, "id");
        await AssertProblemAsync(await _driver.PostJsonAsync($"api/incidents/{id}/ack", "{}"), HttpStatusCode.BadRequest, "by");
        await AssertProblemAsync(await _driver.PostJsonAsync($"api/incidents/{id}/ack", """{"by":"Mallory"}"""), HttpStatusCode.BadRequest, "by");
        await AssertProblemAsync(await _driver.PostJsonAsync($"api/incidents/{id}/ack", "{not json"), HttpStatusCode.BadRequest, "$");
        Assert.Equal("triggered", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    /// <summary>Timeline rows straight from Azure Tables, once every kind in <paramref name="kinds"/> is there (activities finish after the text is sent).</summary>
    private async Task<List<TableEntity>> TimelineRowsAsync(long id, IReadOnlyCollection<string> kinds)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var rows = new List<TableEntity>();
            await foreach (var row in runtime.Table("Timeline").QueryAsync<TableEntity>(e => e.PartitionKey == id.ToString("D10")))
            {
                rows.Add(row);
            }

            if (kinds.All(k => rows.Any(r => r.GetString("Kind") == k)) || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(100);
        }
    }

    private static Task AssertProblemAsync(Reply reply, HttpStatusCode status, string field)
    {
        Assert.True(status == reply.Status, $"expected {(int)status} but got {reply}");
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        Assert.Equal(field, reply.Json!["field"]!.GetValue<string>());
        return Task.CompletedTask;
    }
}
