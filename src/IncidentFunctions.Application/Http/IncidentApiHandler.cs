using System.Text.Json;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/incidents, GET /api/incidents/{id}, POST /api/incidents/{id}/ack. Key checks belong to the host.</summary>
public sealed class IncidentApiHandler(IncidentStore store, IncidentRecordStore records, IncidentCommands commands, IncidentConfigProvider config, TimeProvider time)
{
    private const int MaxListed = 500;
    private const int MaxCommandBodyBytes = 16 * 1024;

    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken ct)
    {
        IncidentStatus? status = null;
        var text = request.Query["status"].FirstOrDefault();
        if (!string.IsNullOrEmpty(text))
        {
            if (!Enum.TryParse<IncidentStatus>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(text, out _))
            {
                return Problems.BadRequest("status", $"unknown status '{text}'; use triggered, acknowledged or resolved");
            }

            status = parsed;
        }

        var incidents = await store.ListIncidentsAsync(status, MaxListed, ct);
        return Results.Json(new { incidents = incidents.Select(IncidentSummaryView.From) }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var found = await store.GetIncidentAsync(number, ct);
        if (found is null)
        {
            return Problems.NotFound($"INC {number} does not exist");
        }

        var timeline = await store.GetTimelineAsync(number, ct);
        var alerts = await store.GetAlertsAsync(number, ct);
        var actions = await records.GetActionsAsync(number, ct);
        var updates = await records.GetUpdatesAsync(number, ct);
        var lastByAudience = Enum.GetValues<UpdateAudience>()
            .Select(a => (Audience: a, Last: updates.LastOrDefault(u => u.Audiences.Contains(a))))
            .Where(x => x.Last is not null)
            .ToDictionary(x => x.Audience.ToString().ToLowerInvariant(), x => x.Last!);
        return Results.Json(new IncidentDetailView(
            IncidentSummaryView.From(found.Incident), timeline.Select(TimelineView.From).ToList(), alerts,
            await records.GetNotesAsync(number, ct), actions, actions.Where(a => a.IsOpen).ToList(), updates, lastByAudience,
            found.Incident.NextUpdateDue, await records.GetScopeAsync(number, ct)), ApiJson.Options);
    }

    public async Task<IResult> AcknowledgeAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var body = await RequestBody.ReadAsync(request, MaxCommandBodyBytes, ct);
        if (body is null)
        {
            return Problems.TooLarge(MaxCommandBodyBytes);
        }

        string? by;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problems.BadRequest("$", "body must be a JSON object like {\"by\": \"Alice\"}");
            }

            if (!doc.RootElement.TryGetProperty("by", out var byElement) || byElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(byElement.GetString()))
            {
                return Problems.BadRequest("by", "the name of the responder acknowledging is required");
            }

            by = byElement.GetString();
        }
        catch (JsonException e)
        {
            return Problems.BadRequest("$", "body is not valid JSON: " + e.Message);
        }

        var responder = config.Current.FindResponder(by!);
        if (responder is null)
        {
            return Problems.BadRequest("by", $"no responder named '{by}' in the configuration");
        }

        var result = await commands.AcknowledgeAsync(number, responder.Name, becomesLead: true, via: "API", client, time.GetUtcNow(), ct);
        return result.Status switch
        {
            CommandStatus.Done => Results.Json(IncidentSummaryView.From(result.Incident!), ApiJson.Options),
            CommandStatus.NotFound => Problems.NotFound(result.Reason!),
            _ => Problems.Conflict(result.Reason!),
        };
    }
}
