using System.Net;
using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Domain.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime;

/// <summary>
/// GET /metrics: the pipeline's metrics in Prometheus's text format, for a Prometheus on the same machine to scrape.
/// Answered to loopback callers (the runtime listens only there) and, should that ever change, to an Admin: the
/// figures name services and say how the team responds, which is not for everyone.
/// </summary>
internal static class LocalMetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(WebApplication app)
    {
        var authenticator = app.Services.GetRequiredService<RequestAuthenticator>();
        app.MapPrometheusScrapingEndpoint(Path).AddEndpointFilter(async (context, next) =>
        {
            var remote = context.HttpContext.Connection.RemoteIpAddress;
            if (remote is not null && IPAddress.IsLoopback(remote))
            {
                return await next(context);
            }

            // Anyone else brings what the API takes (the admin key, an Admin's token), and must be an Admin.
            var (actor, problem) = await authenticator.AuthenticateAsync(context.HttpContext.Request, context.HttpContext.RequestAborted);
            return problem ?? (actor!.Role.Allows(AccessRole.Admin) ? await next(context) : Problems.Forbidden($"{Path} needs the Admin role", "role"));
        });
    }
}
