using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http.Opsgenie;

/// <summary>
/// Opsgenie's Alert API at the same paths (<c>/v2/alerts</c>…), so a tool configured for Opsgenie works by changing only
/// its API URL: Alertmanager's <c>opsgenie_configs</c>, Grafana's Opsgenie contact point, scripts. Authorised by
/// <c>Authorization: GenieKey &lt;integration key&gt;</c> (a service's integration key); every check (key, rate, size,
/// body) comes before the first write. Alerts are keyed by alias, as in Opsgenie; an incident's number is its tinyId,
/// and its id is its alias, base64url-encoded, so no index is needed to find it again.
/// </summary>
public sealed class OpsgenieAlertApiHandler(
    IncidentConfigProvider config, IngestRateLimiter limiter, AlertIngestor ingestor, IncidentQueries queries, IncidentCommandService commands, TimeProvider time)
{
    public const string Scheme = OpsgenieKey.Scheme;

    /// <summary>POST /v2/alerts.</summary>
    public async Task<IResult> CreateAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var answers = new OpsgenieAnswers();
        var (service, body, refused) = await AdmitAsync(request, answers, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (create, error) = OpsgenieAlertRequest.ReadCreate(body);
        if (error is not null)
        {
            return answers.Unprocessable(error.Field, error.Problem);
        }

        var now = time.GetUtcNow();
        var result = await ingestor.IngestAsync(service!, create!.Alert, client, now, ct);
        // A create held by a maintenance window has no incident (yet) to note anything on: 202 all the same, as
        // Opsgenie answers; the window keeps the alert, and opens it with its words if it is still firing at the end.
        if (result.IncidentNumber is long number)
        {
            if (create.Note is { } note)
            {
                await commands.AddNoteAsync(number, By(create.User), NoteKind.Other, note, now, ct);
            }

            if (create.Ignored.Count > 0 && result.Action == IngestAction.Created)
            {
                await commands.AddNoteAsync(number, By(create.User), NoteKind.Other,
                    $"Opsgenie {string.Join(", ", create.Ignored)} ignored: this incident pages by the {service!.EscalationPolicy} escalation policy.", now, ct);
            }
        }

        return answers.Accepted();
    }

    /// <summary>POST /v2/alerts/{identifier}/close: resolved at the source (the service's autoResolve decides, as for every format).</summary>
    public Task<IResult> CloseAsync(HttpRequest request, string identifier, DurableTaskClient client, CancellationToken ct) =>
        ActAsync(request, identifier, AlertStatus.Resolved, client, ct);

    /// <summary>POST /v2/alerts/{identifier}/acknowledge.</summary>
    public Task<IResult> AcknowledgeAsync(HttpRequest request, string identifier, DurableTaskClient client, CancellationToken ct) =>
        ActAsync(request, identifier, AlertStatus.Acknowledged, client, ct);

    /// <summary>POST /v2/alerts/{identifier}/notes: a note on the open incident.</summary>
    public async Task<IResult> AddNoteAsync(HttpRequest request, string identifier, CancellationToken ct)
    {
        var answers = new OpsgenieAnswers();
        var (service, body, refused) = await AdmitAsync(request, answers, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (action, error) = OpsgenieAlertRequest.ReadAction(body, noteRequired: true);
        if (error is not null)
        {
            return answers.Unprocessable(error.Field, error.Problem);
        }

        var (incident, missing) = await FindAsync(service!, identifier, request.Query["identifierType"].FirstOrDefault(), answers, ct);
        if (missing is not null)
        {
            return missing;
        }

        var added = await commands.AddNoteAsync(incident!.Number, By(action!.User), NoteKind.Other, action.Note!, time.GetUtcNow(), ct);
        return added.Status == CommandStatus.Done
            ? answers.Accepted()
            : answers.Error(StatusCodes.Status409Conflict, added.Detail ?? "refused", "identifier", added.Detail ?? "refused");
    }

    /// <summary>
    /// PUT /v2/alerts/{identifier}/message and /description (Alertmanager's <c>update_alerts</c>): checked and accepted,
    /// not applied. An incident keeps the words it opened with; the alerts that repeat it are counted on its timeline.
    /// </summary>
    public async Task<IResult> UpdateAsync(HttpRequest request, string identifier, string field, CancellationToken ct)
    {
        var answers = new OpsgenieAnswers();
        var (service, body, refused) = await AdmitAsync(request, answers, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (OpsgenieAlertRequest.ReadUpdate(body, field) is { } error)
        {
            return answers.Unprocessable(error.Field, error.Problem);
        }

        var (_, missing) = await FindAsync(service!, identifier, request.Query["identifierType"].FirstOrDefault(), answers, ct);
        return missing ?? answers.Accepted();
    }

    /// <summary>GET /v2/alerts/{identifier}: the incident as Opsgenie describes an alert.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string identifier, CancellationToken ct)
    {
        var answers = new OpsgenieAnswers();
        var (service, refused) = Authorize(request, answers);
        if (refused is not null)
        {
            return refused;
        }

        var (incident, missing) = await FindAsync(service!, identifier, request.Query["identifierType"].FirstOrDefault(), answers, ct, openOnly: false);
        return missing ?? answers.Data(Describe(incident!));
    }

    private async Task<IResult> ActAsync(HttpRequest request, string identifier, AlertStatus status, DurableTaskClient client, CancellationToken ct)
    {
        var answers = new OpsgenieAnswers();
        var (service, body, refused) = await AdmitAsync(request, answers, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (action, error) = OpsgenieAlertRequest.ReadAction(body, noteRequired: false);
        if (error is not null)
        {
            return answers.Unprocessable(error.Field, error.Problem);
        }

        var type = request.Query["identifierType"].FirstOrDefault();
        if (DedupKeyOf(identifier, type) is not { } key)
        {
            var (incident, missing) = await FindAsync(service!, identifier, type, answers, ct);
            if (missing is not null)
            {
                return missing;
            }

            key = incident!.DedupKey;
        }

        var now = time.GetUtcNow();
        var alert = new NormalizedAlert
        {
            Format = OpsgenieAlerts.Format,
            DedupKey = key,
            Title = key,
            Severity = AlertSeverity.Warning,
            Status = status,
            Source = action!.Source,
        };
        var result = await ingestor.IngestAsync(service!, alert, client, now, ct);
        if (result.IncidentNumber is long number && action.Note is { } note)
        {
            await commands.AddNoteAsync(number, By(action.User), NoteKind.Other, note, now, ct);
        }

        // Opsgenie answers 202 whether or not an alert was there; so do we (a close for nothing open changes nothing).
        return answers.Accepted();
    }

    /// <summary>The key, the rate and the bounded body: the same gate as every alert format.</summary>
    private async Task<(ServiceConfig? Service, byte[] Body, IResult? Refused)> AdmitAsync(HttpRequest request, OpsgenieAnswers answers, CancellationToken ct)
    {
        var (service, refused) = Authorize(request, answers);
        if (refused is not null)
        {
            return (null, [], refused);
        }

        var key = OpsgenieKey.Read(request)!;
        if (limiter.TryAcquire(key, config.Current.RateLimit.PerKeyPerMinute) is { } wait)
        {
            return (null, [], answers.Error(StatusCodes.Status429TooManyRequests, "You are making too many requests! To avoid errors, we recommend you limit requests.",
                "Authorization", $"integration key of service '{service!.Name}' is over {config.Current.RateLimit.PerKeyPerMinute} requests per minute",
                ("Retry-After", OpsgenieAnswers.Seconds(wait))));
        }

        var body = await RequestBody.ReadAsync(request, RequestBody.MaxAlertBodyBytes, ct);
        return body is null
            ? (null, [], answers.Error(StatusCodes.Status413PayloadTooLarge, "Request body is too large.", "$", $"at most {RequestBody.MaxAlertBodyBytes} bytes"))
            : (service, body, null);
    }

    private (ServiceConfig? Service, IResult? Refused) Authorize(HttpRequest request, OpsgenieAnswers answers) =>
        OpsgenieKey.Authorize(request, config.Current, answers);

    /// <summary>The alias an identifier names without a lookup (alias, or id = base64url of the alias), or null for a tinyId.</summary>
    private static string? DedupKeyOf(string identifier, string? type) => (type?.Trim().ToLowerInvariant() ?? "id") switch
    {
        "alias" => identifier,
        "id" => IdToAlias(identifier),
        _ => null,
    };

    private async Task<(Incident? Incident, IResult? Missing)> FindAsync(
        ServiceConfig service, string identifier, string? type, OpsgenieAnswers answers, CancellationToken ct, bool openOnly = true)
    {
        var kind = type?.Trim().ToLowerInvariant() ?? "id";
        if (kind is not ("id" or "alias" or "tiny"))
        {
            return (null, answers.Unprocessable("identifierType", $"must be id, alias or tiny, not '{type}'"));
        }

        long? number = kind == "tiny"
            ? (IncidentIds.TryParse(identifier, out var n) ? n : null)
            : DedupKeyOf(identifier, kind) is { } alias ? await queries.FindOpenIncidentAsync(service.Name, alias, ct) : null;
        var incident = number is long found ? await queries.GetAsync(found, ct) : null;
        if (incident is null || !string.Equals(incident.Service, service.Name, StringComparison.OrdinalIgnoreCase)
            || (openOnly && incident.Status is IncidentStatus.Resolved or IncidentStatus.Closed && kind != "tiny"))
        {
            return (null, answers.NotFound(identifier, kind));
        }

        return (incident, null);
    }

    private static JsonObject Describe(Incident incident) => new()
    {
        ["id"] = AliasToId(incident.DedupKey),
        ["tinyId"] = IncidentIds.Format(incident.Number),
        ["alias"] = incident.DedupKey,
        ["message"] = incident.Title,
        ["status"] = incident.Status is IncidentStatus.Triggered or IncidentStatus.Acknowledged ? "open" : "closed",
        ["acknowledged"] = incident.AcknowledgedAt is not null,
        ["isSeen"] = incident.AcknowledgedAt is not null,
        ["snoozed"] = false,
        ["count"] = incident.AlertCount,
        ["lastOccurredAt"] = incident.LastAlertAt,
        ["createdAt"] = incident.OpenedAt,
        ["updatedAt"] = incident.ResolvedAt ?? incident.AcknowledgedAt ?? incident.LastAlertAt,
        ["source"] = OpsgenieAlerts.Format,
        ["owner"] = incident.Lead ?? "",
        ["priority"] = $"P{(int)incident.Severity}",
        ["integration"] = new JsonObject { ["name"] = incident.Service, ["type"] = "API" },
    };

    /// <summary>Who a note or action is recorded as: the user Opsgenie's API names, as an integration's user.</summary>
    private static Attribution By(string? user) => Attribution.Of("integration:opsgenie" + (user is null ? "" : $" ({user})"), OpsgenieAlerts.Format);

    internal static string AliasToId(string alias) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(alias));

    private static string? IdToAlias(string id)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(id));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
