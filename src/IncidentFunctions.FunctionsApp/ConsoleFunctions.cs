using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

/// <summary>
/// The responders' web console: anonymous at the host; a person signs in as themselves (Entra ID in front of it when
/// App Service Authentication is on, else a one-time code) and the console checks its own session. Routes are full paths (no reliance on host.json's
/// routePrefix), restated from RouteTable; each body runs the table's handler of the same name.
/// </summary>
public sealed class ConsoleFunctions
{
    [Function("ConsoleIncidents")]
    public Task<IActionResult> Incidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleLoginForm")]
    public Task<IActionResult> LoginForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/login")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleLogin")]
    public Task<IActionResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/login")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleLoginCode")]
    public Task<IActionResult> LoginCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/login/code")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleTokens")]
    public Task<IActionResult> Tokens(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/tokens")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleLogout")]
    public Task<IActionResult> Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/logout")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleIncident")]
    public Task<IActionResult> Incident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/incidents/{id}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsolePostmortem")]
    public Task<IActionResult> Postmortem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/incidents/{id}/postmortem")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleReports")]
    public Task<IActionResult> Reports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/reports")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleMaintenance")]
    public Task<IActionResult> Maintenance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/maintenance")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleHeartbeats")]
    public Task<IActionResult> Heartbeats(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/heartbeats")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleResponders")]
    public Task<IActionResult> Responders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/responders")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleAsset")]
    public Task<IActionResult> Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/assets/{name}")] HttpRequest request, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, null, ct);

    [Function("ConsoleApi")]
    public Task<IActionResult> Api(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = "console/api/{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, FunctionContext context, CancellationToken ct) =>
        RouteInvoker.RunAsync(request, context, client, ct);
}
