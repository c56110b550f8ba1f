using System.Text.Json.Serialization;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Escalation;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// Pages everyone on one tier of the incident's policy, once each, unless the incident no longer needs paging: the
/// contacts of each responder's notification rules that are due at once now, the later ones handed back for the
/// orchestration to time (<see cref="PageContactActivity"/> makes them).
/// </summary>
[DurableTask(nameof(PageTierActivity))]
public sealed class PageTierActivity(IncidentStore store, TimelineStore timelineStore, IncidentConfigProvider config, Notifier notifier, Telemetry.IncidentMetrics metrics, TimeProvider time)
    : TaskActivity<PageTierInput, PageTierResult>
{
    public override async Task<PageTierResult> RunAsync(TaskActivityContext context, PageTierInput input)
    {
        var ct = CancellationToken.None;
        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        if (!incident.TakesPages(asHelp: input.Reason == PageReason.Help))
        {
            return new PageTierResult(incident.Status, 0, [], []);
        }

        var policy = config.Current.GetPolicy(incident.EscalationPolicy);
        var tierIndex = Math.Min(input.TierIndex, policy.Tiers.Count - 1);
        var responders = config.Current.ResolveTier(policy, tierIndex, input.At);
        var step = $"page:{input.Loop}:{tierIndex}:{input.Step ?? input.At.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

        if (input.Reason != PageReason.Opened)
        {
            var why = input.Reason switch
            {
                PageReason.Requested => $"Escalated to tier {tierIndex + 1} at the request of {input.RequestedBy ?? "a responder"}",
                PageReason.Loud => $"SEV1: tier {tierIndex + 1} paged at once, without waiting for tier {tierIndex}",
                PageReason.Help => $"Tier {tierIndex + 1} brought in as help by {input.RequestedBy ?? "the lead"}",
                PageReason.Repeat => $"Nobody acknowledged; paging the policy again from tier {tierIndex + 1} (pass {input.Loop + 1})",
                // Timeout; and the plain escalation words for anything else rather than failing the page.
                _ => $"Nobody acknowledged in time; escalated to tier {tierIndex + 1}",
            };
            await timelineStore.AppendAsync(TimelineEntries.Escalated(input.IncidentNumber, input.At, input.RequestedBy, why, step, tierIndex + 1, input.Loop + 1), ct);
            if (input.Reason != PageReason.Help)
            {
                metrics.Escalated(incident.Service);
            }
        }

        var body = SmsTexts.Page(incident, tierIndex, input.Reason);
        var subject = NotificationSubject.Of(incident);
        var paged = new List<string>();
        var failed = new List<string>();
        var followUps = new List<FollowUp>();
        foreach (var responder in responders)
        {
            // Each responder's notification rules: what goes out now, and what follows while nobody has acknowledged.
            // Help is paged while someone leads, so it gets the first contacts only.
            // A page reaches someone at once: when what is due now fails for good (an opted-out or invalid number) or
            // nothing is due yet, the next rules go ahead now, one by one, until one gets through.
            var plan = NotificationPlan.For(responder, incident.Severity, config.Current.Notifications);
            var rules = plan.Select(c => c.Rule).Distinct().ToList();
            var reached = false;
            var sent = 0;
            while (sent < rules.Count && (!reached || plan.First(c => c.Rule == rules[sent]).After <= TimeSpan.Zero))
            {
                foreach (var contact in plan.Where(c => c.Rule == rules[sent]))
                {
                    var outcome = await notifier.SendAsync(PageContacts.Request(responder, contact with { After = TimeSpan.Zero }, subject, body, tierIndex, $"{step}:{responder.Name}", input.At), ct);
                    if (input.Reason == PageReason.Opened && outcome is { Delivered: true, AlreadyDone: false })
                    {
                        // Alert → page: what an on-call engineer waits through, from the opening alert to the provider taking the page.
                        metrics.FirstTierPage(incident.Service, contact.Method.Type, time.GetUtcNow() - incident.OpenedAt);
                    }
                    // A call held back by the flood limit will ring (or be said in another call) within the window.
                    reached |= outcome.Delivered || outcome.RetryAt is not null;
                    if (outcome.RetryAt is { } retryAt && input.Reason != PageReason.Help)
                    {
                        followUps.Add(new FollowUp(responder.Name, contact.Rule, retryAt - input.At, $"{step}:{responder.Name}"));
                    }
                }

                sent++;
            }

            if (input.Reason != PageReason.Help)
            {
                followUps.AddRange(rules.Skip(sent).Select(rule => new FollowUp(responder.Name, rule, plan.First(c => c.Rule == rule).After, $"{step}:{responder.Name}")));
            }

            (reached ? paged : failed).Add(responder.Name);
        }

        return new PageTierResult(IncidentStatus.Triggered, paged.Count, paged, failed) { FollowUps = followUps.Count == 0 ? null : followUps };
    }
}

/// <param name="At">Orchestration time of the step: timeline rows and idempotency keys derive from it, so a retry writes the same rows.</param>
/// <param name="Reason">Why the tier is paged; decides the text's prefix and the timeline's words.</param>
/// <param name="Step">
/// The orchestration's own count of its texting steps ("s3"): the idempotency key of the texts. Unlike <paramref name="At"/>
/// (the orchestration's clock), it is the same when an episode that was never checkpointed runs again after a crash.
/// Null in histories written before it existed: the key then falls back to <paramref name="At"/>.
/// </param>
public sealed record PageTierInput(long IncidentNumber, int TierIndex, int Loop, DateTimeOffset At, PageReason Reason, string? RequestedBy, string? Step = null);

/// <param name="IncidentStatus">
/// The incident's status when the activity ran: paging stops unless it is still Triggered. Written as the member's name
/// ("Acknowledged"), as when it was a string, because stored histories hold results in that form; the converter sits on
/// the property so no serializer's options can turn it into a number or another spelling.
/// </param>
/// <param name="Delivered">Texts accepted by the SMS provider for this tier; 0 means nobody on the tier is reachable.</param>
public sealed record PageTierResult(
    [property: JsonConverter(typeof(JsonStringEnumConverter<IncidentStatus>))] IncidentStatus IncidentStatus, int Delivered, IReadOnlyList<string> Paged, IReadOnlyList<string> Failed)
{
    /// <summary>
    /// The later contacts of the responders' notification rules ("call after 1 minute"), for the orchestration to time.
    /// Null when there are none, as in every history written before rules existed: those replay without new timers.
    /// </summary>
    public IReadOnlyList<FollowUp>? FollowUps { get; init; }
}

/// <summary>One later rule of one responder's page: due <paramref name="After"/> the page, keyed under the page's <paramref name="Key"/>.</summary>
public sealed record FollowUp(string Responder, int Rule, TimeSpan After, string Key);
