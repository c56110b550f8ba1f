using System.Globalization;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Paging;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Timeline;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Activities;

/// <summary>Texts everyone on one tier of the incident's policy, once each, unless the incident no longer needs paging.</summary>
[DurableTask(nameof(PageTierActivity))]
public sealed class PageTierActivity(IncidentStore store, TimelineStore timelineStore, SendLedger ledger, IncidentConfigProvider config, SmsDispatcher sms)
    : TaskActivity<PageTierInput, PageTierResult>
{
    public override async Task<PageTierResult> RunAsync(TaskActivityContext context, PageTierInput input)
    {
        var ct = CancellationToken.None;
        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        if (!incident.TakesPages(asHelp: input.Reason == "help"))
        {
            return new PageTierResult(incident.Status.ToString(), 0, [], []);
        }

        var policy = config.Current.GetPolicy(incident.EscalationPolicy);
        var tierIndex = Math.Min(input.TierIndex, policy.Tiers.Count - 1);
        var responders = config.Current.ResolveTier(policy, tierIndex, input.At);
        var step = $"page:{input.Loop}:{tierIndex}:{input.Step ?? input.At.UtcTicks.ToString(CultureInfo.InvariantCulture)}";

        if (input.Reason != "opened")
        {
            var why = input.Reason switch
            {
                "requested" => $"Escalated to tier {tierIndex + 1} at the request of {input.RequestedBy ?? "a responder"}",
                "loud" => $"SEV1: tier {tierIndex + 1} paged at once, without waiting for tier {tierIndex}",
                "help" => $"Tier {tierIndex + 1} brought in as help by {input.RequestedBy ?? "the lead"}",
                "repeat" => $"Nobody acknowledged; paging the policy again from tier {tierIndex + 1} (pass {input.Loop + 1})",
                _ => $"Nobody acknowledged in time; escalated to tier {tierIndex + 1}",
            };
            await timelineStore.AppendAsync(TimelineEntries.Escalated(input.IncidentNumber, input.At, input.RequestedBy, why, step, tierIndex + 1, input.Loop + 1), ct);
        }

        var body = SmsTexts.Page(incident, tierIndex, input.Reason);
        var paged = new List<string>();
        var failed = new List<string>();
        foreach (var responder in responders)
        {
            // Before the send: a responder can answer "a" faster than this activity finishes.
            await ledger.SetLastPagedAsync(responder.Phone, input.IncidentNumber, input.At, ct);
            var outcome = await sms.SendOnceAsync(input.IncidentNumber, $"{step}:{responder.Name}", SendPurposes.Page, responder, body, input.At,
                TimelineEntryKind.PageSent, $"Paged {responder.Name} (tier {tierIndex + 1})",
                SendReason.ForTier(tierIndex + 1), ct);
            if (outcome.Delivered)
            {
                paged.Add(responder.Name);
            }
            else
            {
                failed.Add(responder.Name);
            }
        }

        return new PageTierResult(nameof(IncidentStatus.Triggered), paged.Count, paged, failed);
    }
}

/// <param name="At">Orchestration time of the step: timeline rows and idempotency keys derive from it, so a retry writes the same rows.</param>
/// <param name="Reason">"opened", "loud" (SEV1: the second tier at once), "timeout", "requested" (someone asked to escalate), "help" (brought in after acknowledgement) or "repeat".</param>
/// <param name="Step">
/// The orchestration's own count of its texting steps ("s3"): the idempotency key of the texts. Unlike <paramref name="At"/>
/// (the orchestration's clock), it is the same when an episode that was never checkpointed runs again after a crash.
/// Null in histories written before it existed: the key then falls back to <paramref name="At"/>.
/// </param>
public sealed record PageTierInput(long IncidentNumber, int TierIndex, int Loop, DateTimeOffset At, string Reason, string? RequestedBy, string? Step = null);

/// <param name="IncidentStatus">The incident's status when the activity ran: paging stops unless it is still Triggered.</param>
/// <param name="Delivered">Texts accepted by the SMS provider for this tier; 0 means nobody on the tier is reachable.</param>
public sealed record PageTierResult(string IncidentStatus, int Delivered, IReadOnlyList<string> Paged, IReadOnlyList<string> Failed);
