using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Schedules;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// Reads the declarative on-call file (JSON, comments and trailing commas allowed) into an <see cref="IncidentConfig"/>,
/// or throws <see cref="ConfigValidationException"/> listing every problem with its path.
/// Unknown properties are problems too: a misspelt "autoResolv" must not silently mean false.
/// </summary>
public static partial class ConfigLoader
{
    public const int MinAdminApiKeyLength = 12;
    public const int MaxRepeat = 10;
    public const int MinRateLimit = 1;
    public const int MaxRateLimit = 100_000;

    /// <summary>A hand-off test's owner is told within the shift's first hours, or not at all.</summary>
    internal static readonly TimeSpan MaxConfirmWithin = TimeSpan.FromHours(12);

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and parses the file at <paramref name="path"/>; problems name the file as <paramref name="path"/> was given.</summary>
    public static IncidentConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigValidationException([new ConfigProblem(path, "$", $"cannot read the file: {e.Message}")]);
        }

        return Parse(json, path);
    }

    /// <param name="fileName">Used only to label problems.</param>
    public static IncidentConfig Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        if (json.Length > 0 && json[0] == '\uFEFF')
        {
            json = json[1..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigValidationException([SyntaxProblem(json, fileName, e)]);
        }

        using (document)
        {
            var reader = new Reader(fileName);
            var config = reader.ReadRoot(document.RootElement);
            if (reader.Problems.Count > 0 || config is null)
            {
                throw new ConfigValidationException(reader.Problems);
            }

            return config;
        }
    }

    private static ConfigProblem SyntaxProblem(string json, string fileName, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0);
        var bytes = (int)(e.BytePositionInLine ?? 0);
        var lines = json.Split('\n');
        var column = bytes + 1;
        if (line < lines.Length)
        {
            // The reader counts UTF-8 bytes; people count characters.
            var utf8 = Encoding.UTF8.GetBytes(lines[line]);
            column = Encoding.UTF8.GetCharCount(utf8, 0, Math.Min(bytes, utf8.Length)) + 1;
        }

        var reason = ReaderPositionSuffix().Replace(e.Message, "").Trim();
        return new ConfigProblem(fileName, "$", $"invalid JSON at line {line + 1}, column {column}: {reason}");
    }

    [GeneratedRegex(@"\s*(?:Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex ReaderPositionSuffix();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    internal static partial Regex E164();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?$")]
    private static partial Regex LocalDateTime();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex InstantDateTime();

    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    /// <summary>Walks the document once, collecting every problem; returns null when anything was wrong.</summary>
    private sealed partial class Reader(string file)
    {
        public List<ConfigProblem> Problems { get; } = [];

        // Names seen so far, for uniqueness and references: name → path of its definition.
        private readonly Dictionary<string, string> _responderNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _responderPhones = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _scheduleNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _policyNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _serviceNames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _integrationKeys = new(StringComparer.Ordinal);

        private void Problem(string path, string message) => Problems.Add(new ConfigProblem(file, path.Length == 0 ? "$" : path, message));

        public IncidentConfig? ReadRoot(JsonElement root)
        {
            var obj = Obj.Open(this, root, "", "$schema", "adminApiKey", "rateLimit", "responders", "schedules", "escalationPolicies", "services",
                "severity", "leadership", "admins", "response", "playbooks", "notifications", "slack", "heartbeats", "maintenance");
            if (obj is null)
            {
                return null;
            }

            var adminApiKey = obj.RequiredString("adminApiKey");
            if (adminApiKey is not null && adminApiKey.Length < MinAdminApiKeyLength)
            {
                Problem("adminApiKey", $"must be at least {MinAdminApiKeyLength} characters long (it has {adminApiKey.Length})");
            }

            var rateLimit = ReadRateLimit(obj);

            // Read in dependency order so references can be checked against what is defined, wherever it sits in the file.
            var responders = obj.RequiredArray("responders", ReadResponder);
            var schedules = obj.OptionalArray("schedules", ReadSchedule) ?? [];
            var policies = obj.RequiredArray("escalationPolicies", ReadPolicy);
            var services = obj.RequiredArray("services", ReadService);
            var severity = ReadSeverity(obj);
            var leadership = ReadResponderNames(obj, "leadership");
            var admins = ReadResponderNames(obj, "admins");
            var response = ReadResponse(obj);
            var playbooks = obj.OptionalArray("playbooks", ReadPlaybook) ?? [];
            var notifications = ReadNotifications(obj);
            var slack = ReadSlack(obj);
            var maintenance = ReadMaintenance(obj);
            var heartbeats = obj.OptionalArray("heartbeats", ReadHeartbeat) ?? [];

            if (Problems.Count > 0 || adminApiKey is null || responders is null || policies is null || services is null)
            {
                return null;
            }

            return new IncidentConfig
            {
                AdminApiKey = adminApiKey,
                RateLimit = rateLimit,
                Responders = responders,
                Schedules = schedules,
                EscalationPolicies = policies,
                Services = services,
                Severity = severity,
                Leadership = [.. leadership.Select(name => responders.First(responder => IncidentConfig.NameEquals(responder.Name, name)))],
                Admins = [.. admins.Select(name => responders.First(responder => IncidentConfig.NameEquals(responder.Name, name)))],
                Response = response,
                Playbooks = playbooks,
                Notifications = notifications,
                Slack = slack,
                Maintenance = maintenance,
                // Each heartbeat names its service with the service's own spelling, as incidents do.
                Heartbeats = [.. heartbeats.Select(h => h with { Service = services.First(s => IncidentConfig.NameEquals(s.Name, h.Service)).Name })],
            };
        }

        private RateLimitConfig ReadRateLimit(Obj root)
        {
            var obj = root.OptionalObject("rateLimit", "perKeyPerMinute");
            var perMinute = obj?.OptionalInt("perKeyPerMinute");
            if (perMinute is { } value)
            {
                CheckRange(obj!.PathOf("perKeyPerMinute"), value, MinRateLimit, MaxRateLimit);
                return new RateLimitConfig(value);
            }

            return new RateLimitConfig();
        }


        private ScheduleConfig? ReadSchedule(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "name", "timeZone", "rotation", "overrides", "owner", "pagerTest");
            if (obj is null)
            {
                return null;
            }

            var name = obj.RequiredString("name");
            DefineName(_scheduleNames, name, obj.PathOf("name"), "schedule");

            var timeZone = obj.RequiredString("timeZone");
            if (timeZone is not null && !IsIanaTimeZone(timeZone))
            {
                Problem(obj.PathOf("timeZone"), $"'{timeZone}' is not a known IANA time zone id such as \"Europe/London\" or \"America/New_York\"");
            }

            var rotation = ReadRotation(obj);
            var overrides = obj.OptionalArray("overrides", ReadOverride) ?? [];
            var owner = obj.OptionalReference("owner", _responderNames, "responder");
            var pagerTest = ReadHandoffTest(obj);
            if (pagerTest is { AtHandoff: true } && owner is null && !obj.Has("owner"))
            {
                Problem(obj.PathOf("owner"), "is required when pagerTest.atHandoff is true: the owner is told when the incoming person does not confirm the test");
            }

            return name is null || timeZone is null || rotation is null
                ? null
                : new ScheduleConfig(name, timeZone, rotation, overrides) { Owner = owner, PagerTest = pagerTest };
        }

        /// <summary>"pagerTest": { "atHandoff": true, "confirmWithin": "15m" }; absent or off: no hand-off tests.</summary>
        private HandoffTestConfig? ReadHandoffTest(Obj schedule)
        {
            var obj = schedule.OptionalObject("pagerTest", "atHandoff", "confirmWithin");
            if (obj is null)
            {
                return null;
            }

            var atHandoff = obj.OptionalBool("atHandoff") ?? false;
            var within = HandoffTestConfig.DefaultConfirmWithin;
            if (obj.OptionalDuration("confirmWithin") is { } duration)
            {
                if (duration.TotalTime > MaxConfirmWithin)
                {
                    Problem(obj.PathOf("confirmWithin"), $"must be at most {MaxConfirmWithin.TotalHours:0} hours: the owner should hear about it during the shift");
                }
                else
                {
                    within = duration.TotalTime;
                }
            }

            return atHandoff ? new HandoffTestConfig(true, within) : null;
        }

        private ScheduleRotation? ReadRotation(Obj schedule)
        {
            var obj = schedule.RequiredObject("rotation", "responders", "start", "length");
            if (obj is null)
            {
                return null;
            }

            var responders = obj.RequiredArray("responders", (element, path) => ReadReference(element, path, _responderNames, "responder"));
            if (responders is { Count: 0 })
            {
                Problem(obj.PathOf("responders"), "must list at least one responder");
            }

            DateTime? start = null;
            var startText = obj.RequiredString("start");
            if (startText is not null)
            {
                if (LocalDateTime().IsMatch(startText)
                    && DateTime.TryParseExact(startText, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    start = DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
                }
                else if (InstantDateTime().IsMatch(startText))
                {
                    Problem(obj.PathOf("start"), $"'{startText}' has a UTC offset; write the local date-time of the first hand-off in the schedule's time zone without one, e.g. \"2026-01-05T09:00\"");
                }
                else
                {
                    Problem(obj.PathOf("start"), $"'{startText}' is not a local date-time like \"2026-01-05T09:00\"");
                }
            }

            var length = obj.RequiredDuration("length");
            return responders is null || start is null || length is null ? null : new ScheduleRotation(responders, start.Value, length.Value);
        }

        private ScheduleOverride? ReadOverride(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "responder", "start", "end");
            if (obj is null)
            {
                return null;
            }

            var responder = obj.RequiredReference("responder", _responderNames, "responder");
            var start = obj.RequiredInstant("start");
            var end = obj.RequiredInstant("end");
            if (start is not null && end is not null && end <= start)
            {
                Problem(obj.PathOf("end"), "must be after start");
            }

            return responder is null || start is null || end is null ? null : new ScheduleOverride(responder, start.Value, end.Value);
        }

        private EscalationPolicy? ReadPolicy(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "name", "tiers", "repeat");
            if (obj is null)
            {
                return null;
            }

            var name = obj.RequiredString("name");
            DefineName(_policyNames, name, obj.PathOf("name"), "escalation policy");
            var repeat = obj.OptionalInt("repeat") ?? 0;
            CheckRange(obj.PathOf("repeat"), repeat, 0, MaxRepeat);

            var tiers = obj.RequiredArray("tiers", ReadTier);
            if (tiers is { Count: 0 })
            {
                Problem(obj.PathOf("tiers"), "must have at least one tier");
            }

            return name is null || tiers is null ? null : new EscalationPolicy(name, tiers, repeat);
        }

        private EscalationTier? ReadTier(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "targets", "delay");
            if (obj is null)
            {
                return null;
            }

            var targets = obj.RequiredArray("targets", ReadTarget);
            if (targets is { Count: 0 })
            {
                Problem(obj.PathOf("targets"), "must have at least one target");
            }

            var delay = obj.RequiredDuration("delay");
            return targets is null || delay is null ? null : new EscalationTier(targets, delay.Value.TotalTime);
        }

        private EscalationTarget? ReadTarget(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "responder", "schedule");
            if (obj is null)
            {
                return null;
            }

            var hasResponder = obj.Has("responder");
            var hasSchedule = obj.Has("schedule");
            if (hasResponder == hasSchedule)
            {
                Problem(path, hasResponder
                    ? "must have exactly one of 'responder' or 'schedule', not both"
                    : "must have exactly one of 'responder' or 'schedule'");
                return null;
            }

            return hasResponder
                ? obj.RequiredReference("responder", _responderNames, "responder") is { } responder ? EscalationTarget.ForResponder(responder) : null
                : obj.RequiredReference("schedule", _scheduleNames, "schedule") is { } schedule ? EscalationTarget.ForSchedule(schedule) : null;
        }

        private ServiceConfig? ReadService(JsonElement element, string path)
        {
            var obj = Obj.Open(this, element, path, "name", "integrationKeys", "escalationPolicy", "playbookUrl", "autoResolve");
            if (obj is null)
            {
                return null;
            }

            var name = obj.RequiredString("name");
            DefineName(_serviceNames, name, obj.PathOf("name"), "service");

            var keys = obj.RequiredArray("integrationKeys", (keyElement, keyPath) =>
            {
                var key = StringValue(keyElement, keyPath);
                if (key is null)
                {
                    return null;
                }

                if (_integrationKeys.TryGetValue(key, out var other))
                {
                    Problem(keyPath, $"integration key '{key}' is already used by {other}; each key must lead to one service");
                }
                else
                {
                    _integrationKeys[key] = name is null ? path : $"{path} ('{name}')";
                }

                return key;
            });
            if (keys is { Count: 0 })
            {
                Problem(obj.PathOf("integrationKeys"), "must have at least one integration key");
            }

            var policy = obj.RequiredReference("escalationPolicy", _policyNames, "escalation policy");

            var playbookUrl = obj.OptionalString("playbookUrl");
            if (playbookUrl is not null && !IsHttpUrl(playbookUrl))
            {
                Problem(obj.PathOf("playbookUrl"), $"'{playbookUrl}' is not an absolute http(s) URL");
            }

            var autoResolve = obj.OptionalBool("autoResolve") ?? false;
            return name is null || keys is null || policy is null ? null : new ServiceConfig(name, keys, policy, playbookUrl, autoResolve);
        }

        private string? ReadReference(JsonElement element, string path, Dictionary<string, string> known, string kind)
        {
            var name = StringValue(element, path);
            if (name is not null && !known.ContainsKey(name))
            {
                Problem(path, $"no {kind} named '{name}'");
            }

            return name;
        }

        private void DefineName(Dictionary<string, string> names, string? name, string path, string kind)
        {
            if (name is null)
            {
                return;
            }

            if (names.TryGetValue(name, out var first))
            {
                Problem(path, $"duplicate {kind} name '{name}' (names are case-insensitive; {first} has it already)");
            }
            else
            {
                names[name] = ParentOf(path);
            }
        }

        private void CheckRange(string path, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                Problem(path, $"must be between {min} and {max} (it is {value})");
            }
        }

        /// <summary>A positive duration, or null after reporting why not.</summary>
        private Duration? DurationValue(JsonElement element, string path)
        {
            var text = StringValue(element, path);
            if (text is null)
            {
                return null;
            }

            if (!Duration.TryParse(text, out var duration, out var error))
            {
                Problem(path, error!);
                return null;
            }

            if (!duration.IsPositive)
            {
                Problem(path, "must be longer than zero");
                return null;
            }

            return duration;
        }

        /// <summary>A non-blank string, or null after reporting why not.</summary>
        private string? StringValue(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                Problem(path, $"must be a string, not {Describe(element)}");
                return null;
            }

            var value = element.GetString()!;
            if (string.IsNullOrWhiteSpace(value))
            {
                Problem(path, "must not be empty");
                return null;
            }

            return value;
        }

        private static bool IsHttpUrl(string text) =>
            Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

        private static bool IsIanaTimeZone(string id)
        {
            try
            {
                // Windows ids ("GMT Standard Time") are found too on most platforms; only IANA ids are portable.
                return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId;
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                return false;
            }
        }

        private static string ParentOf(string path) => path[..Math.Max(0, path.LastIndexOf('.'))];

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

        /// <summary>One JSON object being read: reports unknown and repeated properties as soon as it is opened.</summary>
        private sealed class Obj
        {
            private readonly Reader _reader;
            private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);

            private Obj(Reader reader, string path)
            {
                _reader = reader;
                Path = path;
            }

            public string Path { get; }

            public static Obj? Open(Reader reader, JsonElement element, string path, params string[] known)
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    reader.Problem(path, $"must be an object, not {Describe(element)}");
                    return null;
                }

                var obj = new Obj(reader, path);
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = obj.PathOf(property.Name);
                    if (!known.Contains(property.Name, StringComparer.Ordinal))
                    {
                        var suggestion = known.FirstOrDefault(name => string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase));
                        reader.Problem(propertyPath, suggestion is null
                            ? $"unknown property (expected one of: {string.Join(", ", known.Where(name => name != "$schema"))})"
                            : $"unknown property; did you mean '{suggestion}'? (names are case-sensitive)");
                    }
                    else if (!obj._properties.TryAdd(property.Name, property.Value))
                    {
                        reader.Problem(propertyPath, "appears more than once");
                    }
                }

                return obj;
            }

            public string PathOf(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

            /// <summary>Present and not JSON null.</summary>
            public bool Has(string name) => _properties.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

            /// <summary>The raw value when present and not JSON null, for sections whose keys are data (maps) rather than names.</summary>
            public bool TryGetOptional(string name, out JsonElement value) => TryGet(name, out value, required: false);

            private bool TryGet(string name, out JsonElement value, bool required)
            {
                if (_properties.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null)
                {
                    return true;
                }

                if (required)
                {
                    _reader.Problem(PathOf(name), "is required");
                }

                return false;
            }

            public string? RequiredString(string name) =>
                TryGet(name, out var value, required: true) ? _reader.StringValue(value, PathOf(name)) : null;

            public string? OptionalString(string name) =>
                TryGet(name, out var value, required: false) ? _reader.StringValue(value, PathOf(name)) : null;

            public string? RequiredReference(string name, Dictionary<string, string> known, string kind) =>
                TryGet(name, out var value, required: true) ? _reader.ReadReference(value, PathOf(name), known, kind) : null;

            public string? OptionalReference(string name, Dictionary<string, string> known, string kind) =>
                TryGet(name, out var value, required: false) ? _reader.ReadReference(value, PathOf(name), known, kind) : null;

            public int? OptionalInt(string name)
            {
                if (!TryGet(name, out var value, required: false))
                {
                    return null;
                }

                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                {
                    return number;
                }

                _reader.Problem(PathOf(name), value.ValueKind == JsonValueKind.Number
                    ? $"must be a whole number, not {value.GetRawText()}"
                    : $"must be a whole number, not {Describe(value)}");
                return null;
            }

            public bool? OptionalBool(string name)
            {
                if (!TryGet(name, out var value, required: false))
                {
                    return null;
                }

                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return value.GetBoolean();
                }

                _reader.Problem(PathOf(name), $"must be true or false, not {Describe(value)}");
                return null;
            }

            /// <summary>A positive duration, or null after reporting why not.</summary>
            public Duration? RequiredDuration(string name) =>
                TryGet(name, out var value, required: true) ? _reader.DurationValue(value, PathOf(name)) : null;

            /// <summary>A positive duration when present, or null (absent, or after reporting why not).</summary>
            public Duration? OptionalDuration(string name) =>
                TryGet(name, out var value, required: false) ? _reader.DurationValue(value, PathOf(name)) : null;

            /// <summary>An instant with an explicit offset ("2026-12-24T18:00:00Z"), or null after reporting why not.</summary>
            public DateTimeOffset? RequiredInstant(string name)
            {
                var text = RequiredString(name);
                if (text is null)
                {
                    return null;
                }

                if (InstantDateTime().IsMatch(text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
                {
                    return instant;
                }

                _reader.Problem(PathOf(name), LocalDateTime().IsMatch(text)
                    ? $"'{text}' has no UTC offset; add 'Z' or '+hh:mm', e.g. \"2026-12-24T18:00:00Z\""
                    : $"'{text}' is not a date-time with a UTC offset like \"2026-12-24T18:00:00Z\"");
                return null;
            }

            public Obj? RequiredObject(string name, params string[] known) =>
                TryGet(name, out var value, required: true) ? Open(_reader, value, PathOf(name), known) : null;

            public Obj? OptionalObject(string name, params string[] known) =>
                TryGet(name, out var value, required: false) ? Open(_reader, value, PathOf(name), known) : null;

            public IReadOnlyList<T>? RequiredArray<T>(string name, Func<JsonElement, string, T?> read) where T : class =>
                ReadArray(name, read, required: true);

            public IReadOnlyList<T>? OptionalArray<T>(string name, Func<JsonElement, string, T?> read) where T : class =>
                ReadArray(name, read, required: false);

            /// <summary>Reads every item (so every item's problems are reported); null if the array or any item was bad.</summary>
            private List<T>? ReadArray<T>(string name, Func<JsonElement, string, T?> read, bool required) where T : class
            {
                if (!TryGet(name, out var value, required))
                {
                    return null;
                }

                if (value.ValueKind != JsonValueKind.Array)
                {
                    _reader.Problem(PathOf(name), $"must be an array, not {Describe(value)}");
                    return null;
                }

                var items = new List<T>();
                var allRead = true;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var parsed = read(item, $"{PathOf(name)}[{index}]");
                    if (parsed is null)
                    {
                        allRead = false;
                    }
                    else
                    {
                        items.Add(parsed);
                    }

                    index++;
                }

                return allRead ? items : null;
            }
        }
    }
}
