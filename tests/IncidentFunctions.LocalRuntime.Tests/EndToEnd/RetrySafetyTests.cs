using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Escalation;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>Activities run at least once. Running the same step again must not text anyone twice.</summary>
[Collection(PipelineCollection.Name)]
public sealed class RetrySafetyTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Running_a_page_step_again_texts_nobody_twice()
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Retry safety", Payloads.Unique("retry"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(30));

        // The same step as the orchestration would replay it after a crash: same tier, pass and instant.
        var step = new PageTierInput(id, TierIndex: 1, Loop: 0, At: DateTimeOffset.UtcNow, Reason: PageReason.Timeout, RequestedBy: null);
        var activity = runtime.Host.Services.GetRequiredService<PageTierActivity>();
        var context = new StubContext();
        var first = await activity.RunAsync(context, step);
        var second = await activity.RunAsync(context, step);

        Assert.Equal(["Bob"], first.Paged);
        Assert.Equal(["Bob"], second.Paged);
        Assert.Single(runtime.Twilio.Attempts, m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} "));

        var timeline = (await _driver.IncidentAsync(id))["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Single(timeline, k => k == "escalated");
    }

    private sealed class StubContext : TaskActivityContext
    {
        public override TaskName Name => nameof(PageTierActivity);

        public override string InstanceId => "retry-safety";
    }
}
