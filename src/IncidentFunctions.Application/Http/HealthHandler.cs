using IncidentFunctions.Application.Incidents;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// GET /api/health (no key): whether storage answers (503 when not), and whether paging itself is degraded — a
/// provider refusing our credentials — with the reason (200: restarting the app would not fix it). Says nothing about
/// incidents.
/// </summary>
public sealed class HealthHandler(IncidentQueries queries, Health.PipelineHealth health)
{
    public async Task<IResult> HandleAsync(CancellationToken ct)
    {
        var storage = await queries.StorageReachableAsync(ct);
        if (!storage)
        {
            return Results.Json(new { status = "unhealthy", storage = "unreachable" }, ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var conditions = await health.ConditionsAsync(ct);
        return Results.Json(new
        {
            status = conditions.Count == 0 ? "healthy" : "degraded",
            storage = "reachable",
            conditions = conditions.Count == 0 ? null : conditions.Select(c => new { condition = c.Name, c.Reason, c.Since }),
        }, ApiJson.Options);
    }
}
