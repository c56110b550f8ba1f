using System.Text.Json;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>The optional sections of the incident-response loop: "severity", "leadership", "admins", "response", "playbooks".</summary>
public static partial class ConfigLoader
{
    private sealed partial class Reader
    {
        private const string SeverityChoices = "SEV1, SEV2, SEV3 or SEV4";

        private static readonly (string Name, AlertSeverity Severity)[] AlertSeverityNames =
        [
            ("critical", AlertSeverity.Critical),
            ("error", AlertSeverity.Error),
            ("warning", AlertSeverity.Warning),
            ("info", AlertSeverity.Info),
        ];

        /// <summary>
        /// "default" overrides the built-in mapping per alert severity it names. "bySource" replaces the built-in table of each
        /// format it names as a whole (so "azure-monitor": {} switches that table off); formats it does not name keep theirs.
        /// </summary>
        private SeverityPolicy ReadSeverity(Obj root)
        {
            var obj = root.OptionalObject("severity", "default", "bySource");
            if (obj is null)
            {
                return SeverityPolicy.Default;
            }

            var byAlertSeverity = new Dictionary<AlertSeverity, IncidentSeverity>();
            var defaults = obj.OptionalObject("default", [.. AlertSeverityNames.Select(entry => entry.Name)]);
            if (defaults is not null)
            {
                foreach (var (name, alertSeverity) in AlertSeverityNames)
                {
                    if (defaults.TryGetOptional(name, out var value) && IncidentSeverityValue(value, defaults.PathOf(name)) is { } mapped)
                    {
                        byAlertSeverity[alertSeverity] = mapped;
                    }
                }
            }

            var bySource = new Dictionary<string, IReadOnlyDictionary<string, IncidentSeverity>>(SeverityPolicy.DefaultBySource, StringComparer.OrdinalIgnoreCase);
            if (obj.TryGetOptional("bySource", out var sources))
            {
                var formats = AlertParsers.All.Select(parser => parser.Format).ToList();
                foreach (var (formatKey, formatElement, formatPath) in MapEntries(sources, obj.PathOf("bySource"), "format names"))
                {
                    var format = formats.FirstOrDefault(known => string.Equals(known, formatKey.Trim(), StringComparison.OrdinalIgnoreCase));
                    if (format is null)
                    {
                        Problem(formatPath, $"unknown alert format (expected one of: {string.Join(", ", formats)})");
                        continue;
                    }

                    var words = new Dictionary<string, IncidentSeverity>(StringComparer.OrdinalIgnoreCase);
                    foreach (var (word, severityElement, wordPath) in MapEntries(formatElement, formatPath, "source severities"))
                    {
                        if (IncidentSeverityValue(severityElement, wordPath) is { } mapped)
                        {
                            words[word.Trim()] = mapped;
                        }
                    }

                    bySource[format] = words;
                }
            }

            return new SeverityPolicy(byAlertSeverity, bySource);
        }

        /// <summary>
        /// A list of responders' names ("leadership", "admins"), each defined and listed once; resolved to responders once
        /// the whole file is valid.
        /// </summary>
        private IReadOnlyList<string> ReadResponderNames(Obj root, string name)
        {
            var names = root.OptionalArray(name, (element, path) => ReadReference(element, path, _responderNames, "responder")) ?? [];
            CheckListedOnce(names, root.PathOf(name));
            return names;
        }

