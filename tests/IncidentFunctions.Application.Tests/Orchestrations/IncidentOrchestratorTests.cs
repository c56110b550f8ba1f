using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The incident orchestration on the in-memory Durable Task host: real timers, events and replay,
/// with short policy delays. Activities are scripted (see <see cref="ScriptedActivities"/>).
/// </summary>
public sealed class IncidentOrchestratorTests : OrchestrationTestHost
{
    private static readonly TimeSpan Tier = TimeSpan.FromSeconds(1);
    [Fact]
    public async Task Acknowledged_in_time_pages_only_the_first_tier_and_tells_the_others()
    {
        var id = await StartAsync(tiers: 2, repeat: 0, delay: TimeSpan.FromSeconds(30));

        var page = await Activities.NextAsync<PageTierInput>();
        Assert.Equal((0, 0, PageReason.Opened), (page.TierIndex, page.Loop, page.Reason));

        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Alice");
        var notify = await Activities.NextAsync<NotifyInput>();
        Assert.Equal(NotifyKind.Acknowledged, notify.Kind);
        Assert.Equal("Alice", notify.Actor);

        await SignalAsync(id, IncidentSignalKind.Resolved, "Alice");
        var outcome = await CompletionAsync(id);
        Assert.False(outcome.EndedUnacknowledged);
        Assert.Equal(1, outcome.PagesSent);
        Assert.Equal(NotifyKind.Resolved, (await Activities.NextAsync<NotifyInput>()).Kind);
        await Activities.NextAsync<DraftCall>();
        await Activities.NextAsync<CloseCall>();
        Assert.Equal(IncidentStatus.Closed, outcome.FinalStatus);
        Assert.Single(Activities.All.OfType<PageTierInput>());
    }

    [Fact]
    public async Task Escalates_to_the_next_tier_when_nobody_acks_and_never_before_the_deadline()
    {
        var id = await StartAsync(tiers: 2, repeat: 0, delay: Tier);

        var first = await Activities.NextAsync<PageTierInput>();
        var second = await Activities.NextAsync<PageTierInput>();
        Assert.Equal((1, PageReason.Timeout), (second.TierIndex, second.Reason));
        Assert.True(second.At - first.At >= Tier, $"escalated after {(second.At - first.At).TotalMilliseconds} ms, before the {Tier} delay");

        Assert.Equal(NotifyKind.Unacknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);
        await SignalAsync(id, IncidentSignalKind.Resolved, "Bob");
        var outcome = await CompletionAsync(id);
        Assert.True(outcome.EndedUnacknowledged);
    }

    [Fact]
    public async Task Repeats_the_whole_policy_as_many_times_as_configured_then_stops_paging()
    {
        var id = await StartAsync(tiers: 2, repeat: 1, delay: Tier);

        var pages = new List<PageTierInput>();
        for (var i = 0; i < 4; i++)
        {
            pages.Add(await Activities.NextAsync<PageTierInput>());
        }

        Assert.Equal([(0, 0), (1, 0), (0, 1), (1, 1)], pages.Select(p => (p.TierIndex, p.Loop)));
        Assert.Equal(PageReason.Repeat, pages[2].Reason);
        Assert.Equal(NotifyKind.Unacknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);

        // Paging has stopped: nothing else is called until someone acts.
        await SignalAsync(id, IncidentSignalKind.Resolved, "Alice");
        await CompletionAsync(id);
        Assert.Equal(4, Activities.All.OfType<PageTierInput>().Count());
    }

    [Fact]
    public async Task Ack_after_escalation_stops_further_tiers()
    {
        // The ack must land between the second tier and the third: a one-second gap was missed under load (a parallel build).
        var id = await StartAsync(tiers: 3, repeat: 0, delay: TimeSpan.FromSeconds(5));
        await Activities.NextAsync<PageTierInput>();
        var second = await Activities.NextAsync<PageTierInput>();
        Assert.Equal(1, second.TierIndex);

        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Bob");
        Assert.Equal(NotifyKind.Acknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);

        await SignalAsync(id, IncidentSignalKind.Resolved, "Bob");
        var outcome = await CompletionAsync(id);
        Assert.False(outcome.EndedUnacknowledged);
        Assert.DoesNotContain(Activities.All.OfType<PageTierInput>(), p => p.TierIndex == 2);
    }

