using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.Faults;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// A real Prometheus Alertmanager configured for Opsgenie, with only its <c>api_url</c> pointed at the local runtime:
/// an alert it fires opens and pages an incident, its <c>update_alerts</c> calls are taken, and its resolve closes the
/// incident (by alias, as Alertmanager closes).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class AlertmanagerOpsgenieTests(PipelineFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Alertmanager_s_opsgenie_configs_fire_and_resolve_through_the_runtime()
    {
        var alertname = "OpsgenieDropIn" + Guid.NewGuid().ToString("N")[..8];
        await using var am = await AlertmanagerProcess.StartAsync($$"""
            route:
              receiver: incident-functions
              group_by: ['alertname']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: incident-functions
                opsgenie_configs:
                  - api_url: {{runtime.Host.BaseUrl}}/
                    api_key: e2e-opsgenie
                    message: '{{"{{"}} .CommonLabels.alertname {{"}}"}}'
                    priority: P2
                    send_resolved: true
                    update_alerts: true
            """);
        using var http = new HttpClient { BaseAddress = new Uri(am.BaseUrl + "/") };

        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        await PostAlertAsync(http, alertname, startsAt, endsAt: null);
        var incident = await IncidentAsync(alertname, am);
        var id = incident["id"]!.GetValue<long>();
        Assert.Equal(("SEV2", "opsgenie", "triggered"), (incident["severity"]!.GetValue<string>(), incident["service"]!.GetValue<string>(), incident["status"]!.GetValue<string>()));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);

        await PostAlertAsync(http, alertname, startsAt, endsAt: DateTimeOffset.UtcNow.AddSeconds(-1));
        var resolved = await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "resolved", Deadline);
        Assert.Contains(FaultRig.Timeline(resolved), e => FaultRig.Kind(e) == "alertResolved");
        // Every call it made was taken: Alertmanager logs a notification that failed (and retries it).
        Assert.DoesNotContain(am.Log.Split('\n'), line => line.Contains("level=error", StringComparison.Ordinal) && line.Contains("opsgenie", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Alertmanager's own API v2, as Prometheus posts alerts to it.</summary>
    private static async Task PostAlertAsync(HttpClient http, string alertname, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = alertname, ["severity"] = "critical", ["instance"] = "web-1:9100" },
            ["annotations"] = new JsonObject { ["summary"] = "checkout is down", ["description"] = "probe failed" },
            ["startsAt"] = startsAt.ToString("O"),
        };
        if (endsAt is { } end)
        {
            alert["endsAt"] = end.ToString("O");
        }

        using var response = await http.PostAsync("api/v2/alerts", new StringContent(new JsonArray(alert).ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The incident Alertmanager's create opened (its message is the alert's name), polled with a deadline.</summary>
    private async Task<JsonNode> IncidentAsync(string alertname, AlertmanagerProcess am)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var list = (await _driver.GetAsync("api/incidents")).Json!["incidents"]!.AsArray();
            if (list.FirstOrDefault(i => i!["title"]!.GetValue<string>() == alertname) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"no incident from Alertmanager for {alertname}; Alertmanager said: {am.Log}");
            await Task.Delay(200);
        }
    }
}
