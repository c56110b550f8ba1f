using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.Opsgenie;

/// <summary>
/// Escalations → escalation policies. Opsgenie times each rule from the alert's creation ("after 10 minutes"); a tier
/// here waits a delay before the next, so rules at the same minute become one tier and the gaps become the delays.
/// </summary>
public sealed partial class OpsgenieImporter
{
    /// <summary>The wait after the last tier when Opsgenie gives none (it simply stops): this product's sample uses 5m.</summary>
    internal static readonly TimeSpan DefaultLastDelay = TimeSpan.FromMinutes(5);

    private void ReadEscalations()
    {
        if (!_folder.Has(Escalations))
        {
            Missing(Escalations, "GET /v2/escalations", "no escalation policies imported, so no services either");
        }

        foreach (var escalation in _folder.Read(Escalations).SelectMany(response => Data(response, "GET /v2/escalations")))
        {
            ReadEscalation(escalation);
        }
    }

    private void ReadEscalation(ExportNode escalation)
    {
        var id = escalation.String("id");
        var title = escalation.NonBlankString("name") ?? id;
        var team = escalation.Optional("ownerTeam");
        var notes = new List<string> { $"Opsgenie escalation {id}{(team is { } t ? $" of team '{TeamName(t)}'" : "")}." };
        var steps = new List<(TimeSpan At, List<DraftTarget> Targets)>();
        foreach (var rule in escalation.Items("rules"))
        {
            var at = Length(rule.Required("delay"), "timeAmount", "timeUnit");
            if (rule.OptionalString("condition") is "if-not-closed")
            {
                notes.Add($"Not carried over: the rule at {rule.Path} ran until the alert was closed; here escalation stops at an acknowledgement.");
            }

            if (Target(rule, notes) is not { } target)
            {
                continue;
            }

            var step = steps.FindIndex(s => s.At == at);
            if (step < 0)
            {
                steps.Add((at, [target]));
            }
            else if (!steps[step].Targets.Contains(target))
            {
                steps[step].Targets.Add(target);
            }
        }

        if (steps.Count == 0)
        {
            _draft.Notes.Add($"Not carried over: escalation '{title}' ({id}): none of its rules has a recipient that could be carried. {string.Join(" ", notes.Skip(1))}");
            return;
        }

        steps.Sort((a, b) => a.At.CompareTo(b.At));
        if (steps[0].At > TimeSpan.Zero)
        {
            notes.Add($"Opsgenie's first rule waited {DurationText.Of(steps[0].At)}; here tier 1 is paged at once.");
        }

        var repeat = escalation.Optional("repeat");
        var wait = repeat?.OptionalInt("waitInterval") is { } minutes and > 0 ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        var count = repeat?.OptionalInt("count") ?? 0;
        var tiers = new List<DraftTier>();
        for (var i = 0; i < steps.Count; i++)
        {
            TimeSpan delay;
            if (i + 1 < steps.Count)
            {
                delay = steps[i + 1].At - steps[i].At;
            }
            else if (wait is { } w)
            {
                delay = w;
            }
            else
            {
                delay = i > 0 ? steps[i].At - steps[i - 1].At : DefaultLastDelay;
                notes.Add($"The last tier's delay ({DurationText.Of(delay)}) is chosen here: Opsgenie stops after its last rule, while here it is how long "
                    + "the last tier waits before everyone is told the incident is unacknowledged (or the tiers repeat).");
            }

            tiers.Add(new DraftTier(steps[i].Targets, delay));
        }

        if (count > ConfigLoader.MaxRepeat)
        {
            notes.Add($"Not carried over: repeat count {count}; repeat is at most {ConfigLoader.MaxRepeat} here.");
        }

        if (repeat?.OptionalBool("closeAlertAfterAll") == true)
        {
            notes.Add("Not carried over: closing the alert after the last repeat; here the incident stays open and everyone on the policy is told.");
        }

        var name = _policyNames.Take(title, id);
        if (team?.NonBlankString("id") is { } teamId)
        {
            _policyByTeam.TryAdd(teamId, name);
        }

        var policy = new DraftPolicy(name, tiers, Math.Clamp(count, 0, ConfigLoader.MaxRepeat));
        policy.Notes.AddRange(notes);
        _draft.Policies.Add(policy);
    }

    private DraftTarget? Target(ExportNode rule, List<string> notes)
    {
        var recipient = rule.Required("recipient");
        var notify = rule.OptionalString("notifyType") ?? "default";
        switch (recipient.String("type"))
        {
            case "user":
                return Responder(recipient, notes) is { } responder ? new DraftTarget(responder, null) : null;
            case "schedule":
                var id = recipient.NonBlankString("id");
                var title = recipient.NonBlankString("name");
                if (id is not null && _schedules.TryGetValue(id, out var schedule) || title is not null && _schedules.TryGetValue("name:" + title, out schedule))
                {
                    if (notify is "next" or "previous")
                    {
                        notes.Add($"The rule at {rule.Path} paged the {notify} on-call of '{title ?? id}' in Opsgenie; here a schedule target pages whoever is on call now.");
                    }

                    return new DraftTarget(null, schedule);
                }

                notes.Add($"Not carried over: schedule '{title ?? id}' ({recipient.Path}) was not imported.");
                return null;
            case "team":
                notes.Add($"Not carried over: the rule at {rule.Path} notified team '{TeamName(recipient)}' ({notify}); teams are not a thing here: name its people or its schedule in a tier.");
                return null;
            case var other:
                notes.Add($"Not carried over: the {other} recipient at {recipient.Path}.");
                return null;
        }
    }
}
