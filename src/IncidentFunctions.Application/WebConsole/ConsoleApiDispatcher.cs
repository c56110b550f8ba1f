using IncidentFunctions.Application.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// /console/api/{path}: the API's commands for the console's script, signed in by the session cookie instead of a
/// Functions key (which script cannot hold safely). Each route calls the same handler method as its /api twin, so there
/// is one copy of every command; this class only decides who may call and which handler a path means.
/// </summary>
public sealed class ConsoleApiDispatcher
{
    private readonly ConsoleSession _session;
    private readonly IReadOnlyList<Route> _routes;

    public ConsoleApiDispatcher(ConsoleSession session, IncidentApiHandler incidents, IncidentResponseHandler response, ReportsHandler reports)
    {
        _session = session;
        _routes =
        [
            new("GET", "incidents", (r, v, c, ct) => incidents.ListAsync(r, ct)),
            new("GET", "incidents/{id}", (r, v, c, ct) => incidents.GetAsync(v["id"], ct)),
            new("POST", "incidents/{id}/ack", (r, v, c, ct) => incidents.AcknowledgeAsync(v["id"], r, c, ct)),
            new("POST", "incidents/{id}/lead", (r, v, c, ct) => response.HandOverAsync(v["id"], r, c, ct)),
            new("POST", "incidents/{id}/responders", (r, v, c, ct) => response.AddRespondersAsync(v["id"], r, c, ct)),
            new("PUT", "incidents/{id}/scope", (r, v, c, ct) => response.SetScopeAsync(v["id"], r, c, ct)),
            new("PUT", "incidents/{id}/severity", (r, v, c, ct) => response.ChangeSeverityAsync(v["id"], r, c, ct)),
            new("POST", "incidents/{id}/notes", (r, v, c, ct) => response.AddNoteAsync(v["id"], r, ct)),
            new("GET", "incidents/{id}/actions", (r, v, c, ct) => response.ListActionsAsync(v["id"], r, ct)),
            new("POST", "incidents/{id}/actions", (r, v, c, ct) => response.RecordActionAsync(v["id"], r, c, ct)),
            new("POST", "incidents/{id}/actions/{actionId}/outcome", (r, v, c, ct) => response.RecordOutcomeAsync(v["id"], v["actionId"], r, c, ct)),
            new("POST", "incidents/{id}/updates", (r, v, c, ct) => response.PostUpdateAsync(v["id"], r, c, ct)),
            new("POST", "incidents/{id}/resolve", (r, v, c, ct) => response.ResolveAsync(v["id"], r, c, ct)),
            new("GET", "incidents/{id}/postmortem", (r, v, c, ct) => response.GetPostmortemAsync(v["id"], r, ct)),
            new("PUT", "incidents/{id}/postmortem", (r, v, c, ct) => response.EditPostmortemAsync(v["id"], r, ct)),
            new("POST", "incidents/{id}/postmortem/complete", (r, v, c, ct) => response.CompletePostmortemAsync(v["id"], r, c, ct)),
            new("POST", "incidents/{id}/alert-feedback", (r, v, c, ct) => reports.AlertFeedbackAsync(v["id"], r, ct)),
            new("GET", "reports/response", (r, v, c, ct) => reports.ResponseAsync(r, ct)),
            new("GET", "reports/alerts", (r, v, c, ct) => reports.AlertsAsync(r, ct)),
        ];
    }

    private delegate Task<IResult> Command(HttpRequest request, IReadOnlyDictionary<string, string> values, DurableTaskClient client, CancellationToken ct);

    /// <summary>The method and route template of every command, for documentation and tests.</summary>
    public IEnumerable<(string Method, string Template)> Routes => _routes.Select(r => (r.Method, r.Template));

    public async Task<IResult> DispatchAsync(HttpRequest request, string? path, DurableTaskClient client, CancellationToken ct) =>
        ConsoleResults.NoStore(await RouteAsync(request, path ?? "", client, ct));

    private async Task<IResult> RouteAsync(HttpRequest request, string path, DurableTaskClient client, CancellationToken ct)
    {
        if (!_session.IsSignedIn(request))
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
        foreach (var route in _routes)
        {
            if (route.Match(segments) is not { } values)
            {
                continue;
            }

            if (string.Equals(route.Method, request.Method, StringComparison.OrdinalIgnoreCase)
                || (route.Method == "GET" && HttpMethods.IsHead(request.Method)))
            {
                return await route.Run(request, values, client, ct);
            }

            allowed.Add(route.Method);
        }

        return allowed.Count == 0
            ? Problems.NotFound($"the console API has no route '{path}'", "path")
            : new HeaderResult(Problems.Create(StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"{request.Method} is not allowed on '{path}': use {string.Join(" or ", allowed)}"), "Allow", string.Join(", ", allowed));
    }

    private sealed class Route(string method, string template, Command run)
    {
        private readonly string[] _segments = template.Split('/');

        public string Method { get; } = method;

        public string Template { get; } = template;

        public Command Run { get; } = run;

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
