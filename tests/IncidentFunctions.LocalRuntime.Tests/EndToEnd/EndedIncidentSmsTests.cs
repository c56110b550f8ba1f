using System.Net;
using IncidentFunctions.Domain.Incidents;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// SMS codes sent about an incident that has already ended are answered with its state and change nothing. Found as
/// a bug: "12e" on a closed incident answered "paging the next tier now" (the old guard knew resolved, not closed).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class EndedIncidentSmsTests(PipelineFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Escalate_code_on_a_closed_incident_says_it_is_closed_and_pages_nobody()
    {
        var id = await ClosedIncidentAsync();
        var textsBefore = TextsAbout(id);
        var timelineBefore = await TimelineKindsAsync(id);

        var reply = await _driver.TextAsync(PipelineFixture.Alice, $"{id}e");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains($"INC {id} is already resolved and closed", reply.Text);
        Assert.DoesNotContain("paging the next tier", reply.Text);
        // Refused before anything is signalled: no text goes out, nothing is added to the timeline, the row stays closed.
        Assert.Equal(textsBefore, TextsAbout(id));
        Assert.Equal(timelineBefore, await TimelineKindsAsync(id));
        Assert.Equal("closed", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    /// <summary>
    /// A SEV4 incident (no retrospective required) resolved by SMS: it closes once its post-mortem draft exists, and its
    /// orchestration then finishes, so every text it will ever send has been sent.
    /// </summary>
    private async Task<long> ClosedIncidentAsync()
    {
        var alert = """{"title": "Search index lagging", "severity": "info", "dedupKey": "KEY", "source": "synthetics"}""".Replace("KEY", Payloads.Unique("ended"));
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-loop", alert));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);

        Assert.Contains($"INC {id} resolved", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}r")).Text);
        await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "closed", Deadline);

        using var cts = new CancellationTokenSource(Deadline);
        var client = runtime.Host.Services.GetRequiredService<DurableTaskClient>();
        var instance = await client.WaitForInstanceCompletionAsync(IncidentIds.InstanceId(id), cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        return id;
    }

    private IReadOnlyList<string> TextsAbout(long id) =>
        runtime.Twilio.Messages.Where(m => m.Body.Contains($"INC {id} ", StringComparison.Ordinal)).Select(m => $"{m.To}: {m.Body}").ToList();

    private async Task<IReadOnlyList<string>> TimelineKindsAsync(long id) =>
        (await _driver.IncidentAsync(id))["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
}
