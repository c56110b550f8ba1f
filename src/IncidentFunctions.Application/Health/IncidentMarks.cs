using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// Marks every open incident's timeline while the pipeline is degraded: one entry when a condition begins (what is
/// broken, what it means for the incident, who was told how) and one when it ends. Each is keyed by the condition's
/// occurrence and written at a fixed instant, so a second pass (the pipeline watch's, another instance's) writes
/// nothing new; an incident opened during the condition gets its entry at its opening. The highest incident number
/// marked is kept per occurrence, so the watch's passes (every minute, with thousands open) only write to incidents
/// opened since: numbers only grow. (An incident whose number was drawn before a higher one's row was written, and
/// whose own row came after the pass, is not marked: rare, and the cost of exactness would be every open incident's
/// timeline written every minute.)
/// </summary>
public sealed class IncidentMarks(IncidentStore incidents, TimelineStore timeline, HealthStore marked)
{
    public async Task MarkDegradedAsync(PipelineCondition condition, IReadOnlyList<string> told, CancellationToken ct)
    {
        var details = new PipelineDetails(condition.Name, condition.Since, told);
        var key = $"{condition.Name}|{condition.Since.UtcTicks}|degraded";
        var open = await OpenSinceAsync(key, ct);
        foreach (var incident in open)
        {
            var at = incident.OpenedAt > condition.Since ? incident.OpenedAt : condition.Since;
            await timeline.AppendAsync(TimelineEntries.PipelineDegraded(incident.Number, at, details,
                PipelineConditions.What(condition.Name), PipelineConditions.Impact(condition.Name)), ct);
        }

        await DoneAsync(key, open, ct);
    }

    public async Task MarkRecoveredAsync(PipelineCondition condition, DateTimeOffset at, IReadOnlyList<string> told, CancellationToken ct)
    {
        var details = new PipelineDetails(condition.Name, condition.Since, told);
        var key = $"{condition.Name}|{condition.Since.UtcTicks}|recovered";
        var open = (await OpenSinceAsync(key, ct)).Where(i => i.OpenedAt <= at).ToList();
        foreach (var incident in open)
        {
            await timeline.AppendAsync(TimelineEntries.PipelineRecovered(incident.Number, at, details, PipelineConditions.What(condition.Name)), ct);
        }

        await DoneAsync(key, open, ct);
    }

    /// <summary>The open incidents not marked yet for <paramref name="key"/>.</summary>
    private async Task<IReadOnlyList<Incident>> OpenSinceAsync(string key, CancellationToken ct)
    {
        var upTo = await marked.GetMarkedAsync(key, ct);
        return
        [
            .. (await incidents.ListIncidentsAsync(IncidentStatus.Triggered, int.MaxValue, ct)).Where(i => i.Number > upTo),
            .. (await incidents.ListIncidentsAsync(IncidentStatus.Acknowledged, int.MaxValue, ct)).Where(i => i.Number > upTo),
        ];
    }

    private Task DoneAsync(string key, IReadOnlyList<Incident> markedNow, CancellationToken ct) =>
        markedNow.Count == 0 ? Task.CompletedTask : marked.SetMarkedAsync(key, markedNow.Max(i => i.Number), ct);
}
