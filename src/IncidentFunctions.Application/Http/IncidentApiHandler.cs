using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/incidents, GET /api/incidents/{id}, POST /api/incidents/{id}/ack. Key checks belong to the host.</summary>
public sealed class IncidentApiHandler(IncidentQueries queries, IncidentCommandService commands, IncidentConfigProvider config, TimeProvider time)
{
    private const int MaxListed = 500;

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

        var incidents = await queries.ListAsync(status, MaxListed, ct);
        return Results.Json(new { incidents = incidents.Select(IncidentSummaryView.From) }, ApiJson.Options);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        if (await queries.GetDetailAsync(number, ct) is not { } found)
        {
            return Problems.NotFound($"INC {number} does not exist");
        }

        var (actions, updates) = (found.Actions, found.Updates);
        var lastByAudience = Enum.GetValues<UpdateAudience>()
            .Select(a => (Audience: a, Last: updates.LastOrDefault(u => u.Audiences.Contains(a))))
            .Where(x => x.Last is not null)
            .ToDictionary(x => x.Audience.ToString().ToLowerInvariant(), x => x.Last!);
        return Results.Json(new IncidentDetailView(
            IncidentSummaryView.From(found.Incident), found.Timeline.Select(TimelineView.From).ToList(), found.Alerts,
            found.Notes, actions, actions.Where(a => a.IsOpen).ToList(), updates, lastByAudience,
            found.Incident.NextUpdateDue, found.Scope), ApiJson.Options);
    }

    public async Task<IResult> AcknowledgeAsync(string id, HttpRequest request, DurableTaskClient client, CancellationToken ct)
    {
        if (!IncidentIds.TryParse(id, out var number))
        {
            return Problems.BadRequest("id", $"'{id}' is not an incident number");
        }

        var (fields, problem) = await JsonFields.ReadAsync(request, ct);
        if (fields is null)
        {
            return problem!;
        }

        Attribution? by;
        using (fields)
        {
            // The one acknowledging takes the lead: a person themselves (or whom they name in "onBehalfOf"), the admin key whom it names.
            by = RequestActor.Of(request).Attribute(fields, config.Current, requireResponder: true);
            if (fields.Error is { } error)
            {
                return error;
            }
        }

        var result = await commands.AcknowledgeAsync(number, by!, becomesLead: true, client, time.GetUtcNow(), ct);
        return CommandAnswer.From(result, IncidentSummaryView.From);
    }
}
