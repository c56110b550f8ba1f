using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The response loop in the incident orchestration on the in-memory Durable Task host, with second-scale timings:
/// loud SEV1 paging, hand-over, bringing in help, update cadence enforcement, irreversible actions, and the road
/// from resolution through the post-mortem to closed.
/// </summary>
public sealed class ResponseLoopOrchestrationTests : OrchestrationTestHost
{
    [Fact]
    public async Task SEV1_tells_leadership_and_pages_tiers_one_and_two_at_once()
    {
        var id = await StartAsync(IncidentSeverity.Sev1, Quiet());

        Assert.Equal(NotifyKind.LeadershipSev1, (await Activities.NextAsync<NotifyInput>()).Kind);
        var first = await Activities.NextAsync<PageTierInput>();
        var second = await Activities.NextAsync<PageTierInput>();
        Assert.Equal((0, 1), (first.TierIndex, second.TierIndex));
        Assert.True(second.At - first.At < TimeSpan.FromMinutes(1), "tier 2 waited for tier 1's delay");

        await FinishAsync(id);
    }

    [Fact]
    public async Task Handing_over_the_lead_texts_the_new_lead_and_added_responders_are_paged()
    {
        var id = await StartAndAcknowledgeAsync(Quiet());

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.LeadChanged, "Alice", DateTimeOffset.UtcNow) { Responders = ["Bob"], Reason = "end of shift" });
        var handOver = await Activities.NextAsync<NotifyInput>();
        Assert.Equal((NotifyKind.LeadChanged, "Alice"), (handOver.Kind, handOver.Actor));

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.RespondersAdded, "Bob", DateTimeOffset.UtcNow) { Responders = ["Carol", "Dave"], Reason = "database expertise" });
        var added = await Activities.NextAsync<PageRespondersInput>();
        Assert.Equal(["Carol", "Dave"], added.Responders);
        Assert.Equal(("Bob", "database expertise"), (added.By, added.Reason));

        // "Bring in more" after acknowledgement pages the next tier without taking the lead away.
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Escalate, "Bob", DateTimeOffset.UtcNow));
        var help = await Activities.NextAsync<PageTierInput>();
        Assert.Equal((1, PageReason.Help), (help.TierIndex, help.Reason));

        await FinishAsync(id);
    }

    [Fact]
    public async Task Overdue_update_reminds_then_tells_the_team_then_leadership_and_an_update_resets_the_clock()
    {
        // Cadence 4 s: reminder at 3 s, overdue at 4 s, quiet at 6 s.
        var timings = new ResponseTimings(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(15), null, TimeSpan.FromDays(1));
        var id = await StartAndAcknowledgeAsync(timings);

        var reminder = await Activities.NextAsync<AgendaEffectsInput>();
        var overdue = await Activities.NextAsync<AgendaEffectsInput>();
        var quiet = await Activities.NextAsync<AgendaEffectsInput>();
        Assert.Equal(
            [AgendaEffectKind.UpdateReminder, AgendaEffectKind.UpdateOverdue, AgendaEffectKind.GoneQuiet],
            new[] { reminder, overdue, quiet }.Select(e => e.Effects.Single().Kind));
        Assert.True(overdue.At >= overdue.Effects.Single().DueAt, "overdue was announced before the deadline");
        Assert.Equal(1, quiet.UpdatesMissed);

        // An update promising the next one in 30 s silences the agenda for now.
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.UpdatePosted, "Alice", DateTimeOffset.UtcNow) { NextUpdateBy = DateTimeOffset.UtcNow.AddSeconds(30) });
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        var outcome = await CompletionAsync(id);
        Assert.Equal((1, 0), (outcome.UpdatesMissed, outcome.UpdatesLate));
        Assert.Equal(3, Activities.All.OfType<AgendaEffectsInput>().Count());
    }

    [Fact]
    public async Task An_unconfirmed_irreversible_action_is_chased_and_a_confirmed_one_is_not()
    {
        var timings = new ResponseTimings(null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(2), null, TimeSpan.FromDays(1));
        var id = await StartAndAcknowledgeAsync(timings);

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.ActionRecorded, "Alice", DateTimeOffset.UtcNow) { ActionId = "confirmed", Irreversible = true });
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.ActionConfirmed, "Alice", DateTimeOffset.UtcNow) { ActionId = "confirmed" });
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.ActionRecorded, "Alice", DateTimeOffset.UtcNow) { ActionId = "dropped-table", Irreversible = true });

        var chase = await Activities.NextAsync<AgendaEffectsInput>();
        Assert.Equal((AgendaEffectKind.IrreversibleActionUnconfirmed, "dropped-table"), (chase.Effects.Single().Kind, chase.Effects.Single().ActionId));

        await FinishAsync(id);
        Assert.Single(Activities.All.OfType<AgendaEffectsInput>());
    }

    [Fact]
    public async Task Resolution_drafts_the_postmortem_reminds_until_it_is_completed_then_closes()
    {
        Activities.PostmortemDueBy = DateTimeOffset.UtcNow.AddSeconds(3);
        var timings = new ResponseTimings(null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
        var id = await StartAndAcknowledgeAsync(timings);

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        Assert.Equal(NotifyKind.Resolved, (await Activities.NextAsync<NotifyInput>()).Kind);
        await Activities.NextAsync<DraftCall>();

        var first = await Activities.NextAsync<NotifyInput>();
        var second = await Activities.NextAsync<NotifyInput>();
        Assert.All([first, second], n => Assert.Equal(NotifyKind.RetrospectiveReminder, n.Kind));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(id))!.RuntimeStatus);

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.PostmortemCompleted, "Alice", DateTimeOffset.UtcNow));
        await Activities.NextOfAsync<CloseCall>();
        var outcome = await CompletionAsync(id);
        Assert.Equal(IncidentStatus.Closed, outcome.FinalStatus);
    }

    [Fact]
    public async Task Raising_severity_to_SEV1_while_acknowledged_tells_leadership()
    {
        var id = await StartAndAcknowledgeAsync(Quiet());

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.SeverityChanged, "Alice", DateTimeOffset.UtcNow) { Severity = IncidentSeverity.Sev1, Cadence = TimeSpan.FromMinutes(30) });
        Assert.Equal(NotifyKind.LeadershipSev1, (await Activities.NextAsync<NotifyInput>()).Kind);

        await FinishAsync(id);
    }

    private static ResponseTimings Quiet() =>
        new(null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), null, TimeSpan.FromDays(1));

    private async Task<string> StartAndAcknowledgeAsync(ResponseTimings timings)
    {
        var id = await StartAsync(IncidentSeverity.Sev3, timings);
        await Activities.NextAsync<PageTierInput>();
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Acknowledged, "Alice", DateTimeOffset.UtcNow));
        Assert.Equal(NotifyKind.Acknowledged, (await Activities.NextAsync<NotifyInput>()).Kind);
        return id;
    }

    private async Task<string> StartAsync(IncidentSeverity severity, ResponseTimings timings)
    {
        var id = "incident-" + Guid.NewGuid().ToString("N")[..8];
        var input = new IncidentOrchestrationInput(9, "checkout", "checkout", [TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)], 0)
        {
            Severity = severity,
            Timings = timings,
        };
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentOrchestrator), input, new StartOrchestrationOptions(id));
        return id;
    }

    private async Task FinishAsync(string id)
    {
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        await CompletionAsync(id);
    }


}
