using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The orchestration hands its timeline to the event stream before every wait, and a stream that is down never
/// stops paging, acks or closing.
/// </summary>
public sealed class EventPublishingOrchestrationTests : OrchestrationTestHost
{
    [Fact]
    public async Task Publishes_after_paging_before_waiting_for_an_ack()
    {
        var id = await StartAsync(TimeSpan.FromMinutes(5));

        await Activities.NextAsync<PageTierInput>();
        await PollAsync(() => Activities.PublishCalls >= 1, "a publish after the first page");

        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Alice");
        await Activities.NextAsync<NotifyInput>();
        var afterAck = Activities.PublishCalls;
        await SignalAsync(id, IncidentSignalKind.Resolved, "Alice");
        await CompletionAsync(id);

        Assert.True(Activities.PublishCalls > afterAck, "the resolution and closing entries were never published");
    }

    [Fact]
    public async Task A_stream_that_is_down_does_not_stop_escalation_acks_or_closing()
    {
        Activities.PublishFails = true;
        var delay = TimeSpan.FromSeconds(1);
        var id = await StartAsync(delay);

        var first = await Activities.NextAsync<PageTierInput>();
        var second = await Activities.NextAsync<PageTierInput>();
        Assert.Equal(1, second.TierIndex);
        Assert.True(second.At - first.At >= delay);
        Assert.True(Activities.PublishFailures > 0, "no publish was attempted while paging");
        Assert.Equal(NotifyKind.Unacknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);

        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Bob");
        Assert.Equal(NotifyKind.Acknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);

        // The stream is back: the outbox (kept by the real activity) goes out at the next publish, and the incident closes.
        Activities.PublishFails = false;
        var failedCalls = Activities.PublishCalls;
        await SignalAsync(id, IncidentSignalKind.Resolved, "Bob");
        var outcome = await CompletionAsync(id);

        Assert.Equal(IncidentStatus.Closed, outcome.FinalStatus);
        Assert.True(Activities.PublishCalls > failedCalls, "nothing was published once the stream was back");
    }

    private async Task<string> StartAsync(TimeSpan delay)
    {
        var id = "incident-" + Guid.NewGuid().ToString("N")[..8];
        var input = new IncidentOrchestrationInput(9, "checkout", "checkout", [delay, delay], 0)
        {
            Severity = IncidentSeverity.Sev3,
            Timings = new ResponseTimings(null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), null, TimeSpan.FromDays(1)),
        };
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentOrchestrator), input, new StartOrchestrationOptions(id));
        return id;
    }

    private Task SignalAsync(string id, IncidentSignalKind kind, string by) =>
        SignalAsync(id, new IncidentSignal(kind, by, DateTimeOffset.UtcNow));

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"no {what} within 20 s");
            }

            await Task.Delay(50);
        }
    }
}
