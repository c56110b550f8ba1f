using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// At resolution: gathers the incident's facts (timeline, alerts, notes, actions, updates, scope, repeats) and stores
/// the drafted post-mortem. Safe to retry: the first draft stays, so edits made meanwhile are never overwritten.
/// </summary>
[DurableTask(nameof(DraftPostmortemActivity))]
public sealed class DraftPostmortemActivity(IncidentStore store, AlertStore alertStore, TimelineStore timelineStore, IncidentRecordStore records, IncidentConfigProvider config)
    : TaskActivity<PostmortemStepInput, PostmortemDraftResult>
{
    public override async Task<PostmortemDraftResult> RunAsync(TaskActivityContext context, PostmortemStepInput input)
    {
        var ct = CancellationToken.None;
        var existing = await records.GetPostmortemAsync(input.IncidentNumber, ct);
        if (existing is not null)
        {
            return new PostmortemDraftResult(false, existing.Postmortem.Status == PostmortemStatus.Completed ? null : existing.Postmortem.DueBy);
        }

        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        var timeline = await timelineStore.GetAsync(input.IncidentNumber, ct);
        var alerts = await alertStore.GetAlertsAsync(input.IncidentNumber, ct);
        var policy = config.Current.Response;
        var facts = new PostmortemFacts
        {
            IncidentNumber = incident.Number,
            Service = incident.Service,
            Title = incident.Title,
            Severity = incident.Severity,
            Lead = incident.Lead,
            OpenedAt = incident.OpenedAt,
            FirstAlertStartsAt = alerts.Select(a => a.StartsAt).Where(s => s is not null).Min(),
            AcknowledgedAt = incident.AcknowledgedAt,
            ResolvedAt = incident.ResolvedAt ?? input.At,
            ResolutionSummary = incident.ResolutionSummary,
            // Every incident opens from an integration today; a "declare an incident" path would set this.
            ReportedByHuman = false,
            Timeline = timeline,
            Alerts = alerts.Select(a => new AlertFacts(a.Format, a.Title, a.DedupKey, a.Count, a.FirstSeenAt, a.LastSeenAt)).ToList(),
            PlaybookUrls = incident.PlaybookUrls,
            UpdateCadence = policy.UpdateCadence(incident.Severity),
            UpdatesLate = incident.UpdatesLate,
            UpdatesMissed = incident.UpdatesMissed,
            RepeatOf = await RepeatLinksAsync(incident.RepeatOf, ct),
            Responders = incident.Responders,
            RetrospectiveDue = policy.RetrospectiveDue(incident.Severity),
        };
        facts = await records.AddRecordsToAsync(facts, ct);

        var draft = PostmortemDrafter.Draft(facts, input.At);
        if (await records.TryAddPostmortemAsync(draft, ct))
        {
            await timelineStore.AppendAsync(TimelineEntries.PostmortemDrafted(incident.Number, input.At, draft.DueBy), ct);
        }

        return new PostmortemDraftResult(true, draft.DueBy);
    }

    private async Task<IReadOnlyList<RepeatLink>> RepeatLinksAsync(IReadOnlyList<long> repeatOf, CancellationToken ct)
    {
        var links = new List<RepeatLink>();
        foreach (var number in repeatOf)
        {
            var earlier = await store.GetIncidentAsync(number, ct);
            if (earlier?.Incident.ResolvedAt is not { } resolvedAt)
            {
                continue;
            }

            var pm = await records.GetPostmortemAsync(number, ct);
            var open = pm?.Postmortem.ActionItems.Where(i => !i.Done).Select(i => i.Title).ToList() ?? [];
            links.Add(new RepeatLink(number, resolvedAt, open));
        }

        return links;
    }
}

/// <param name="DueBy">When the retrospective is due; null when none is required.</param>
public sealed record PostmortemDraftResult(bool Drafted, DateTimeOffset? DueBy);
