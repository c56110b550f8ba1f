using IncidentFunctions.Application.WebConsole;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

/// <summary>
/// The responders' web console: anonymous at the host, because a browser cannot hold a Functions key; the console
/// signs in with the admin key and checks its own session cookie. Routes are full paths (no reliance on host.json's
/// routePrefix), the same the local runtime maps.
/// </summary>
public sealed class ConsoleFunctions(ConsoleHandler console, ConsoleApiDispatcher api)
{
    [Function("ConsoleIncidents")]
    public async Task<IActionResult> Incidents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await console.IncidentsAsync(request, ct));

    [Function("ConsoleLoginForm")]
    public IActionResult LoginForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/login")] HttpRequest request) =>
        new ResultActionResult(console.LoginForm(request));

    [Function("ConsoleLogin")]
    public async Task<IActionResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/login")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await console.LoginAsync(request, ct));

    [Function("ConsoleLogout")]
    public IActionResult Logout(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/logout")] HttpRequest request) =>
        new ResultActionResult(console.Logout(request));

    [Function("ConsoleIncident")]
    public async Task<IActionResult> Incident(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/incidents/{id}")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await console.IncidentAsync(id, request, ct));

    [Function("ConsolePostmortem")]
    public async Task<IActionResult> Postmortem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/incidents/{id}/postmortem")] HttpRequest request, string id, CancellationToken ct) =>
        new ResultActionResult(await console.PostmortemAsync(id, request, ct));

    [Function("ConsoleReports")]
    public async Task<IActionResult> Reports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/reports")] HttpRequest request, CancellationToken ct) =>
        new ResultActionResult(await console.ReportsAsync(request, ct));

    [Function("ConsoleAsset")]
    public IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/assets/{name}")] HttpRequest request, string name) =>
        new ResultActionResult(ConsoleHandler.Asset(name));

    [Function("ConsoleApi")]
    public async Task<IActionResult> Api(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", Route = "console/api/{*path}")] HttpRequest request, string? path,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        new ResultActionResult(await api.DispatchAsync(request, path, client, ct));
}
