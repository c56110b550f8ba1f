using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>The console's routes on the local runtime; the Functions app binds the same handlers in ConsoleFunctions.</summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapIncidentConsole(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous at the host: the console checks its own session cookie (the Functions key cannot live in a browser).
        var console = endpoints.MapGroup("/console");
        console.MapGet("", (HttpRequest r, ConsoleHandler h, CancellationToken ct) => h.IncidentsAsync(r, ct));
        console.MapGet("/login", (HttpRequest r, ConsoleHandler h) => h.LoginForm(r));
        console.MapPost("/login", (HttpRequest r, ConsoleHandler h, CancellationToken ct) => h.LoginAsync(r, ct));
        console.MapPost("/logout", (HttpRequest r, ConsoleHandler h) => h.Logout(r));
        console.MapGet("/incidents/{id}", (string id, HttpRequest r, ConsoleHandler h, CancellationToken ct) => h.IncidentAsync(id, r, ct));
        console.MapGet("/incidents/{id}/postmortem", (string id, HttpRequest r, ConsoleHandler h, CancellationToken ct) => h.PostmortemAsync(id, r, ct));
        console.MapGet("/reports", (HttpRequest r, ConsoleHandler h, CancellationToken ct) => h.ReportsAsync(r, ct));
        console.MapGet("/assets/{name}", (string name) => ConsoleHandler.Asset(name));
        console.MapMethods("/api/{**path}", ["GET", "POST", "PUT"],
            (string? path, HttpRequest r, ConsoleApiDispatcher d, DurableTaskClient c, CancellationToken ct) => d.DispatchAsync(r, path, c, ct));
        return endpoints;
    }
}
