using System.Net;
using IncidentFunctions.Application.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime;

/// <summary>
/// GET /metrics: the pipeline's metrics in Prometheus's text format, for a Prometheus on the same machine to scrape.
/// Answered to loopback callers (the runtime listens only there) and, should that ever change, to the admin key: the
/// figures name services and say how the team responds, which is not for everyone.
/// </summary>
internal static class LocalMetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(WebApplication app)
    {
        var admin = ActivatorUtilities.CreateInstance<AdminKeyFilter>(app.Services);
        app.MapPrometheusScrapingEndpoint(Path).AddEndpointFilter(async (context, next) =>
        {
            var remote = context.HttpContext.Connection.RemoteIpAddress;
            return remote is not null && IPAddress.IsLoopback(remote)
                ? await next(context)
                : await admin.InvokeAsync(context, next);
        });
    }
}
