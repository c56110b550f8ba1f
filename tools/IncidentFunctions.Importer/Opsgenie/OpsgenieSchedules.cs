using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.Opsgenie;

/// <summary>Schedules: one rotation per schedule here, so the first current rotation; the others are kept commented out.</summary>
public sealed partial class OpsgenieImporter
{
    private void ReadSchedules()
    {
        if (!_folder.Has(Schedules))
        {
            Missing(Schedules, "GET /v2/schedules?expand=rotation", "no schedules imported; escalations' schedule recipients are left out");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schedule in _folder.Read(Schedules).SelectMany(response => Data(response, "GET /v2/schedules?expand=rotation")))
        {
            var id = schedule.String("id");
            if (!seen.Add(id))
            {
                _draft.Notes.Add($"Schedule {id} appears more than once in the exports ({schedule.File}); the first is used.");
                continue;
            }

            ReadSchedule(schedule, id);
        }

        ReadOverrides();
    }

    private void ReadSchedule(ExportNode schedule, string id)
    {
        var title = schedule.NonBlankString("name") ?? id;
        var timeZone = schedule.String("timezone");
        var zone = LocalTime.Find(timeZone);
        if (!schedule.Has("rotations"))
        {
            _draft.Notes.Add($"Not carried over: schedule '{title}': its export has no rotations ({schedule.File}); save GET /v2/schedules?expand=rotation.");
            return;
        }

        var rotations = schedule.Items("rotations").Select(rotation => ReadRotation(rotation, zone)).ToList();
        var primary = VendorRotations.Primary(rotations);
        if (primary is null)
        {
            _draft.Notes.Add($"Not carried over: schedule '{title}' ({id}): no rotation has a user in {Users}.json.");
            return;
        }

        var name = _scheduleNames.Take(title, id);
        _schedules[id] = name;
        _schedules["name:" + title] = name;
        var draft = new DraftSchedule(name, timeZone, primary.Responders, primary.Start, primary.Length);
        draft.Notes.Add($"Opsgenie schedule {id}{(schedule.Optional("ownerTeam") is { } team ? $" of team '{TeamName(team)}'" : "")}, rotation '{primary.Name}'.");
        VendorRotations.Add(_draft, _scheduleNames, draft, title, zone, primary, rotations, Words,
            schedule.OptionalBool("enabled") == false ? ["Not carried over: the schedule was disabled in Opsgenie; here it is in effect wherever a policy names it."] : []);
    }

    private static readonly RotationWords Words = new("Opsgenie", "rotation", "ends", "Opsgenie puts a schedule's rotations together; here a schedule has one rotation.");

    private VendorRotation ReadRotation(ExportNode rotation, TimeZoneInfo? zone)
    {
        var notes = new List<string>();
        var name = rotation.NonBlankString("name") ?? rotation.NonBlankString("id") ?? "rotation";
        var responders = new List<string>();
        foreach (var participant in rotation.Items("participants"))
        {
            switch (participant.String("type"))
            {
                case "user":
                    if (Responder(participant, notes) is { } responder)
                    {
                        responders.Add(responder);
                    }

                    break;
                case "none":
                    notes.Add($"Not carried over: a turn with nobody on call ('none', {participant.Path}); the turns close up around it.");
                    break;
                case var other:
                    notes.Add($"Not carried over: the {other} participant '{participant.NonBlankString("name") ?? participant.NonBlankString("id") ?? "?"}' ({participant.Path}): a rotation here takes people.");
                    break;
            }
        }

        var count = rotation.OptionalInt("length") ?? 1;
        var type = rotation.String("type");
        var length = type switch
        {
            "hourly" => TimeSpan.FromHours(count),
            "daily" => TimeSpan.FromDays(count),
            "weekly" => TimeSpan.FromDays(7 * count),
            _ => throw rotation.Required("type").Error($"'{type}' is not hourly, daily or weekly"),
        };
        if (length <= TimeSpan.Zero)
        {
            throw rotation.Required("length").Error("must be more than zero");
        }

        if (rotation.Optional("timeRestriction") is { } restriction)
        {
            notes.Add($"Not carried over: the time restriction {Restriction(restriction)}: a rotation here covers every hour.");
        }

        var start = rotation.Instant("startDate");
        return new VendorRotation(name, responders, LocalTime.In(start, zone), DurationText.Of(length), rotation.OptionalInstant("endDate"), notes);
    }

    private static string Restriction(ExportNode restriction)
    {
        static string Clock(ExportNode at, string prefix) => $"{at.Int(prefix + "Hour"):00}:{at.OptionalInt(prefix + "Min") ?? 0:00}";

        var type = restriction.String("type");
        if (type == "time-of-day" && restriction.Optional("restriction") is { } daily)
        {
            return $"(on call only {Clock(daily, "start")}-{Clock(daily, "end")} each day)";
        }

        if (type == "weekday-and-time-of-day")
        {
            var windows = restriction.Items("restrictions")
                .Select(r => $"{r.String("startDay")} {Clock(r, "start")}-{r.String("endDay")} {Clock(r, "end")}");
            return $"(on call only {string.Join(", ", windows)})";
        }

        return $"'{type}'";
    }

    private void ReadOverrides()
    {
        foreach (var (key, response) in Envelope.Keyed(_folder, Overrides))
        {
            // Named for the schedule's id, or its name (the API takes either with scheduleIdentifierType).
            var name = _schedules.TryGetValue(key, out var byId) ? byId : _schedules.TryGetValue("name:" + key, out var byName) ? byName : null;
            var schedule = name is null ? null : _draft.Schedules.FirstOrDefault(s => !s.CommentedOut && s.Name == name);
            if (schedule is null)
            {
                _draft.Notes.Add($"Not carried over: {response.File}: no imported schedule has the id or name '{key}' (the file is named for its schedule).");
                continue;
            }

            foreach (var entry in Data(response, "GET /v2/schedules/{id}/overrides"))
            {
                var notes = new List<string>();
                var user = entry.Required("user");
                var responder = user.OptionalString("type") is null or "user" ? Responder(user, notes) : null;
                if (responder is null && notes.Count == 0)
                {
                    notes.Add($"Not carried over: the override at {entry.Path} to a {user.OptionalString("type")}: overrides here name a person.");
                }

                var start = entry.Instant("startDate");
                var end = entry.Instant("endDate");
                if (responder is not null && end > start)
                {
                    schedule.Overrides.Add(new DraftOverride(responder, start, end));
                    if (entry.Items("rotations").Any())
                    {
                        notes.Add($"The override '{entry.NonBlankString("alias") ?? entry.Path}' applied to some rotations in Opsgenie; here it covers the whole schedule.");
                    }
                }
                else if (responder is not null)
                {
                    notes.Add($"Not carried over: the override at {entry.Path} ends before it starts.");
                }

                schedule.Notes.AddRange(notes);
            }
        }
    }
}
