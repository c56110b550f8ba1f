using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.Opsgenie;

/// <summary>Integrations → services (each with a new key) paging their team's escalation; heartbeats → a commented section.</summary>
public sealed partial class OpsgenieImporter
{
    private void ReadIntegrations()
    {
        if (!_folder.Has(Integrations))
        {
            Missing(Integrations, "GET /v2/integrations", "one service per escalation policy, named after it, with a new integration key");
            foreach (var policy in _draft.Policies)
            {
                var service = new DraftService(_serviceNames.Take(policy.Name), [IntegrationKeys.New()], policy.Name, AutoResolve: true);
                service.Notes.Add("TODO: made for the policy of the same name because integrations.json was missing; rename it after the service it pages for.");
                _draft.Services.Add(service);
            }

            return;
        }

        foreach (var integration in _folder.Read(Integrations).SelectMany(response => Data(response, "GET /v2/integrations")))
        {
            ReadIntegration(integration);
        }
    }

    private void ReadIntegration(ExportNode integration)
    {
        var id = integration.String("id");
        var title = integration.NonBlankString("name") ?? id;
        var type = integration.NonBlankString("type") ?? "integration";
        if (_draft.Policies.Count == 0)
        {
            _draft.Notes.Add($"Not carried over: integration '{title}' ({type}): there is no escalation policy for its service to page.");
            return;
        }

        var key = IntegrationKeys.New();
        var notes = new List<string> { $"{key}: replaces the Opsgenie integration '{title}' ({type}, {id}). TODO: point that monitoring tool at the new key." };
        var teamId = integration.NonBlankString("teamId") ?? integration.Optional("ownerTeam")?.NonBlankString("id");
        string policy;
        if (teamId is not null && _policyByTeam.TryGetValue(teamId, out var teamPolicy))
        {
            policy = teamPolicy;
            notes.Add($"Pages the escalation of its team '{(_teams.TryGetValue(teamId, out var team) ? team : teamId)}'. Not carried over: that team's routing rules (by time or alert fields).");
        }
        else
        {
            policy = _draft.Policies[0].Name;
            if (_draft.Policies.Count > 1)
            {
                notes.Add($"TODO: choose its escalation policy: the integration {(teamId is null ? "has no team" : $"belongs to team {teamId}, which owns no imported escalation")}, so the first policy is named.");
            }
        }

        notes.Add("autoResolve: a close from the monitoring tool resolves the incident, as it closed the alert in Opsgenie.");
        if (integration.OptionalBool("enabled") == false)
        {
            notes.Add("Not carried over: the integration was disabled in Opsgenie; here its service takes alerts.");
        }

        var service = new DraftService(_serviceNames.Take(title, id), [key], policy, AutoResolve: true);
        service.Notes.AddRange(notes);
        _draft.Services.Add(service);
    }

    private void ReadHeartbeats()
    {
        if (!_folder.Has(Heartbeats))
        {
            Missing(Heartbeats, "GET /v2/heartbeats", "no heartbeats listed");
            return;
        }

        _draft.HasHeartbeatExport = true;
        foreach (var response in _folder.Read(Heartbeats))
        {
            // GET /v2/heartbeats answers { "data": { "heartbeats": [ … ] } }; GET /v2/heartbeats/{name} { "data": { … } }.
            var data = response.Required("data");
            var heartbeats = data.Kind == System.Text.Json.JsonValueKind.Array ? data.Items()
                : data.Has("heartbeats") ? data.Items("heartbeats") : [data];
            foreach (var heartbeat in heartbeats)
            {
                var interval = Length(heartbeat, "interval", "intervalUnit");
                _draft.Heartbeats.Add(new DraftHeartbeat(heartbeat.String("name"), DurationText.Of(interval), heartbeat.OptionalBool("enabled") ?? false, heartbeat.NonBlankString("description")));
            }
        }
    }
}
