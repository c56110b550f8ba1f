using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.PagerDuty;

/// <summary>Escalation policies (rules → tiers, num_loops → repeat) and services (each integration → a new key).</summary>
public sealed partial class PagerDutyImporter
{
    private void ReadPolicies()
    {
        if (!_folder.Has(EscalationPolicies))
        {
            Missing(EscalationPolicies, "GET /escalation_policies", "no escalation policies imported, so no services either");
        }

        foreach (var response in _folder.Read(EscalationPolicies))
        {
            foreach (var policy in Envelope.Records(response, "escalation_policies", "escalation_policy", "GET /escalation_policies"))
            {
                ReadPolicy(policy);
            }
        }
    }

    private void ReadPolicy(ExportNode policy)
    {
        var id = policy.String("id");
        var title = policy.NonBlankString("name") ?? id;
        var notes = new List<string> { $"PagerDuty escalation policy {id}." };
        var tiers = new List<DraftTier>();
        foreach (var rule in policy.Items("escalation_rules"))
        {
            var targets = new List<DraftTarget>();
            foreach (var target in rule.Items("targets"))
            {
                switch (target.String("type"))
                {
                    case "user_reference" or "user":
                        if (Responder(target, notes) is { } responder)
                        {
                            targets.Add(new DraftTarget(responder, null));
                        }

                        break;
                    case "schedule_reference" or "schedule":
                        var scheduleId = target.String("id");
                        if (_schedules.TryGetValue(scheduleId, out var schedule))
                        {
                            targets.Add(new DraftTarget(null, schedule));
                        }
                        else
                        {
                            notes.Add($"Not carried over: schedule {scheduleId} ('{target.NonBlankString("summary") ?? "?"}', {target.Path}) was not imported.");
                        }

                        break;
                    case var other:
                        notes.Add($"Not carried over: the target of type '{other}' at {target.Path}.");
                        break;
                }
            }

            var delay = rule.Int("escalation_delay_in_minutes");
            if (targets.Count == 0)
            {
                notes.Add($"Not carried over: the rule at {rule.Path}: none of its targets could be carried.");
            }
            else
            {
                tiers.Add(new DraftTier(targets, TimeSpan.FromMinutes(Math.Max(1, delay))));
            }
        }

        if (tiers.Count == 0)
        {
            _draft.Notes.Add($"Not carried over: escalation policy '{title}' ({id}): none of its rules has a target that could be carried. {string.Join(" ", notes.Skip(1))}");
            return;
        }

        var loops = policy.OptionalInt("num_loops") ?? 0;
        if (loops > ConfigLoader.MaxRepeat)
        {
            notes.Add($"Not carried over: num_loops {loops}; repeat is at most {ConfigLoader.MaxRepeat} here.");
        }

        foreach (var team in policy.Items("teams"))
        {
            notes.Add($"Not carried over: the policy's team '{team.NonBlankString("summary") ?? team.String("id")}' (teams are not a thing here).");
        }

        var name = _policyNames.Take(title, id);
        _policies[id] = name;
        var draft = new DraftPolicy(name, tiers, Math.Clamp(loops, 0, ConfigLoader.MaxRepeat));
        draft.Notes.AddRange(notes);
        _draft.Policies.Add(draft);
    }

    private void ReadServices()
    {
        if (!_folder.Has(Services))
        {
            Missing(Services, "GET /services?include[]=integrations", "one service per escalation policy, named after it, with a new integration key");
            foreach (var policy in _draft.Policies)
            {
                var service = new DraftService(_serviceNames.Take(policy.Name), [IntegrationKeys.New()], policy.Name, AutoResolve: true);
                service.Notes.Add("TODO: made for the policy of the same name because services.json was missing; rename it after the service it pages for.");
                _draft.Services.Add(service);
            }

            return;
        }

        foreach (var response in _folder.Read(Services))
        {
            foreach (var service in Envelope.Records(response, "services", "service", "GET /services?include[]=integrations"))
            {
                ReadService(service);
            }
        }
    }

    private void ReadService(ExportNode service)
    {
        var id = service.String("id");
        var title = service.NonBlankString("name") ?? id;
        var policyId = service.Required("escalation_policy").String("id");
        if (!_policies.TryGetValue(policyId, out var policy))
        {
            _draft.Notes.Add($"Not carried over: service '{title}' ({id}): its escalation policy {policyId} was not imported.");
            return;
        }

        var notes = new List<string> { $"PagerDuty service {id}." };
        var keys = new List<string>();
        foreach (var integration in service.Items("integrations"))
        {
            var key = IntegrationKeys.New();
            keys.Add(key);
            var kind = integration.NonBlankString("type") ?? "integration";
            var label = integration.NonBlankString("name") ?? integration.NonBlankString("summary") ?? integration.OptionalString("id") ?? "?";
            notes.Add(kind.EndsWith("_reference", StringComparison.Ordinal)
                ? $"{key}: replaces integration {label} (the export lists integrations as references: save it with include[]=integrations to see their names). TODO: point its monitoring tool at the new key."
                : kind.Contains("email", StringComparison.Ordinal)
                    ? $"{key}: replaces the email integration '{label}' ({kind}). Not carried over: alerts by email; this product takes them over HTTP. TODO: have the sender post to the new key, or drop the key."
                    : $"{key}: replaces the integration '{label}' ({kind}). TODO: point that monitoring tool at the new key.");
        }

        if (keys.Count == 0)
        {
            keys.Add(IntegrationKeys.New());
            notes.Add("The service had no integrations in the export; a key was made so alerts can reach it.");
        }

        notes.Add("autoResolve: a resolve from the monitoring tool resolves the incident, as PagerDuty's Events API did.");
        if (service.OptionalString("status") == "disabled")
        {
            notes.Add("Not carried over: the service was disabled in PagerDuty; here it takes alerts.");
        }

        if (service.OptionalInt("auto_resolve_timeout") is { } autoResolve)
        {
            notes.Add($"Not carried over: auto_resolve_timeout ({DurationText.Of(TimeSpan.FromSeconds(autoResolve))}): incidents here stay open until resolved.");
        }

        if (service.OptionalInt("acknowledgement_timeout") is { } ackTimeout)
        {
            notes.Add($"Not carried over: acknowledgement_timeout ({DurationText.Of(TimeSpan.FromSeconds(ackTimeout))}).");
        }

        if (service.Optional("incident_urgency_rule") is { } urgency && urgency.OptionalString("type") is { } urgencyType && urgencyType != "constant"
            || service.Has("support_hours"))
        {
            notes.Add("Not carried over: urgency by support hours; here an incident's severity comes from the alert (\"severity\").");
        }

        if (service.Has("scheduled_actions") && service.Items("scheduled_actions").Any())
        {
            notes.Add("Not carried over: scheduled actions.");
        }

        if (service.NonBlankString("alert_grouping") is { } grouping)
        {
            notes.Add($"Not carried over: alert grouping '{grouping}': alerts join an open incident here by their dedup key.");
        }

        var draft = new DraftService(_serviceNames.Take(title, id), keys, policy, AutoResolve: true);
        draft.Notes.AddRange(notes);
        _draft.Services.Add(draft);
    }
}
