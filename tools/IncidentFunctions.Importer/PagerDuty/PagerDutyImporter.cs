using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;

namespace IncidentFunctions.Importer.PagerDuty;

/// <summary>
/// A PagerDuty account's REST API v2 exports → a draft configuration. The folder holds (README "Coming from Opsgenie
/// or PagerDuty"): users.json (GET /users?include[]=contact_methods, required), schedules/&lt;id&gt;.json (GET
/// /schedules/{id}) or schedules.json, overrides/&lt;schedule id&gt;.json (GET /schedules/{id}/overrides),
/// escalation_policies.json (GET /escalation_policies), services.json (GET /services?include[]=integrations).
/// Each list may be split in pages: users.json, users.2.json…
/// </summary>
public sealed partial class PagerDutyImporter
{
    public const string Users = "users";
    public const string Schedules = "schedules";
    public const string Overrides = "overrides";
    public const string EscalationPolicies = "escalation_policies";
    public const string Services = "services";

    private readonly ExportFolder _folder;
    private readonly DraftConfig _draft = new("PagerDuty");

    // PagerDuty ids → the names written in the configuration.
    private readonly Dictionary<string, string> _responders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schedules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _policies = new(StringComparer.Ordinal);
    private readonly UniqueNames _responderNames = new();
    private readonly UniqueNames _scheduleNames = new();
    private readonly UniqueNames _policyNames = new();
    private readonly UniqueNames _serviceNames = new();

    private PagerDutyImporter(ExportFolder folder) => _folder = folder;

    /// <exception cref="ExportFormatException">A file is missing, is not JSON, or lacks what the importer needs.</exception>
    public static DraftConfig Import(ExportFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var importer = new PagerDutyImporter(folder);
        importer.ReadUsers();
        importer.ReadSchedules();
        importer.ReadPolicies();
        importer.ReadServices();
        return importer._draft;
    }

    private void Missing(string export, string call, string consequence) =>
        _draft.Notes.Add($"{export}.json ({call}) was not in the folder: {consequence}");

    private void ReadUsers()
    {
        if (!_folder.Has(Users))
        {
            throw new ExportFormatException(Path.Combine(_folder.Root, Users + ".json"), "$",
                "is required: save GET /users?include[]=contact_methods there (README \"Coming from Opsgenie or PagerDuty\")");
        }

        foreach (var response in _folder.Read(Users))
        {
            foreach (var user in Envelope.Records(response, "users", "user", "GET /users?include[]=contact_methods"))
            {
                ReadUser(user);
            }
        }
    }

    private void ReadUser(ExportNode user)
    {
        var id = user.String("id");
        var email = user.NonBlankString("email");
        var name = _responderNames.Take(user.NonBlankString("name") ?? email ?? id, email);
        _responders[id] = name;

        var texts = new List<string>();
        var calls = new List<string>();
        var emails = new List<string>();
        var notes = new List<string>();
        var referencesOnly = false;
        foreach (var method in user.Items("contact_methods"))
        {
            var type = method.String("type");
            switch (type)
            {
                case "phone_contact_method" or "sms_contact_method":
                    var address = method.String("address");
                    var countryCode = method.Optional("country_code") is { } code
                        ? code.Kind == System.Text.Json.JsonValueKind.Number ? code.AsInt().ToString(System.Globalization.CultureInfo.InvariantCulture) : code.AsString()
                        : null;
                    if (PhoneNumbers.ToE164(countryCode, address) is { } number)
                    {
                        (type == "sms_contact_method" ? texts : calls).Add(number);
                    }
                    else
                    {
                        notes.Add($"Not carried over: the number '{countryCode} {address}' ({method.Path}) is not a phone number in E.164.");
                    }

                    break;
                case "email_contact_method":
                    emails.Add(method.String("address"));
                    break;
                case "push_notification_contact_method":
                    notes.Add($"Not carried over: push notifications to the PagerDuty app ('{method.NonBlankString("label") ?? method.NonBlankString("summary") ?? "app"}').");
                    break;
                case var reference when reference.EndsWith("_reference", StringComparison.Ordinal):
                    referencesOnly = true;
                    break;
                default:
                    notes.Add($"Not carried over: the contact method of type '{type}'.");
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
            notes.Add(referencesOnly
                ? $"TODO: the export lists {name}'s contact methods as references only (saved without include[]=contact_methods): write their number in E.164, or export again with it. The file does not load until then."
                : $"TODO: {name} has no phone or SMS contact method in PagerDuty: write their number in E.164. The file does not load until then.");
        }

        var responder = new DraftResponder(name, phone, separateVoice, [.. emails.Distinct(StringComparer.OrdinalIgnoreCase)]);
        responder.Notes.Add($"PagerDuty user {id}{(email is null ? "" : $" ({email})")}.");
        responder.Notes.AddRange(notes);
        _draft.Responders.Add(responder);
    }

    /// <summary>The responder named for a user reference, or null after a note on <paramref name="notes"/>.</summary>
    private string? Responder(ExportNode reference, List<string> notes)
    {
        var id = reference.String("id");
        if (_responders.TryGetValue(id, out var name))
        {
            return name;
        }

        notes.Add($"Not carried over: user {id} ('{reference.NonBlankString("summary") ?? "?"}', {reference.Path}) is not in {Users}.json.");
        return null;
    }
}