        /// <summary>Every setting is optional and falls back to <see cref="ResponsePolicy.Default"/>, per severity for the tables.</summary>
        private ResponsePolicy ReadResponse(Obj root)
        {
            var defaults = ResponsePolicy.Default;
            var obj = root.OptionalObject(
                "response",
                "updateCadence", "reminderBefore", "quietGrace", "irreversibleActionReminder", "retrospectiveDue", "retrospectiveReminderEvery", "repeatWindow");
            if (obj is null)
            {
                return defaults;
            }

            var cadences = ReadSeverityDurations(obj, "updateCadence", defaults.UpdateCadences);
            var reminderWritten = obj.Has("reminderBefore");
            var reminderBefore = reminderWritten ? obj.RequiredDuration("reminderBefore")?.TotalTime : defaults.ReminderBefore;
            var quietGrace = OptionalDuration(obj, "quietGrace", defaults.QuietGrace);
            var irreversibleActionReminder = OptionalDuration(obj, "irreversibleActionReminder", defaults.IrreversibleActionReminder);
            var retrospectiveDues = ReadSeverityDurations(obj, "retrospectiveDue", defaults.RetrospectiveDues);
            var retrospectiveReminderEvery = OptionalDuration(obj, "retrospectiveReminderEvery", defaults.RetrospectiveReminderEvery);
            var repeatWindow = OptionalDuration(obj, "repeatWindow", defaults.RepeatWindow);

            if (reminderBefore is { } before)
            {
                CheckReminderBeforeEveryCadence(obj, before, reminderWritten, cadences);
            }

            return new ResponsePolicy(
                cadences.Values.AsReadOnly(),
                reminderBefore ?? defaults.ReminderBefore,
                quietGrace,
                irreversibleActionReminder,
                retrospectiveDues.Values.AsReadOnly(),
                retrospectiveReminderEvery,
                repeatWindow);
        }

        /// <summary>
        /// A reminder must come before the update it is about. The problem goes where the user can fix it: at
        /// "reminderBefore" when the file sets it, otherwise at each cadence that is too short for the default reminder.
        /// </summary>
        private void CheckReminderBeforeEveryCadence(Obj response, TimeSpan before, bool reminderWritten, SeverityDurations cadences)
        {
            var tooShort = cadences.Values
                .Where(entry => entry.Value is { } cadence && cadence <= before && !cadences.Broken.Contains(entry.Key))
                .OrderBy(entry => entry.Key)
                .ToList();
            if (tooShort.Count == 0)
            {
                return;
            }

            if (reminderWritten || tooShort.Any(entry => !cadences.Written.ContainsKey(entry.Key)))
            {
                Problem(response.PathOf("reminderBefore"),
                    $"must be shorter than every update cadence, but {Show(before)} is not shorter than "
                    + string.Join(", ", tooShort.Select(entry => $"{SeverityPolicy.Format(entry.Key)}'s {Show(entry.Value!.Value)}")));
                return;
            }

            foreach (var (severity, cadence) in tooShort)
            {
                Problem(cadences.Written[severity], $"must be longer than reminderBefore ({Show(before)} by default), or null for no cadence; it is {Show(cadence!.Value)}");
            }
        }

        private TimeSpan OptionalDuration(Obj obj, string name, TimeSpan fallback) =>
            obj.Has(name) ? obj.RequiredDuration(name)?.TotalTime ?? fallback : fallback;

        /// <param name="Values">One entry per severity: what the file says, else the default.</param>
        /// <param name="Written">Severities the file names (validly or not) → the path of their key.</param>
        /// <param name="Broken">Severities whose value was a problem (their entry in Values is the default).</param>
        private sealed record SeverityDurations(
            Dictionary<IncidentSeverity, TimeSpan?> Values, Dictionary<IncidentSeverity, string> Written, HashSet<IncidentSeverity> Broken);

        /// <summary>An object of "SEV1".."SEV4" (any case) → duration or null; severities it leaves out keep their default.</summary>
        private SeverityDurations ReadSeverityDurations(Obj parent, string name, IReadOnlyDictionary<IncidentSeverity, TimeSpan?> defaults)
        {
            var result = new SeverityDurations(
                Enum.GetValues<IncidentSeverity>().ToDictionary(severity => severity, severity => defaults.TryGetValue(severity, out var value) ? value : null),
                [],
                []);
            if (!parent.TryGetOptional(name, out var element))
            {
                return result;
            }

            foreach (var (key, value, path) in MapEntries(element, parent.PathOf(name), "severity names"))
            {
                if (!SeverityPolicy.TryParseSeverity(key, out var parsed))
                {
                    Problem(path, $"unknown severity (expected {SeverityChoices})");
                    continue;
                }

                // MapEntries has already refused a second spelling of the same key, so each severity is written once.
                var severity = parsed.Value;
                result.Written[severity] = path;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    result.Values[severity] = null;
                }
                else if (DurationValue(value, path) is { } duration)
                {
                    result.Values[severity] = duration.TotalTime;
                }
                else
                {
                    result.Broken.Add(severity);
                }
            }

