using System.Text.Json.Nodes;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Heartbeats;
using IncidentFunctions.Application.Http.Opsgenie;
using IncidentFunctions.Application.Ingestion;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Heartbeats;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// /api/heartbeats: the list, and the API's heartbeats created, changed and deleted (the admin key or the console);
/// and the pings, with an integration key of the heartbeat's service, at our path and at Opsgenie's
/// (<c>/v2/heartbeats/{name}/ping</c> with <c>GenieKey</c>), so a monitor set up for Opsgenie changes only its URL.
/// Every check comes before the first write.
/// </summary>
public sealed class HeartbeatApiHandler(HeartbeatService heartbeats, IncidentConfigProvider config, AlertWebhookHandler webhooks, IngestRateLimiter limiter)
{
    public async Task<IResult> ListAsync(CancellationToken ct) =>
        Results.Json(new { heartbeats = (await heartbeats.ListWithIncidentsAsync(ct)).Select(HeartbeatView.From) }, ApiJson.Options);

    public async Task<IResult> GetAsync(string name, CancellationToken ct) =>
        await heartbeats.GetAsync(name, ct) is { } heartbeat
            ? Results.Json(HeartbeatView.From(await heartbeats.WithIncidentAsync(heartbeat, ct)), ApiJson.Options)
            : Missing(name);

