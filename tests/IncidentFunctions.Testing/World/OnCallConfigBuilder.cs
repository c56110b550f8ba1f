using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentFunctions.Testing.World;

/// <summary>
/// Test data for the on-call configuration (config/incidents.json's format): responders, escalation policies, services
/// and the optional sections, written as the file a runtime reads. Only what a test names is written; the loader's
/// defaults apply to the rest.
/// </summary>
public sealed class OnCallConfigBuilder
{
    private readonly JsonArray _responders = [];
    private readonly JsonArray _policies = [];
    private readonly JsonArray _services = [];
    private readonly JsonObject _sections = [];
    private string _adminKey = "test-admin-key-0123";
    private int? _rateLimit;

    public string AdminKey => _adminKey;

    public OnCallConfigBuilder WithAdminKey(string key)
    {
        _adminKey = key;
        return this;
    }

    /// <summary>Alerts accepted per integration key per minute.</summary>
    public OnCallConfigBuilder WithRateLimit(int perKeyPerMinute)
    {
        _rateLimit = perKeyPerMinute;
        return this;
    }

    /// <summary>A responder with a phone (texts and calls) and, when given, email addresses beside it.</summary>
    public OnCallConfigBuilder Responder(string name, string phone, params string[] emails)
    {
        var responder = new JsonObject { ["name"] = name, ["phone"] = phone };
        if (emails.Length > 0)
        {
            responder["contactMethods"] = new JsonArray(emails.Select(e => (JsonNode?)new JsonObject { ["type"] = "email", ["to"] = e }).ToArray());
        }

        _responders.Add(responder);
        return this;
    }

    /// <summary>The notification rules of a responder added before: each method and how long after the page it is used.</summary>
    public OnCallConfigBuilder NotificationRules(string responder, params (string Method, TimeSpan After)[] rules)
    {
        var entry = _responders.OfType<JsonObject>().Single(r => r["name"]!.GetValue<string>() == responder);
        entry["notificationRules"] = Rules(rules);
        return this;
    }

    /// <summary>The rules of every responder without their own, at one severity (1–4).</summary>
    public OnCallConfigBuilder DefaultNotificationRules(int severity, params (string Method, TimeSpan After)[] rules)
    {
        var notifications = _sections["notifications"] as JsonObject ?? [];
        var defaults = notifications["defaultRules"] as JsonObject ?? [];
        defaults[$"SEV{severity}"] = Rules(rules);
        notifications["defaultRules"] = defaults;
        _sections["notifications"] = notifications;
        return this;
    }

    /// <summary>The Slack member id of a responder added before ("slackUserId").</summary>
    public OnCallConfigBuilder SlackUser(string responder, string slackUserId)
    {
        var entry = _responders.OfType<JsonObject>().Single(r => r["name"]!.GetValue<string>() == responder);
        entry["slackUserId"] = slackUserId;
        return this;
    }

    /// <summary>The "slack" section; what is not given keeps the loader's default.</summary>
    public OnCallConfigBuilder Slack(int[]? channelSeverities = null, string? announcementsChannel = null, string? channelNamePattern = null, TimeSpan? archiveAfter = null)
    {
        var slack = new JsonObject();
        if (channelSeverities is not null)
        {
            slack["channelSeverities"] = new JsonArray([.. channelSeverities.Select(s => (JsonNode)$"SEV{s}")]);
        }

        if (announcementsChannel is not null)
        {
            slack["announcementsChannel"] = announcementsChannel;
        }

        if (channelNamePattern is not null)
        {
            slack["channelNamePattern"] = channelNamePattern;
        }

        if (archiveAfter is { } after)
        {
            slack["archiveAfter"] = Duration(after);
        }

        _sections["slack"] = slack;
        return this;
    }

    private static JsonArray Rules((string Method, TimeSpan After)[] rules) =>
        [.. rules.Select(r => (JsonNode)new JsonObject { ["method"] = r.Method, ["after"] = Duration(r.After) })];

    /// <summary>A policy of tiers, each a list of responders paged together and the delay before the next tier.</summary>
    public OnCallConfigBuilder Policy(string name, int repeat, params (string[] Responders, TimeSpan Delay)[] tiers)
    {
        var list = new JsonArray();
        foreach (var (responders, delay) in tiers)
        {
            var targets = new JsonArray();
            foreach (var responder in responders)
            {
                targets.Add(new JsonObject { ["responder"] = responder });
            }

            list.Add(new JsonObject { ["targets"] = targets, ["delay"] = Duration(delay) });
        }

        _policies.Add(new JsonObject { ["name"] = name, ["repeat"] = repeat, ["tiers"] = list });
        return this;
    }

    /// <summary>A policy of one responder per tier, each tier waiting <paramref name="delay"/>.</summary>
    public OnCallConfigBuilder Policy(string name, TimeSpan delay, params string[] tierResponders) =>
        Policy(name, 0, tierResponders.Select(r => (new[] { r }, delay)).ToArray());

    public OnCallConfigBuilder Service(string name, string integrationKey, string policy, bool autoResolve = true, string? playbookUrl = null) =>
        Service(name, [integrationKey], policy, autoResolve, playbookUrl);

