using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The timing of notification rules on the in-memory Durable Task host: a page's later rules ("call after 1 minute") fire
/// on durable timers while nobody has acknowledged, a call that reached nobody brings the next rule forward, and the
/// first acknowledgement ends every pending rule for everyone.
/// </summary>
public sealed class NotificationRuleOrchestrationTests : OrchestrationTestHost
{
    private static PageTierResult PagedWith(params FollowUp[] followUps) =>
        new(IncidentStatus.Triggered, 1, ["Alice"], []) { FollowUps = followUps };

    [Fact]
    public async Task A_later_rule_fires_after_its_delay_under_the_page_s_key_and_not_before()
    {
        Activities.NextPageReturns(PagedWith(new FollowUp("Alice", 1, TimeSpan.FromSeconds(1), "page:0:0:s1:Alice")));
        var id = await StartAsync(tiers: 2, repeat: 0, delay: TimeSpan.FromMinutes(10));

        var page = await Activities.NextAsync<PageTierInput>();
        var contact = await Activities.NextAsync<PageContactInput>();

        Assert.Equal(("Alice", 1, 0, "page:0:0:s1:Alice"), (contact.Responder, contact.Rule, contact.TierIndex, contact.PageKey));
        Assert.True(contact.At - page.At >= TimeSpan.FromSeconds(1), $"the rule fired {(contact.At - page.At).TotalMilliseconds} ms after the page");
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        await CompletionAsync(id);
        Assert.Single(Activities.All.OfType<PageContactInput>());
        // The tier's own delay (10 minutes) was not cut short by the rule's timer.
        Assert.Single(Activities.All.OfType<PageTierInput>());
    }

    [Fact]
    public async Task An_acknowledgement_ends_every_pending_rule_for_everyone()
    {
        Activities.NextPageReturns(new PageTierResult(IncidentStatus.Triggered, 2, ["Alice", "Bob"], [])
        {
            FollowUps = [new("Alice", 1, TimeSpan.FromSeconds(2), "k:Alice"), new("Bob", 1, TimeSpan.FromSeconds(2), "k:Bob")],
        });
        var id = await StartAsync(tiers: 1, repeat: 0, delay: TimeSpan.FromMinutes(10));
        await Activities.NextAsync<PageTierInput>();

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Acknowledged, "Bob", DateTimeOffset.UtcNow));
        await Activities.NextOfAsync<NotifyInput>();
        // Past the rules' time: a due rule would have run by now, before the resolution below.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Bob", DateTimeOffset.UtcNow));
        await CompletionAsync(id);

        Assert.Empty(Activities.All.OfType<PageContactInput>());
    }

    [Fact]
    public async Task A_call_nobody_took_brings_that_responder_s_next_rule_forward_once()
    {
        Activities.NextPageReturns(PagedWith(
            new FollowUp("Alice", 1, TimeSpan.FromMinutes(5), "k:Alice"),
            new FollowUp("Alice", 2, TimeSpan.FromMinutes(10), "k:Alice")));
        var id = await StartAsync(tiers: 1, repeat: 0, delay: TimeSpan.FromMinutes(30));
        await Activities.NextAsync<PageTierInput>();

        // Twilio may report the same ending twice: only the first brings a rule forward.
        var unanswered = new IncidentSignal(IncidentSignalKind.ContactUnanswered, "Alice", DateTimeOffset.UtcNow) { Reason = "k:Alice:voice" };
        await SignalAsync(id, unanswered);
        await SignalAsync(id, unanswered);
        var contact = await Activities.NextAsync<PageContactInput>();
        Assert.Equal(1, contact.Rule);

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.ContactUnanswered, "Alice", DateTimeOffset.UtcNow) { Reason = "k:Alice:r1:voice" });
        Assert.Equal(2, (await Activities.NextAsync<PageContactInput>()).Rule);

        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        await CompletionAsync(id);
        Assert.Equal([1, 2], Activities.All.OfType<PageContactInput>().Select(c => c.Rule));
    }

    [Fact]
    public async Task A_rule_that_finds_the_incident_acknowledged_ends_the_rest()
    {
        Activities.ContactStatus = IncidentStatus.Acknowledged;
        Activities.NextPageReturns(PagedWith(
            new FollowUp("Alice", 1, TimeSpan.FromMilliseconds(500), "k:Alice"),
            new FollowUp("Alice", 2, TimeSpan.FromSeconds(1), "k:Alice")));
        var id = await StartAsync(tiers: 1, repeat: 0, delay: TimeSpan.FromMinutes(10));
        await Activities.NextAsync<PageTierInput>();
        Assert.Equal(1, (await Activities.NextAsync<PageContactInput>()).Rule);

        await Task.Delay(TimeSpan.FromSeconds(2));
        await SignalAsync(id, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        await CompletionAsync(id);
        Assert.Single(Activities.All.OfType<PageContactInput>());
    }
}
