using System.Net;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Telemetry;

/// <summary>
/// The local runtime's /metrics, scraped by a real Prometheus (Debian's, installed by ./test.sh when missing) after a
/// scripted incident: opened, paged, acknowledged by text. The counters and the alert → page latency histogram are
/// asked of Prometheus itself, so the names, units and labels are what a dashboard would query.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class MetricsEndpointTests(PipelineFixture runtime)
{
    /// <summary>Generous: Prometheus starts, scrapes and answers on 2 cores shared with the rest of the suite.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Prometheus_scrapes_the_incident_counters_and_the_alert_to_page_histogram()
    {
        var reply = await _driver.PostAlertAsync("generic", "e2e-metrics", Payloads.Generic("Metrics: queue depth", Payloads.Unique("metrics"), "firing"));
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var id = Payloads.IncidentId(reply);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);
        Assert.Equal(HttpStatusCode.OK, (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Status);
        await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "acknowledged", Deadline);

        // A SEV4 (this fixture's short cadence): acknowledged and then left without an update, it goes overdue on a durable timer.
        var quiet = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-metrics",
            $$"""{"title": "Metrics: no update", "dedupKey": "{{Payloads.Unique("metrics")}}", "severity": "info"}"""));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {quiet} ", StringComparison.Ordinal), Deadline);
        Assert.Equal(HttpStatusCode.OK, (await _driver.TextAsync(PipelineFixture.Alice, $"{quiet}a")).Status);
        await _driver.WaitForIncidentAsync(quiet, i => i["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "updateOverdue"), Deadline);

        // And a page Twilio refuses: Dave has opted out (21610), so the optout service's first page fails.
        var refused = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-optout", Payloads.Generic("Metrics: opted out", Payloads.Unique("metrics"))));
        await _driver.WaitForIncidentAsync(refused, i => i["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "pageFailed"), Deadline);

        // The endpoint itself: Prometheus's text format, answered to a loopback caller without a key.
        using var metrics = await runtime.Client.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.True(text.Contains("incidentfunctions_ack_duration", StringComparison.Ordinal), string.Join("\n", text.Split('\n').Where(l => l.Contains("incidentfunctions", StringComparison.Ordinal)).Take(60)));
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);

        var target = new Uri(runtime.Host.BaseUrl).Authority;
        await using var prometheus = await PrometheusProcess.StartAsync(target);
        await UntilAsync(prometheus, """sum(incidentfunctions_ack_duration_seconds_count{service="metrics"})""", v => v >= 1);

        await UntilAsync(prometheus, """sum(incidentfunctions_incidents_opened_total{service="metrics"})""", v => v >= 1);
        await UntilAsync(prometheus, """sum(incidentfunctions_alerts_total{format="generic",service="metrics",result="created"})""", v => v >= 1);
        await UntilAsync(prometheus, """sum(incidentfunctions_messages_total{medium="sms",purpose="page",result="sent"})""", v => v >= 1);
        await UntilAsync(prometheus, """sum(incidentfunctions_page_latency_seconds_count{service="metrics",medium="sms"})""", v => v >= 1);
        // The p99 a dashboard would draw from the buckets: this page came well within a minute of its alert.
        await UntilAsync(prometheus, """histogram_quantile(0.99, sum by (le) (incidentfunctions_page_latency_seconds_bucket{service="metrics"}))""", v => v is > 0 and <= 60);
        await UntilAsync(prometheus, """sum(incidentfunctions_provider_errors_total{provider="twilio",code="21610"})""", v => v >= 1);
        await UntilAsync(prometheus, """sum(incidentfunctions_updates_overdue_total{service="metrics"})""", v => v >= 1);
        // The agenda's wake-ups are durable timers: how late each was handled is measured (and, on an idle runtime, small).
        await UntilAsync(prometheus, """sum(incidentfunctions_timer_lateness_seconds_count{kind="incident"})""", v => v >= 1);
        await UntilAsync(prometheus, """histogram_quantile(0.5, sum by (le) (incidentfunctions_timer_lateness_seconds_bucket{kind="incident"}))""", v => v < 30);
        // Work queued in the task hub: both kinds reported for the runtime's own hub, whatever their counts at the moment.
        await UntilAsync(prometheus, """count(incidentfunctions_durable_queued{kind=~"control|workitems"})""", v => v >= 2);
        Assert.Equal("up", (await prometheus.TargetAsync()).Health);

        // The Grafana dashboard's queries, with its variables filled in as Grafana would: Prometheus takes every one.
        var dashboard = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Find(), "infra", "dashboards", "grafana.json")))!;
        foreach (var panelTarget in dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()))
        {
            var expr = panelTarget!["expr"]!.GetValue<string>().Replace("$service", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal);
            await prometheus.QueryAsync(expr);
        }
    }

    private static async Task UntilAsync(PrometheusProcess prometheus, string query, Func<double, bool> ok)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var result = await prometheus.QueryAsync(query);
            if (result.Count == 1 && ok(result[0].Value))
            {
                return;
            }

            var (health, error) = await prometheus.TargetAsync();
            Assert.True(DateTime.UtcNow < until, $"{query} → [{string.Join(", ", result.Select(r => $"{r.Labels.ToJsonString()} {r.Value}"))}]; target {health} {error}\n{prometheus.Log}");
            await Task.Delay(250);
        }
    }
}
