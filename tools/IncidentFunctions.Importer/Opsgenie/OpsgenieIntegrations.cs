using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.Opsgenie;

/// <summary>Integrations → services (each with a new key) paging their team's escalation; heartbeats → heartbeats on their team's service.</summary>
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
        if (teamId is not null)
        {
            _serviceByTeam.TryAdd(teamId, service.Name);
        }
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
                ReadHeartbeat(heartbeat);
            }
        }
    }

    private void ReadHeartbeat(ExportNode heartbeat)
    {
        var original = heartbeat.String("name");
        var notes = new List<string>();
        if (_draft.Services.Count == 0)
        {
            _draft.Notes.Add($"Not carried over: heartbeat '{original}': there is no service for it to open incidents on.");
            return;
        }

        var name = HeartbeatName(original);
        if (name != original)
        {
            notes.Add($"Renamed from '{original}': a heartbeat's name is part of its ping URL here (letters, digits, '.', '_', '-'). TODO: ping it by the new name.");
        }

        var interval = Length(heartbeat, "interval", "intervalUnit");
        if (interval > MaxHeartbeatInterval)
        {
            notes.Add($"TODO: Opsgenie expected a ping every {DurationText.Of(interval)}; heartbeats here check in at least every {DurationText.Of(MaxHeartbeatInterval)}.");
            interval = MaxHeartbeatInterval;
        }

        var teamId = heartbeat.Optional("ownerTeam")?.NonBlankString("id");
        string service;
        if (teamId is not null && _serviceByTeam.TryGetValue(teamId, out var teamService))
        {
            service = teamService;
            notes.Add($"On the service of its team '{heartbeat.Optional("ownerTeam")?.NonBlankString("name") ?? teamId}'.");
        }
        else
        {
            service = _draft.Services[0].Name;
            if (_draft.Services.Count > 1)
            {
                notes.Add($"TODO: choose its service: {(teamId is null ? "it has no owner team" : $"its team {teamId} has no imported integration")}, so the first service is named.");
            }
        }

        if (heartbeat.NonBlankString("description") is { } description)
        {
            notes.Add(description);
        }

        // Opsgenie alerts at the interval itself; here a grace (1 minute unless set) comes after it.
        notes.Add("grace: 1m by default (Opsgenie alerted at the interval itself). Not carried over: its alert message and tags; the incident says which heartbeat is silent and since when.");
        var priority = heartbeat.NonBlankString("alertPriority") ?? "P3";
        var severity = priority switch { "P1" => "critical", "P2" => "error", "P3" => "warning", _ => "info" };
        var draft = new DraftHeartbeat(name, service, DurationText.Of(interval), heartbeat.OptionalBool("enabled") ?? false, severity);
        draft.Notes.AddRange(notes);
        _draft.Heartbeats.Add(draft);
    }

    /// <summary>As long as the loader allows (HeartbeatLimits.MaxInterval).</summary>
    private static readonly TimeSpan MaxHeartbeatInterval = TimeSpan.FromDays(31);

    /// <summary>The name made URL-safe: runs of anything else become '-', trimmed; "heartbeat" if nothing is left.</summary>
    private static string HeartbeatName(string name)
    {
        var safe = System.Text.RegularExpressions.Regex.Replace(name, "[^A-Za-z0-9._-]+", "-").Trim('-', '.', '_');
        safe = safe.Length > 100 ? safe[..100] : safe;
        return safe.Length == 0 ? "heartbeat" : safe;
    }
}
