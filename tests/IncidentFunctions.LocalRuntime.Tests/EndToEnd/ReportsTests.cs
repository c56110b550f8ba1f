using System.Net;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>MTTA/MTTR, update punctuality, page load, and the alert review with responders' verdicts.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReportsTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Reports_count_the_acknowledged_incident_its_page_and_a_not_useful_verdict()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-manual", Payloads.Generic("Flaky synthetic check", Payloads.Unique("report"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(30));
        await _driver.TextAsync(PipelineFixture.Alice, $"{id}a");

        var verdict = await _driver.PostJsonAsync($"api/incidents/{id}/alert-feedback", """{"useful": false, "by": "alice", "comment": "fires on every deploy"}""");
        Assert.Equal(HttpStatusCode.OK, verdict.Status);

        var response = await _driver.GetAsync($"api/reports/response?since={Uri.EscapeDataString(since)}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var manual = response.Json!["times"]!.AsArray().Single(t => t!["service"]!.GetValue<string>() == "manual")!;
        Assert.True(manual["acknowledged"]!.GetValue<int>() >= 1);
        Assert.NotNull(manual["meanTimeToAcknowledge"]);
        Assert.Contains(response.Json["pageLoad"]!.AsArray(), l => l!["responder"]!.GetValue<string>() == "Alice" && l["pages"]!.GetValue<int>() >= 1);

        var alerts = await _driver.GetAsync($"api/reports/alerts?since={Uri.EscapeDataString(since)}");
        var rule = alerts.Json!["rules"]!.AsArray().Single(r => r!["service"]!.GetValue<string>() == "manual")!;
        Assert.Equal(1, rule["notUseful"]!.GetValue<int>());
        Assert.True(rule["noiseScore"]!.GetValue<double>() >= 5);

        var bad = await _driver.GetAsync("api/reports/alerts?since=last-tuesday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("since", bad.Json!["field"]!.GetValue<string>());
        var noVerdict = await _driver.PostJsonAsync($"api/incidents/{id}/alert-feedback", """{"by": "alice"}""");
        Assert.Equal(("useful", HttpStatusCode.BadRequest), (noVerdict.Json!["field"]!.GetValue<string>(), noVerdict.Status));
    }
}
