using System.Net;
using System.Net.Http.Headers;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// One incident through the whole loop on the local runtime: paged, acknowledged by SMS, a finding by SMS, an action
/// with its outcome, two updates (the second late, after the cadence nagged), resolved by SMS, and the post-mortem
/// read back as Markdown with the facts in it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class FullIncidentTests(PipelineFixture runtime, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Page_ack_note_action_updates_resolve_and_the_postmortem_tells_what_happened()
    {
        var alert = """{"title": "Checkout error rate above 5%", "severity": "info", "dedupKey": "KEY", "source": "synthetics"}""".Replace("KEY", Payloads.Unique("loop"));
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-loop", alert));
        var page = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        Assert.Contains("SEV4", page.Body);
        Assert.Contains("No playbook", page.Body);

        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        var acked = (await _driver.IncidentAsync(id))["incident"]!;
        Assert.Equal(
            acked["acknowledgedAt"]!.GetValue<DateTimeOffset>().AddSeconds(3),
            acked["nextUpdateDue"]!.GetValue<DateTimeOffset>());
        Assert.Contains($"INC {id}: noted.", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}n Errors started with deploy 1234")).Text);

        var action = await _driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Roll back deploy 1234", "why": "errors began with it", "expectedEffect": "error rate under 1% within 5 minutes", "undo": "redeploy 1234"}""");
        Assert.Equal(HttpStatusCode.Created, action.Status);
        var actionId = action.Json!["id"]!.GetValue<string>();
        var outcome = await _driver.PostJsonAsync($"api/incidents/{id}/actions/{actionId}/outcome", """{"result": "worked", "observed": "error rate 0.4% after 3 minutes"}""");
        Assert.Equal(HttpStatusCode.OK, outcome.Status);

        // First update straight away: on time. It promises the next within the 3 s cadence.
        var first = await _driver.TextAsync(PipelineFixture.Alice, $"{id}u Rolled back deploy 1234, watching error rate");
        Assert.Contains($"INC {id}: update sent to the team.", first.Text);

        // Nobody posts the next one: the orchestration reminds the lead, then says it is overdue.
        var overdue = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ") && m.Body.Contains("is overdue"), Deadline);
        output.WriteLine("overdue: " + overdue.Body);
        var second = await _driver.PostJsonAsync($"api/incidents/{id}/updates", """{"text": "Error rate normal for 10 minutes", "audiences": ["team", "leadership"]}""");
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.True(second.Json!["wasLate"]!.GetValue<bool>());

        var detail = await _driver.IncidentAsync(id);
        Assert.Equal((1, 1), (detail["incident"]!["updatesOnTime"]!.GetValue<int>(), detail["incident"]!["updatesLate"]!.GetValue<int>()));
        Assert.NotNull(detail["lastUpdateByAudience"]!["leadership"]);
        Assert.Empty(detail["openActions"]!.AsArray());

        Assert.Contains($"INC {id} resolved", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}r")).Text);

        var markdown = await PostmortemMarkdownAsync(id);
        output.WriteLine(markdown);
        Assert.Contains($"# INC {id}", markdown);
        Assert.Contains("Roll back deploy 1234", markdown);
        Assert.Contains("redeploy 1234", markdown);
        Assert.Contains("Errors started with deploy 1234", markdown);
        Assert.Contains("1 of 2 updates was late", markdown);
        Assert.Contains("No playbook existed for this alert", markdown);

        // SEV4 needs no retrospective here, so the incident closes once the draft exists.
        await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "closed", Deadline);
    }

    private async Task<string> PostmortemMarkdownAsync(long id)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/incidents/{id}/postmortem");
            request.Headers.Add("x-functions-key", PipelineFixture.AdminKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));
            using var response = await runtime.Client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
                return await response.Content.ReadAsStringAsync();
            }

            Assert.True(DateTime.UtcNow < deadline, $"no post-mortem for INC {id}: {(int)response.StatusCode}");
            await Task.Delay(200);
        }
    }
}
