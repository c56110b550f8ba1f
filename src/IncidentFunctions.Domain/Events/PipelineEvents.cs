using System.Globalization;

namespace IncidentFunctions.Domain.Events;

/// <summary>
/// The stream's events about the pipeline itself: paging is degraded (a provider refuses our credentials), or works
/// again. About no single incident, so they travel in the "reports" session, to the team and leadership: whoever
/// reads the stream learns that pages may not be reaching people, by a path that does not depend on them.
/// </summary>
public static class PipelineEvents
{
    public static IncidentEvent Degraded(string condition, string reason, DateTimeOffset since) =>
        Create(condition, since, IncidentEventTypes.PipelineDegraded, $"Paging degraded ({condition}): {reason}", reason);

    public static IncidentEvent Recovered(string condition, DateTimeOffset since, DateTimeOffset at) =>
        Create(condition, since, IncidentEventTypes.PipelineRecovered, $"Paging recovered ({condition}) after {(at - since).TotalMinutes:0} min", null, at);

    /// <summary>The id names the condition and when it began, so each instance that saw it publishes the same message.</summary>
    private static IncidentEvent Create(string condition, DateTimeOffset since, string type, string summary, string? reason, DateTimeOffset? at = null)
    {
        var data = new Dictionary<string, string>
        {
            ["condition"] = condition,
            ["since"] = since.ToString("O", CultureInfo.InvariantCulture),
        };
        if (reason is not null)
        {
            data["reason"] = reason;
        }

        var id = $"pipeline-{condition}-{since.UtcTicks.ToString(CultureInfo.InvariantCulture)}-{(type == IncidentEventTypes.PipelineDegraded ? "degraded" : "recovered")}";
        return new(IncidentEvent.CurrentSchemaVersion, id, type, at ?? since, null, "system", summary, IncidentEventMapper.AudiencesFor(type, data), data);
    }
}