    [Fact]
    public async Task Late_ack_after_paging_stopped_still_takes_the_lead()
    {
        var id = await StartAsync(tiers: 1, repeat: 0, delay: Tier);
        await Activities.NextAsync<PageTierInput>();
        Assert.Equal(NotifyKind.Unacknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);

        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Alice");
        var notify = await Activities.NextAsync<NotifyInput>();
        Assert.Equal((NotifyKind.Acknowledged, "Alice"), (notify.Kind, notify.Actor));

        await SignalAsync(id, IncidentSignalKind.Resolved, "Alice");
        var outcome = await CompletionAsync(id);
        Assert.True(outcome.EndedUnacknowledged);
    }

    [Fact]
    public async Task A_request_to_escalate_pages_the_next_tier_at_once()
    {
        var id = await StartAsync(tiers: 2, repeat: 0, delay: TimeSpan.FromMinutes(10));
        await Activities.NextAsync<PageTierInput>();

        await SignalAsync(id, IncidentSignalKind.Escalate, "Alice");
        var next = await Activities.NextAsync<PageTierInput>();
        Assert.Equal((1, PageReason.Requested, "Alice"), (next.TierIndex, next.Reason, next.RequestedBy));

        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Bob");
        await Activities.NextAsync<NotifyInput>();
        await SignalAsync(id, IncidentSignalKind.Resolved, "Bob");
        await CompletionAsync(id);
    }

    [Fact]
    public async Task A_tier_nobody_could_be_texted_on_escalates_without_waiting_out_its_delay()
    {
        Activities.NextPageReturns(new PageTierResult(IncidentStatus.Triggered, 0, [], ["Alice"]));
        var id = await StartAsync(tiers: 2, repeat: 0, delay: TimeSpan.FromMinutes(10));

        var first = await Activities.NextAsync<PageTierInput>();
        var second = await Activities.NextAsync<PageTierInput>(TimeSpan.FromSeconds(10));
        Assert.Equal(1, second.TierIndex);
        Assert.True(second.At - first.At < TimeSpan.FromMinutes(1));

        await SignalAsync(id, IncidentSignalKind.Resolved, "Bob");
        await CompletionAsync(id);
    }

    [Fact]
    public async Task An_ack_that_raced_the_page_is_honoured_from_the_incident_status()
    {
        Activities.NextPageReturns(new PageTierResult(IncidentStatus.Acknowledged, 0, [], []));
        var id = await StartAsync(tiers: 2, repeat: 0, delay: Tier);
        await Activities.NextAsync<PageTierInput>();

        await SignalAsync(id, IncidentSignalKind.Resolved, "Alice");
        await CompletionAsync(id);
        Assert.Single(Activities.All.OfType<PageTierInput>());
    }

    [Fact]
    public async Task Alerts_clearing_at_the_source_tell_the_lead_without_ending_the_incident()
    {
        var id = await StartAsync(tiers: 1, repeat: 0, delay: TimeSpan.FromMinutes(10));
        await Activities.NextAsync<PageTierInput>();
        await SignalAsync(id, IncidentSignalKind.Acknowledged, "Alice");
        await Activities.NextAsync<NotifyInput>();

        await SignalAsync(id, IncidentSignalKind.AlertsResolved, null);
        Assert.Equal(NotifyKind.AlertsResolved, (await Activities.NextAsync<NotifyInput>()).Kind);
        var state = await Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Running, state!.RuntimeStatus);

        await SignalAsync(id, IncidentSignalKind.Resolved, "Alice");
        await CompletionAsync(id);
    }

    private Task SignalAsync(string id, IncidentSignalKind kind, string? by) =>
        SignalAsync(id, new IncidentSignal(kind, by, DateTimeOffset.UtcNow));

}
