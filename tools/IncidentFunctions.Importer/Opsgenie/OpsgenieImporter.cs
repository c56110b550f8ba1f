using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.Opsgenie;

/// <summary>
/// An Opsgenie account's REST API v2 exports → a draft configuration. The folder holds (README "Coming from Opsgenie
/// or PagerDuty"): users.json (GET /v2/users, required), contacts/&lt;username&gt;.json (GET /v2/users/{username}/contacts,
/// for phone numbers), teams.json (GET /v2/teams), schedules.json (GET /v2/schedules?expand=rotation),
/// overrides/&lt;schedule id&gt;.json (GET /v2/schedules/{id}/overrides), escalations.json (GET /v2/escalations),
/// integrations.json (GET /v2/integrations), heartbeats.json (GET /v2/heartbeats). Lists may be split in pages.
/// </summary>
public sealed partial class OpsgenieImporter
{
    public const string Users = "users";
    public const string Contacts = "contacts";
    public const string Teams = "teams";
    public const string Schedules = "schedules";
    public const string Overrides = "overrides";
    public const string Escalations = "escalations";
    public const string Integrations = "integrations";
    public const string Heartbeats = "heartbeats";

    private readonly ExportFolder _folder;
    private readonly DraftConfig _draft = new("Opsgenie");

    // Opsgenie ids (and usernames, which escalations and rotations also use) → names in the configuration.
    private readonly Dictionary<string, string> _responders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _schedules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _policyByTeam = new(StringComparer.Ordinal);

    /// <summary>Team id → the service of its first integration: where the team's heartbeats open incidents.</summary>
    private readonly Dictionary<string, string> _serviceByTeam = new(StringComparer.Ordinal);
    private readonly UniqueNames _responderNames = new();
    private readonly UniqueNames _scheduleNames = new();
    private readonly UniqueNames _policyNames = new();
    private readonly UniqueNames _serviceNames = new();

    private OpsgenieImporter(ExportFolder folder) => _folder = folder;

    /// <exception cref="ExportFormatException">A file is missing, is not JSON, or lacks what the importer needs.</exception>
    public static DraftConfig Import(ExportFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var importer = new OpsgenieImporter(folder);
        importer.ReadTeams();
        importer.ReadUsers();
        importer.ReadSchedules();
        importer.ReadEscalations();
        importer.ReadIntegrations();
        importer.ReadHeartbeats();
        return importer._draft;
    }

    private void Missing(string export, string call, string consequence) =>
        _draft.Notes.Add($"{export}.json ({call}) was not in the folder: {consequence}");

    private static IReadOnlyList<ExportNode> Data(ExportNode response, string call) => Envelope.Records(response, "data", "data", call);

    private void ReadTeams()
    {
        if (!_folder.Has(Teams))
        {
            Missing(Teams, "GET /v2/teams", "teams are named by id in the comments below");
        }

        foreach (var team in _folder.Read(Teams).SelectMany(response => Data(response, "GET /v2/teams")))
        {
            _teams[team.String("id")] = team.NonBlankString("name") ?? team.String("id");
        }

        if (_teams.Count > 0)
        {
            _draft.Notes.Add($"Not carried over: Opsgenie's teams ({string.Join(", ", _teams.Values.Select(t => $"'{t}'"))}) and their routing rules. "
                + "Here a service names one escalation policy: each integration's service pages its team's escalation (see the services).");
        }
    }

    private string TeamName(ExportNode team) =>
        team.NonBlankString("name") ?? (team.NonBlankString("id") is { } id && _teams.TryGetValue(id, out var name) ? name : team.NonBlankString("id") ?? "?");

    private void ReadUsers()
    {
        if (!_folder.Has(Users))
        {
            throw new ExportFormatException(Path.Combine(_folder.Root, Users + ".json"), "$",
                "is required: save GET /v2/users there (README \"Coming from Opsgenie or PagerDuty\")");
        }

        var contacts = Envelope.Keyed(_folder, Contacts).ToDictionary(pair => pair.Key, pair => pair.Response, StringComparer.OrdinalIgnoreCase);
        var usedContacts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in _folder.Read(Users).SelectMany(response => Data(response, "GET /v2/users")))
        {
            var id = user.String("id");
            var username = user.String("username");
            var key = contacts.ContainsKey(username) ? username : contacts.ContainsKey(id) ? id : null;
            if (key is not null)
            {
                usedContacts.Add(key);
            }

            ReadUser(user, id, username, key is null ? null : contacts[key]);
        }