    /// <summary>POST /api/heartbeats: { "name", "service", "interval": "5m", "grace"?: "1m", "enabled"?: true, "severity"?: "critical" }.</summary>
    public async Task<IResult> CreateAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (fields)
        {
            var name = fields!.String("name", required: true, maxLength: 200);
            if (name is not null && HeartbeatLimits.NameProblem(name) is { } nameProblem)
            {
                fields.Reject("name", nameProblem);
            }

            var service = Service(fields, required: true);
            var interval = Length(fields, "interval", required: true, HeartbeatLimits.IntervalProblem);
            var grace = Length(fields, "grace", required: false, HeartbeatLimits.GraceProblem);
            var enabled = fields.Bool("enabled", required: false) ?? true;
            var severity = Severity(fields);
            if (fields.Error is { } error)
            {
                return error;
            }

            var definition = new HeartbeatDefinition(name!, service!, interval!.Value, grace ?? HeartbeatLimits.DefaultGrace(interval.Value), enabled,
                severity ?? Domain.Alerts.AlertSeverity.Critical);
            return await heartbeats.CreateAsync(definition, client, ct) is { } created
                ? Results.Json(HeartbeatView.From(created), ApiJson.Options, statusCode: StatusCodes.Status201Created)
                : Problems.Conflict($"a heartbeat named '{name}' exists already (names are matched without case)");
        }
    }

    /// <summary>PATCH /api/heartbeats/{name}: any of service, interval, grace, enabled, severity.</summary>
    public async Task<IResult> ChangeAsync(string name, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (fields)
        {
            if (fields!.String("name", required: false, maxLength: 200) is { } renamed && !string.Equals(renamed, name, StringComparison.OrdinalIgnoreCase))
            {
                fields.Reject("name", "a heartbeat cannot be renamed (its name is in its monitor's ping URL): create one under the new name and delete this one");
            }

            var service = Service(fields, required: false);
            var interval = Length(fields, "interval", required: false, HeartbeatLimits.IntervalProblem);
            var grace = Length(fields, "grace", required: false, HeartbeatLimits.GraceProblem);
            var enabled = fields.Bool("enabled", required: false);
            var severity = Severity(fields);
            if (fields.Error is { } error)
            {
                return error;
            }

            var edit = await heartbeats.ChangeAsync(name, d => d with
            {
                Service = service ?? d.Service,
                Interval = interval ?? d.Interval,
                Grace = grace ?? d.Grace,
                Enabled = enabled ?? d.Enabled,
                Severity = severity ?? d.Severity,
            }, client, ct);
            return Answer(name, edit, StatusCodes.Status200OK);
        }
    }

    /// <summary>DELETE /api/heartbeats/{name}: 204; an incident it opened stays open.</summary>
    public async Task<IResult> DeleteAsync(string name, DurableTaskClient client, CancellationToken ct) =>
        Answer(name, await heartbeats.DeleteAsync(name, client, ct), StatusCodes.Status204NoContent);

    /// <summary>GET|POST /api/heartbeats/{name}/ping with ?key= or X-Integration-Key: one of the heartbeat's service's keys.</summary>
    public async Task<IResult> PingAsync(HttpRequest request, string name, DurableTaskClient client, CancellationToken ct)
    {
        var key = request.Query["key"].FirstOrDefault() ?? request.Headers[AlertWebhookHandler.IntegrationKeyHeader].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            return Problems.Unauthorized($"integration key missing: pass it as ?key= or the {AlertWebhookHandler.IntegrationKeyHeader} header", "key");
        }

        if (config.Current.FindServiceByIntegrationKey(key) is not { } service)
        {
            return Problems.Forbidden("integration key is not configured for any service", "key");
        }

        if (webhooks.RateLimited(service, key) is { } limited)
        {
            return limited;
        }

        if (await heartbeats.GetAsync(name, ct) is not { } heartbeat)
        {
            return Missing(name);
        }

        if (!string.Equals(heartbeat.Definition.Service, service.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Forbidden($"the key is service '{service.Name}''s; heartbeat '{heartbeat.Name}' is on '{heartbeat.Definition.Service}'", "key");
        }

        return await heartbeats.PingAsync(name, SourceAddress(request), client, ct) is { } ping
            ? Results.Json(new { heartbeat = HeartbeatView.From(ping.Heartbeat), silentFor = ping.SilentFor is { } s ? HeartbeatAlerts.Text(TimeSpan.FromSeconds(Math.Round(s.TotalSeconds))) : null },
                ApiJson.Options, statusCode: StatusCodes.Status202Accepted)
            : Missing(name);
    }

    /// <summary>Opsgenie's GET|POST /v2/heartbeats/{name}/ping: 202 "PONG - Heartbeat received", errors in Opsgenie's shape.</summary>
    public async Task<IResult> OpsgeniePingAsync(HttpRequest request, string name, DurableTaskClient client, CancellationToken ct)
    {
        var answers = new OpsgenieAnswers();
        var (service, refused) = OpsgenieKey.Authorize(request, config.Current, answers);
        if (refused is not null)
        {
            return refused;
        }

        if (limiter.TryAcquire(OpsgenieKey.Read(request)!, config.Current.RateLimit.PerKeyPerMinute) is { } wait)
        {
            return answers.Error(StatusCodes.Status429TooManyRequests, "You are making too many requests! To avoid errors, we recommend you limit requests.",
                "Authorization", $"integration key of service '{service!.Name}' is over {config.Current.RateLimit.PerKeyPerMinute} requests per minute",
                ("Retry-After", OpsgenieAnswers.Seconds(wait)));
        }

        var heartbeat = await heartbeats.GetAsync(name, ct);
        if (heartbeat is null || !string.Equals(heartbeat.Definition.Service, service!.Name, StringComparison.OrdinalIgnoreCase))
        {
            // Another service's heartbeat is not this key's to see, as in Opsgenie, where a key sees its own team's.
            return answers.Error(StatusCodes.Status404NotFound, $"Heartbeat with name [{name}] does not exist.", "name",
                $"no heartbeat named '{name}' on service '{service!.Name}'");
        }

        await heartbeats.PingAsync(name, SourceAddress(request), client, ct);
        return answers.Result(StatusCodes.Status202Accepted, "PONG - Heartbeat received");
    }

    private static IResult Answer(string name, HeartbeatEdit edit, int status) => edit switch
    {
        { Heartbeat: null } => Missing(name),
        { Declared: true } => Problems.Conflict($"heartbeat '{edit.Heartbeat.Name}' is declared in the configuration file: change it there"),
        _ when status == StatusCodes.Status204NoContent => Results.NoContent(),
        _ => Results.Json(HeartbeatView.From(edit.Heartbeat), ApiJson.Options, statusCode: status),
    };

    private static IResult Missing(string name) => Problems.NotFound($"no heartbeat named '{name}'", "name");

    private string? Service(JsonFields fields, bool required)
    {
        if (fields.String("service", required, maxLength: 200) is not { } name)
        {
            return null;
        }

        if (config.Current.FindService(name) is { } service)
        {
            return service.Name;
        }

        fields.Reject("service", $"no service named '{name}' (known: {string.Join(", ", config.Current.Services.Select(s => s.Name))})");
        return null;
    }

    private static TimeSpan? Length(JsonFields fields, string name, bool required, Func<TimeSpan, string?> limits)
    {
        if (fields.String(name, required, maxLength: 40) is not { } text)
        {
            return null;
        }

        if (!Duration.TryParse(text, out var duration, out var error))
        {
            fields.Reject(name, $"'{name}' {error} (e.g. \"5m\", \"1h30m\", \"1d\")");
            return null;
        }

        if (limits(duration.TotalTime) is { } problem)
        {
            fields.Reject(name, $"'{name}' {problem}");
            return null;
        }

        return duration.TotalTime;
    }

    private static Domain.Alerts.AlertSeverity? Severity(JsonFields fields)
    {
        if (fields.String("severity", required: false, maxLength: 20) is not { } text)
        {
            return null;
        }

        if (Enum.TryParse<Domain.Alerts.AlertSeverity>(text, ignoreCase: true, out var severity) && !int.TryParse(text, out _))
        {
            return severity;
        }

        fields.Reject("severity", $"'severity' must be critical, error, warning or info, not '{text}'");
        return null;
    }

    /// <summary>
    /// Where the ping came from, for the incident's details: the address the nearest proxy saw (the last of
    /// X-Forwarded-For, which Azure's front end appends) or the connection's. Informational only, never trusted.
    /// </summary>
    private static string? SourceAddress(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var last = forwarded.Split(',')[^1].Trim();
            if (last.Length is > 0 and <= 64)
            {
                return last;
            }
        }

        return request.HttpContext?.Connection.RemoteIpAddress?.ToString();
    }
}