    public OnCallConfigBuilder Service(string name, IEnumerable<string> integrationKeys, string policy, bool autoResolve = true, string? playbookUrl = null)
    {
        var service = new JsonObject
        {
            ["name"] = name,
            ["integrationKeys"] = new JsonArray(integrationKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
            ["escalationPolicy"] = policy,
            ["autoResolve"] = autoResolve,
        };
        if (playbookUrl is not null)
        {
            service["playbookUrl"] = playbookUrl;
        }

        _services.Add(service);
        return this;
    }

    /// <summary>
    /// A rotation of <paramref name="responders"/> handing off every <paramref name="length"/> from <paramref name="start"/>
    /// (local, "2030-01-07T09:00"), with an owner and hand-off pager tests when given.
    /// </summary>
    public OnCallConfigBuilder Schedule(string name, string timeZone, string start, string length, string[] responders,
        string? owner = null, bool testAtHandoff = false, TimeSpan? confirmWithin = null)
    {
        var schedules = _sections["schedules"] as JsonArray ?? [];
        var schedule = new JsonObject
        {
            ["name"] = name,
            ["timeZone"] = timeZone,
            ["rotation"] = new JsonObject
            {
                ["responders"] = new JsonArray(responders.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["start"] = start,
                ["length"] = length,
            },
        };
        if (owner is not null)
        {
            schedule["owner"] = owner;
        }

        if (testAtHandoff)
        {
            var test = new JsonObject { ["atHandoff"] = true };
            if (confirmWithin is { } within)
            {
                test["confirmWithin"] = Duration(within);
            }

            schedule["pagerTest"] = test;
        }

        schedules.Add(schedule);
        _sections["schedules"] = schedules;
        return this;
    }

    /// <summary>A recurring maintenance window ("maintenance.windows"): days like "sun", local "HH:mm" start and end.</summary>
    public OnCallConfigBuilder MaintenanceWindow(string name, string[] services, string[] days, string start, string end, string timeZone = "UTC",
        string reason = "planned maintenance", IReadOnlyDictionary<string, string>? matchers = null)
    {
        var maintenance = _sections["maintenance"] as JsonObject ?? [];
        var windows = maintenance["windows"] as JsonArray ?? [];
        var window = new JsonObject
        {
            ["name"] = name,
            ["services"] = new JsonArray([.. services.Select(s => (JsonNode)s)]),
            ["reason"] = reason,
            ["timeZone"] = timeZone,
            ["days"] = new JsonArray([.. days.Select(d => (JsonNode)d)]),
            ["start"] = start,
            ["end"] = end,
        };
        if (matchers is not null)
        {
            window["matchers"] = new JsonObject(matchers.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }

        windows.Add(window);
        maintenance["windows"] = windows;
        _sections["maintenance"] = maintenance;
        return this;
    }

    public OnCallConfigBuilder Leadership(params string[] names)
    {
        _sections["leadership"] = new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        return this;
    }

    /// <summary>The responders told when the pipeline itself is degraded.</summary>
    public OnCallConfigBuilder Admins(params string[] names)
    {
        _sections["admins"] = new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        return this;
    }

    /// <summary>
    /// Update cadence per severity (null: none), and the other response timings a test sets: the loader's defaults
    /// (README, Configuration) for the rest.
    /// </summary>
    public OnCallConfigBuilder Response(
        IReadOnlyDictionary<int, TimeSpan?>? updateCadence = null,
        TimeSpan? reminderBefore = null,
        TimeSpan? quietGrace = null,
        IReadOnlyDictionary<int, TimeSpan?>? retrospectiveDue = null)
    {
        var response = new JsonObject();
        if (updateCadence is not null)
        {
            response["updateCadence"] = BySeverity(updateCadence);
        }

        if (reminderBefore is { } reminder)
        {
            response["reminderBefore"] = Duration(reminder);
        }

        if (quietGrace is { } grace)
        {
            response["quietGrace"] = Duration(grace);
        }

        if (retrospectiveDue is not null)
        {
            response["retrospectiveDue"] = BySeverity(retrospectiveDue);
        }

        _sections["response"] = response;
        return this;
    }

    /// <summary>A heartbeat declared in the file ("heartbeats"); grace left to the loader's default when not given.</summary>
    public OnCallConfigBuilder Heartbeat(string name, string service, TimeSpan interval, TimeSpan? grace = null, bool enabled = true)
    {
        if (_sections["heartbeats"] is not JsonArray heartbeats)
        {
            heartbeats = [];
            _sections["heartbeats"] = heartbeats;
        }

        var heartbeat = new JsonObject { ["name"] = name, ["service"] = service, ["interval"] = Duration(interval), ["enabled"] = enabled };
        if (grace is { } g)
        {
            heartbeat["grace"] = Duration(g);
        }

        heartbeats.Add(heartbeat);
        return this;
    }

    /// <summary>No cadence and no retrospective deadline at any severity: no agenda texts beside the pages.</summary>
    public OnCallConfigBuilder Quiet()
    {
        var none = Enumerable.Range(1, 4).ToDictionary(s => s, _ => (TimeSpan?)null);
        return Response(updateCadence: none, retrospectiveDue: none);
    }

    /// <summary>The configuration file's text.</summary>
    public string Build()
    {
        var root = new JsonObject { ["adminApiKey"] = _adminKey };
        if (_rateLimit is { } limit)
        {
            root["rateLimit"] = new JsonObject { ["perKeyPerMinute"] = limit };
        }

        root["responders"] = _responders.DeepClone();
        root["escalationPolicies"] = _policies.DeepClone();
        root["services"] = _services.DeepClone();
        foreach (var (name, section) in _sections)
        {
            root[name] = section?.DeepClone();
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject BySeverity(IReadOnlyDictionary<int, TimeSpan?> values)
    {
        var bySeverity = new JsonObject();
        foreach (var (severity, value) in values.OrderBy(v => v.Key))
        {
            bySeverity[$"SEV{severity}"] = value is { } v ? Duration(v) : null;
        }

        return bySeverity;
    }

    /// <summary>Whole seconds, as the format writes them ("90s"); a sub-second delay rounds up.</summary>
    private static string Duration(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}