        foreach (var unused in contacts.Keys.Where(k => !usedContacts.Contains(k)))
        {
            _draft.Notes.Add($"Not carried over: {Contacts}/{unused}.json names no user in {Users}.json (name each file for the user's username or id).");
        }
    }

    private void ReadUser(ExportNode user, string id, string username, ExportNode? contacts)
    {
        var name = _responderNames.Take(user.NonBlankString("fullName") ?? username, username);
        _responders[id] = name;
        _responders[username] = name;

        // Opsgenie's username is the person's email address.
        var emails = new List<string> { username };
        var texts = new List<string>();
        var calls = new List<string>();
        var notes = new List<string> { $"Opsgenie user {username}." };
        foreach (var contact in contacts is { } c ? Data(c, "GET /v2/users/{username}/contacts") : [])
        {
            var method = contact.String("method");
            var to = contact.String("to");
            if (contact.Optional("status")?.OptionalBool("enabled") == false)
            {
                notes.Add($"Not carried over: the disabled {method} contact {to}.");
                continue;
            }

            switch (method)
            {
                case "sms" or "voice":
                    if (PhoneNumbers.ToE164(null, to) is { } number)
                    {
                        (method == "sms" ? texts : calls).Add(number);
                    }
                    else
                    {
                        notes.Add($"Not carried over: the {method} contact '{to}' ({contact.Path}) is not a phone number with its country code.");
                    }

                    break;
                case "email":
                    emails.Add(to);
                    break;
                default:
                    notes.Add($"Not carried over: the {method} contact (the Opsgenie app).");
                    break;
            }
        }

        var sms = texts.FirstOrDefault();
        var voice = calls.FirstOrDefault();
        var phone = sms ?? voice;
        var separateVoice = sms is not null && voice is not null && voice != sms ? voice : null;
        var extra = texts.Concat(calls).Distinct().Where(n => n != phone && n != separateVoice).ToList();
        if (extra.Count > 0)
        {
            notes.Add($"Not carried over: further numbers {string.Join(", ", extra)} (a responder texts on one number and calls on at most one).");
        }

        if (phone is null)
        {
            notes.Add(contacts is null
                ? $"TODO: Opsgenie's user list has no phone numbers: write {name}'s in E.164 in place of the placeholder, or save GET /v2/users/{username}/contacts as {Contacts}/{username}.json and import again. The file does not load until then."
                : $"TODO: {name} has no sms or voice contact in Opsgenie: write their number in E.164. The file does not load until then.");
        }

        var responder = new DraftResponder(name, phone, separateVoice, [.. emails.Distinct(StringComparer.OrdinalIgnoreCase)]);
        responder.Notes.AddRange(notes);
        _draft.Responders.Add(responder);
    }

    /// <summary>The responder a user recipient or participant names (by id, else username), or null after a note.</summary>
    private string? Responder(ExportNode recipient, List<string> notes)
    {
        var id = recipient.NonBlankString("id");
        var username = recipient.NonBlankString("username");
        if (id is not null && _responders.TryGetValue(id, out var name) || username is not null && _responders.TryGetValue(username, out name))
        {
            return name;
        }

        notes.Add($"Not carried over: user {username ?? id ?? "?"} ({recipient.Path}) is not in {Users}.json.");
        return null;
    }

    private static TimeSpan Length(ExportNode amount, string amountName, string unitName)
    {
        var value = amount.Int(amountName);
        var unit = amount.OptionalString(unitName) ?? "minutes";
        return unit switch
        {
            "minutes" => TimeSpan.FromMinutes(value),
            "hours" => TimeSpan.FromHours(value),
            "days" => TimeSpan.FromDays(value),
            _ => throw amount.Required(unitName).Error($"'{unit}' is not minutes, hours or days"),
        };
    }
}
