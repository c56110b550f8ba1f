using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/health (no key): whether storage answers. Says nothing about incidents.</summary>
public sealed class HealthHandler(IncidentStore store)
{
    public async Task<IResult> HandleAsync(CancellationToken ct)
    {
        var storage = await store.PingAsync(ct);
        return Results.Json(new { status = storage ? "healthy" : "unhealthy", storage = storage ? "reachable" : "unreachable" },
            ApiJson.Options, statusCode: storage ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
