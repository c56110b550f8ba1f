using IncidentFunctions.Application.Incidents;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/health (no key): whether storage answers. Says nothing about incidents.</summary>
public sealed class HealthHandler(IncidentQueries queries)
{
    public async Task<IResult> HandleAsync(CancellationToken ct)
    {
        var storage = await queries.StorageReachableAsync(ct);
        return Results.Json(new { status = storage ? "healthy" : "unhealthy", storage = storage ? "reachable" : "unreachable" },
            ApiJson.Options, statusCode: storage ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
