using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http.Routes;

/// <summary>What a route does with one request.</summary>
public delegate Task<IResult> RouteHandler(RouteCall call);

/// <summary>
/// One HTTP function: its name (the Functions app's function name), methods, route template (a full path without the
/// leading slash: host.json's routePrefix is empty), who may call it, and the handler both hosts run.
/// </summary>
/// <param name="UsesDurableClient">
/// The handler needs a <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/>: the Functions app binds one with
/// [DurableClient] exactly on these routes (a binding costs every invocation), the local runtime passes its own.
/// </param>
/// <param name="LocalOnly">Served by the local runtime only (the dev inspection routes); the Functions app has no such function.</param>
/// <param name="Needs">On an API route, the least role that may call it (<see cref="RouteGate"/> checks it before the handler): reads are a Viewer's.</param>
public sealed partial record HttpRoute(
    string Name,
    IReadOnlyList<string> Methods,
    string Template,
    RouteAccess Access,
    RouteHandler Handler,
    bool UsesDurableClient = false,
    bool LocalOnly = false,
    IncidentFunctions.Domain.Identity.AccessRole Needs = IncidentFunctions.Domain.Identity.AccessRole.Viewer)
{
    /// <summary>The names of the template's {placeholders}, catch-alls included, in order.</summary>
    public IReadOnlyList<string> Parameters { get; } = Placeholder().Matches(Template).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>An API route the console's script may call too (signed in by cookie): served at /console/{template}.</summary>
    public bool IsConsoleApi => Access == (RouteAccess.Authenticated | RouteAccess.ConsoleSession);

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex Placeholder();
}