            return result;
        }

        private PlaybookConfig? ReadPlaybook(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "service", "alertPattern", "urls", "owners");
            if (obj is null)
            {
                return null;
            }

            var hasService = obj.Has("service");
            var hasPattern = obj.Has("alertPattern");
            if (!hasService && !hasPattern)
            {
                Problem(path, "must have a 'service', an 'alertPattern' or both");
            }

            var service = hasService ? obj.RequiredReference("service", _serviceNames, "service") : null;
            var pattern = hasPattern ? obj.OptionalString("alertPattern") : null;

            var urls = obj.RequiredArray("urls", ReadUrl);
            if (urls is { Count: 0 })
            {
                Problem(obj.PathOf("urls"), "must list at least one URL");
            }

            var owners = obj.OptionalArray("owners", (ownerElement, ownerPath) => ReadReference(ownerElement, ownerPath, _responderNames, "responder")) ?? [];
            CheckListedOnce(owners, obj.PathOf("owners"));

            var valid = (hasService || hasPattern) && (service is not null || !hasService) && (pattern is not null || !hasPattern) && urls is { Count: > 0 };
            return valid ? new PlaybookConfig(service, pattern, urls!, owners) : null;
        }

        private string? ReadUrl(JsonElement element, string path)
        {
            var url = StringValue(element, path);
            if (url is not null && !IsHttpUrl(url))
            {
                Problem(path, $"'{url}' is not an absolute http(s) URL");
            }

            return url;
        }

        private IncidentSeverity? IncidentSeverityValue(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                Problem(path, $"must be {SeverityChoices}, not {Describe(element)}");
                return null;
            }

            var text = element.GetString()!;
            if (SeverityPolicy.TryParseSeverity(text, out var severity))
            {
                return severity;
            }

            Problem(path, $"'{text}' is not an incident severity; use {SeverityChoices}");
            return null;
        }

        /// <summary>
        /// The properties of an object whose keys are data (formats, source words, severities), not names in the schema.
        /// Keys are compared ignoring case, so a second spelling of the same key is a problem, as is an empty key.
        /// </summary>
        private List<(string Key, JsonElement Value, string Path)> MapEntries(JsonElement element, string path, string keyKind)
        {
            var entries = new List<(string, JsonElement, string)>();
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problem(path, $"must be an object, not {Describe(element)}");
                return entries;
            }

            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                var propertyPath = $"{path}.{property.Name}";
                var key = property.Name.Trim();
                if (key.Length == 0)
                {
                    Problem(propertyPath, "an empty key means nothing here");
                }
                else if (!seen.TryAdd(key, propertyPath))
                {
                    Problem(propertyPath, $"appears more than once ({keyKind} are case-insensitive; {seen[key]} has it already)");
                }
                else
                {
                    entries.Add((property.Name, property.Value, propertyPath));
                }
            }

            return entries;
        }

        private void CheckListedOnce(IReadOnlyList<string> names, string arrayPath)
        {
            var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var index = 0; index < names.Count; index++)
            {
                if (!first.TryAdd(names[index], index))
                {
                    Problem($"{arrayPath}[{index}]", $"'{names[index]}' is listed twice (names are case-insensitive; {arrayPath}[{first[names[index]]}] has it already)");
                }
            }
        }

        /// <summary>A time span in the configuration's own syntax: "30m", "4h", "3d".</summary>
        private static string Show(TimeSpan time) =>
            time.Ticks > 0 && time.Ticks % TimeSpan.TicksPerDay == 0
                ? Duration.FromDays((int)(time.Ticks / TimeSpan.TicksPerDay)).ToString()
                : Duration.FromTime(time).ToString();
    }
}
