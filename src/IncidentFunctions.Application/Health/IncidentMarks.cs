using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// Marks every open incident's timeline while the pipeline is degraded: one entry when a condition begins (what is
/// broken, what it means for the incident, who was told how) and one when it ends. Each is keyed by the condition's
/// occurrence and written at a fixed instant, so a second pass (the pipeline watch's, another instance's) writes
/// nothing new; an incident opened during the condition gets its entry at its opening.
/// </summary>
public sealed class IncidentMarks(IncidentStore incidents, TimelineStore timeline)
{
    public async Task MarkDegradedAsync(PipelineCondition condition, IReadOnlyList<string> told, CancellationToken ct)
    {
        var details = new PipelineDetails(condition.Name, condition.Since, told);
        foreach (var incident in await OpenAsync(ct))
        {
            var at = incident.OpenedAt > condition.Since ? incident.OpenedAt : condition.Since;
            await timeline.AppendAsync(TimelineEntries.PipelineDegraded(incident.Number, at, details,
                PipelineConditions.What(condition.Name), PipelineConditions.Impact(condition.Name)), ct);
        }
    }

    public async Task MarkRecoveredAsync(PipelineCondition condition, DateTimeOffset at, IReadOnlyList<string> told, CancellationToken ct)
    {
        var details = new PipelineDetails(condition.Name, condition.Since, told);
        foreach (var incident in (await OpenAsync(ct)).Where(i => i.OpenedAt <= at))
        {
            await timeline.AppendAsync(TimelineEntries.PipelineRecovered(incident.Number, at, details, PipelineConditions.What(condition.Name)), ct);
        }
    }

    private async Task<IReadOnlyList<Incident>> OpenAsync(CancellationToken ct) =>
        [.. await incidents.ListIncidentsAsync(IncidentStatus.Triggered, int.MaxValue, ct), .. await incidents.ListIncidentsAsync(IncidentStatus.Acknowledged, int.MaxValue, ct)];
}
