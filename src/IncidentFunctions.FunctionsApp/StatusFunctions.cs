using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IncidentFunctions.FunctionsApp;

/// <summary>
/// The public status page, anonymous at the host: it shows only what was written for users. "status" sits outside
/// "api/", which is why host.json's routePrefix is empty and every route spells its own prefix.
/// </summary>
public sealed class StatusFunctions
{
    [Function("StatusPage")]
    public Task<IActionResult> StatusPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("StatusJson")]
    public Task<IActionResult> StatusJson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/status")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);
}
