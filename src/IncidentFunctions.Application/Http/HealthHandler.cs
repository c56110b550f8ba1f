using IncidentFunctions.Application.Health;
using IncidentFunctions.Application.Incidents;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// GET /api/health (no key): whether storage answers (503 when not, with the reason; once the storage watch has found
/// it away for a while, its condition and since when), and whether paging itself is degraded — a provider refusing our
/// credentials, every text failing, late timers — with the reason (200: restarting the app would not fix it). Says
/// nothing about incidents.
/// </summary>
public sealed class HealthHandler(IncidentQueries queries, PipelineHealth health, StorageWatch storageWatch)
{
    public async Task<IResult> HandleAsync(CancellationToken ct)
    {
        var storage = await queries.StorageReachableAsync(ct);
        if (!storage)
        {
            var watched = storageWatch.Condition;
            return Results.Json(new
            {
                status = "unhealthy",
                storage = "unreachable",
                reason = watched?.Reason ?? "Storage does not answer: no alert can be taken, no incident opened or paged.",
                conditions = watched is null ? null : new[] { Shown(watched) },
            }, ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var conditions = await health.ConditionsAsync(ct);
        return Results.Json(new
        {
            status = conditions.Count == 0 ? "healthy" : "degraded",
            storage = "reachable",
            conditions = conditions.Count == 0 ? null : conditions.Select(Shown),
        }, ApiJson.Options);
    }

    private static object Shown(PipelineCondition c) => new { condition = c.Name, c.Reason, c.Since };
}
