using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.PagerDuty;

/// <summary>Schedules: one rotation per schedule here, so a schedule's first current layer; the other layers are kept commented out.</summary>
public sealed partial class PagerDutyImporter
{
    private static readonly string[] Weekdays = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private void ReadSchedules()
    {
        if (!_folder.Has(Schedules))
        {
            Missing(Schedules, "GET /schedules/{id} for each schedule, in schedules/", "no schedules imported; policies' schedule targets are left out");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var response in _folder.Read(Schedules))
        {
            foreach (var schedule in Envelope.Records(response, "schedules", "schedule", "GET /schedules/{id}"))
            {
                var id = schedule.String("id");
                if (!seen.Add(id))
                {
                    _draft.Notes.Add($"Schedule {id} appears more than once in the exports ({schedule.File}); the first is used.");
                    continue;
                }

                ReadSchedule(schedule, id);
            }
        }

        ReadOverrides();
    }

    private void ReadSchedule(ExportNode schedule, string id)
    {
        var title = schedule.NonBlankString("name") ?? id;
        var timeZone = schedule.String("time_zone");
        var zone = LocalTime.Find(timeZone);
        if (!schedule.Has("schedule_layers"))
        {
            _draft.Notes.Add($"Not carried over: schedule '{title}' ({id}): its export has no schedule_layers ({schedule.File}); save GET /schedules/{id} as schedules/{id}.json.");
            return;
        }

        var layers = schedule.Items("schedule_layers").Select(layer => ReadLayer(layer, zone)).ToList();
        // The first layer still in force that has someone on it; PagerDuty lists layers with "end" once they are replaced.
        var primary = VendorRotations.Primary(layers);
        if (primary is null)
        {
            _draft.Notes.Add($"Not carried over: schedule '{title}' ({id}): no layer has a user in {Users}.json.");
            return;
        }

        var name = _scheduleNames.Take(title, id);
        _schedules[id] = name;
        var draft = new DraftSchedule(name, timeZone, primary.Responders, primary.Start, primary.Length);
        draft.Notes.Add($"PagerDuty schedule {id}, layer '{primary.Name}'.");
        VendorRotations.Add(_draft, _scheduleNames, draft, title, zone, primary, layers, Words, []);
    }

    private static readonly RotationWords Words = new("PagerDuty", "layer", "ended",
        "Layers stack in PagerDuty (a higher layer covers the hours it has); here a schedule has one rotation.");

    private VendorRotation ReadLayer(ExportNode layer, TimeZoneInfo? zone)
    {
        var notes = new List<string>();
        var name = layer.NonBlankString("name") ?? layer.OptionalString("id") ?? "layer";
        var responders = new List<string>();
        foreach (var member in layer.Items("users"))
        {
            // GET /schedules/{id} nests each one as { "user": { … } }.
            var reference = member.Optional("user") ?? member;
            if (Responder(reference, notes) is { } responder)
            {
                responders.Add(responder);
            }
        }

        var start = layer.Instant("rotation_virtual_start");
        var seconds = layer.Int("rotation_turn_length_seconds");
        if (seconds <= 0)
        {
            throw layer.Required("rotation_turn_length_seconds").Error("must be more than zero");
        }

        foreach (var restriction in layer.Items("restrictions"))
        {
            notes.Add($"Not carried over: the restriction {Restriction(restriction)}: a rotation here covers every hour; outside those hours nobody was on call in this layer.");
        }

        return new VendorRotation(name, responders, LocalTime.In(start, zone), DurationText.Of(TimeSpan.FromSeconds(seconds)), layer.OptionalInstant("end"), notes);
    }

    private static string Restriction(ExportNode restriction)
    {
        var type = restriction.String("type");
        var from = restriction.String("start_time_of_day");
        var length = DurationText.Of(TimeSpan.FromSeconds(restriction.Int("duration_seconds")));
        return type switch
        {
            "daily_restriction" => $"on call only from {from} for {length} each day",
            "weekly_restriction" when restriction.OptionalInt("start_day_of_week") is { } day and >= 1 and <= 7 =>
                $"on call only from {Weekdays[day]} {from} for {length} each week",
            _ => $"'{type}' from {from} for {length}",
        };
    }

    private void ReadOverrides()
    {
        foreach (var (scheduleId, response) in Envelope.Keyed(_folder, Overrides))
        {
            var schedule = _draft.Schedules.FirstOrDefault(s => !s.CommentedOut && _schedules.TryGetValue(scheduleId, out var name) && s.Name == name);
            if (schedule is null)
            {
                _draft.Notes.Add($"Not carried over: {response.File}: no imported schedule has the id '{scheduleId}' (the file is named for the schedule's id).");
                continue;
            }

            foreach (var entry in Envelope.Records(response, "overrides", "override", "GET /schedules/{id}/overrides"))
            {
                var notes = new List<string>();
                var responder = Responder(entry.Required("user"), notes);
                var start = entry.Instant("start");
                var end = entry.Instant("end");
                if (responder is not null && end > start)
                {
                    schedule.Overrides.Add(new DraftOverride(responder, start, end));
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
