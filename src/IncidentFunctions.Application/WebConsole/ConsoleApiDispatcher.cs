using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Http.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// /console/api/{path}: the API's commands for the console's script, signed in by the session cookie instead of a
/// token or key (which script cannot hold safely). The commands are RouteTable's API routes (those the console session
/// may call), at their template without "api/", running the same handler as their /api twin, as the signed-in person;
/// this class only finds who is signed in and which route a path means (<see cref="RouteGate"/> checks their role).
/// </summary>
public sealed class ConsoleApiDispatcher(ConsoleSession session, IServiceProvider services)
{
    private const string ApiPrefix = "api/";

    private static readonly IReadOnlyList<Route> AllRoutes = RouteTable.Routes
        .Where(r => r.IsConsoleApi)
        .SelectMany(r => r.Methods.Select(method => new Route(method, r.Template[ApiPrefix.Length..], r)))
        .ToList();

    /// <summary>The method and route template of every command, for documentation and tests.</summary>
    public IEnumerable<(string Method, string Template)> Routes => AllRoutes.Select(r => (r.Method, r.Template));

    public async Task<IResult> DispatchAsync(HttpRequest request, string? path, DurableTaskClient client, CancellationToken ct) =>
        ConsoleResults.NoStore(await RouteAsync(request, path ?? "", client, ct));

    private async Task<IResult> RouteAsync(HttpRequest request, string path, DurableTaskClient client, CancellationToken ct)
    {
        if (session.Actor(request) is not { } actor)
        {
            return Problems.Unauthorized("sign in to the console first (/console/login)", ConsoleSession.CookieName);
        }

        // Reads change nothing, and a cross-site page cannot read our answers; everything else must come from our script.
        var isRead = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (ConsoleSession.CrossSiteReason(request, requireConsoleHeader: !isRead) is { } crossSite)
        {
            return Problems.Forbidden(crossSite.Detail, crossSite.Field);
        }

        var segments = path.Trim('/').Split('/');
        var allowed = new List<string>();
        foreach (var route in AllRoutes)
        {
            if (route.Match(segments) is not { } values)
            {
                continue;
            }

            if (string.Equals(route.Method, request.Method, StringComparison.OrdinalIgnoreCase)
                || (route.Method == "GET" && HttpMethods.IsHead(request.Method)))
            {
                return await RouteGate.RunAsync(route.Target, new RouteCall(request, values, services, client, ct), actor);
            }

            allowed.Add(route.Method);
        }

        return allowed.Count == 0
            ? Problems.NotFound($"the console API has no route '{path}'", "path")
            : new HeaderResult(Problems.Create(StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"{request.Method} is not allowed on '{path}': use {string.Join(" or ", allowed)}"), "Allow", string.Join(", ", allowed));
    }

    private sealed class Route(string method, string template, HttpRoute target)
    {
        private readonly string[] _segments = template.Split('/');

        public string Method { get; } = method;

        public string Template { get; } = template;

        public HttpRoute Target { get; } = target;

        /// <summary>The values of the {placeholders} when every literal segment matches, else null.</summary>
        public Dictionary<string, string>? Match(string[] path)
        {
            if (path.Length != _segments.Length)
            {
                return null;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < path.Length; i++)
            {
                var segment = _segments[i];
                if (segment.StartsWith('{'))
                {
                    var value = Uri.UnescapeDataString(path[i]);
                    if (value.Length == 0)
                    {
                        return null;
                    }

                    values[segment[1..^1]] = value;
                }
                else if (!string.Equals(segment, path[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }

            return values;
        }
    }
}
