using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.Fuzz;

namespace IncidentFunctions.LocalRuntime.Tests.Security;

/// <summary>
/// Integration keys: missing, wrong or near-miss keys open nothing on any format, and a key opens incidents only on
/// its own service, whatever the body claims. (BadInputTests covers the generic format's missing and unknown key.)
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class IntegrationKeyTests(FuzzFixture runtime)
{
    private readonly FuzzHttp _http = new(runtime);

    public static TheoryData<string, string> FormatsAndBodies() => new()
    {
        { "alertmanager", Payloads.Alertmanager(Payloads.Unique("fp"), "KeyCheck") },
        { "grafana", Payloads.Alertmanager(Payloads.Unique("fp"), "KeyCheck") },
        { "azure-monitor", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"/subscriptions/0/alerts/key-check","alertRule":"KeyCheck","severity":"Sev2","monitorCondition":"Fired","firedDateTime":"2026-11-24T10:00:00Z"}}}""" },
        { "datadog", """{"id":"77","title":"[Triggered] KeyCheck","date":"1764000000000","alert_transition":"Triggered","alert_priority":"P2"}""" },
        { "generic", Payloads.Generic("KeyCheck", Payloads.Unique("key")) },
    };

    [Theory]
    [MemberData(nameof(FormatsAndBodies))]
    public async Task Missing_unknown_and_near_miss_keys_are_refused_on_every_format_and_open_nothing(string format, string body)
    {
        var before = await _http.CounterAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.Driver.PostAlertAsync(format, null, body)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.Driver.PostAlertAsync(format, "", body)).Status);
        foreach (var key in new[] { "not-a-key", "E2E-CHECKOUT", " e2e-checkout", "e2e-checkout ", "e2e-checkou", "e2e-checkout2", PipelineFixture.AdminKey })
        {
            var query = await _http.Driver.PostAlertAsync(format, key, body);
            Assert.True(query.Status == HttpStatusCode.Forbidden, $"?key='{key}' on {format}: {query}");

            // HTTP itself strips the spaces around a header's value, so only the query can carry them.
            if (key.Trim() == key)
            {
                var header = await _http.Driver.PostAlertAsync(format, null, body, headerKey: key);
                Assert.True(header.Status == HttpStatusCode.Forbidden, $"X-Integration-Key '{key}' on {format}: {header}");
            }
        }

        Assert.Equal(before, await _http.CounterAsync());
    }

    [Fact]
    public async Task A_key_opens_incidents_only_on_its_own_service_whatever_the_body_names()
    {
        // The body names another service every way a sender could try; the key decides.
        var body = new JsonObject
        {
            ["title"] = "Cross-service attempt",
            ["dedupKey"] = Payloads.Unique("cross"),
            ["source"] = "checkout",
            ["labels"] = new JsonObject { ["service"] = "checkout", ["integrationKey"] = "e2e-checkout" },
        }.ToJsonString();

        var reply = await _http.Driver.PostAlertAsync("generic", "e2e-dedup", body);
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        Assert.Equal("dedup", reply.Json!["service"]!.GetValue<string>());
        var incident = await _http.Driver.IncidentAsync(Payloads.IncidentId(reply));
        Assert.Equal("dedup", incident["incident"]!["service"]!.GetValue<string>());

        // With both a query key and a header key, the query's service is the one used, never a mix.
        var both = await _http.Driver.PostAlertAsync("generic", "e2e-dedup", Payloads.Generic("Two keys", Payloads.Unique("two")), headerKey: "e2e-checkout");
        Assert.Equal("dedup", both.Json!["service"]!.GetValue<string>());

        // PagerDuty: the routing key is the integration key; a resolve for another service's dedup key does not touch it.
        var dedupKey = Payloads.Unique("pd-cross");
        var opened = await _http.Driver.EnqueueAsync(Payloads.PagerDuty("e2e-checkout", "trigger", dedupKey));
        Assert.True(opened.Status == HttpStatusCode.Accepted, opened.ToString());
        var id = opened.Json!["incidentId"]!.GetValue<long>();
        var foreign = await _http.Driver.EnqueueAsync(Payloads.PagerDuty("e2e-pagerduty", "resolve", dedupKey));
        Assert.True(foreign.Status == HttpStatusCode.Accepted, foreign.ToString());
        Assert.NotEqual("resolved", foreign.Json!["result"]!.GetValue<string>());
        Assert.Equal("triggered", (await _http.Driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Integration_keys_do_not_open_the_admin_API_and_the_admin_key_is_checked_exactly()
    {
        // (No spaces around the key: HTTP strips them from a header's value before anyone sees it.)
        foreach (var key in new[] { "e2e-checkout", PipelineFixture.AdminKey.ToUpperInvariant(), PipelineFixture.AdminKey[..^1], PipelineFixture.AdminKey + "0", "x" })
        {
            var reply = await _http.Driver.GetAsync("api/incidents", key);
            Assert.True(reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"x-functions-key '{key}': {reply}");
            var command = await _http.Driver.PostJsonAsync("api/incidents/1/notes", """{"text": "should not land"}""", key);
            Assert.True(command.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"x-functions-key '{key}': {command}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.Driver.GetAsync("api/incidents", key: null)).Status);
    }
}
