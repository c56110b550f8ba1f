using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// PagerDuty Events API v2 (<c>POST /v2/enqueue</c>), validated with PagerDuty's documented rules so a tool that
/// works against PagerDuty works here and one that PagerDuty would reject is rejected with the same field.
/// </summary>
/// <remarks>
/// The routing key's documented 32-character length is not enforced: here the routing key is one of our own
/// integration keys, which the endpoint checks by lookup, and those are not 32 characters.
/// </remarks>
public sealed class PagerDutyEventParser : IAlertParser
{
    public const string Trigger = "trigger";
    public const string Acknowledge = "acknowledge";
    public const string Resolve = "resolve";

    /// <summary>PagerDuty documents "512 KB"; read as KiB, the larger reading, so nothing PagerDuty takes is refused.</summary>
    public const int MaxEventBytes = 512 * 1024;

    public const int MaxSummaryLength = 1024;
    public const int MaxDedupKeyLength = 255;

    private readonly Func<string> _newDedupKey;

    public PagerDutyEventParser()
        : this(() => Guid.NewGuid().ToString("N"))
    {
    }

    /// <param name="newDedupKey">Makes the key for a trigger without dedup_key, as PagerDuty does; injectable for tests.</param>
    public PagerDutyEventParser(Func<string> newDedupKey)
    {
        ArgumentNullException.ThrowIfNull(newDedupKey);
        _newDedupKey = newDedupKey;
    }

    public string Format => "pagerduty";

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        var result = ParseEvent(utf8Json);
        return result.Event is { } ev ? AlertParseResult.Ok([ev.Alert]) : new AlertParseResult { Error = result.Error };
    }

    public PagerDutyParseResult ParseEvent(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxEventBytes)
        {
            return PagerDutyParseResult.Fail("$", $"event is larger than 512 KB ({utf8Json.Length} bytes)");
        }

        var (ev, error) = AlertParsers.Run(utf8Json, Read);
        return error is null ? PagerDutyParseResult.Ok(ev!) : new PagerDutyParseResult { Error = error };
    }

    private PagerDutyEvent Read(JsonElement root)
    {
        var routingKey = Json.RequiredString(root, "routing_key", "");
        var action = Json.RequiredString(root, "event_action", "");
        if (action is not (Trigger or Acknowledge or Resolve))
        {
            throw new AlertFieldException("event_action", $"must be trigger, acknowledge or resolve, not '{action}'");
        }

        // Kept exactly as sent (not trimmed): the 202 response echoes it and the sender matches on it.
        var dedupKey = Json.OptionalString(root, "dedup_key", "") is { } key && !string.IsNullOrWhiteSpace(key) ? key : null;
        if (dedupKey is { Length: > MaxDedupKeyLength })
        {
            throw new AlertFieldException("dedup_key", $"must be at most {MaxDedupKeyLength} characters, not {dedupKey.Length}");
        }

        var alert = action == Trigger
            ? ReadTrigger(root, dedupKey ?? _newDedupKey())
            : ReadFollowUp(root, action, dedupKey ?? throw new AlertFieldException("dedup_key", $"is required to {action} an alert"));

        return new PagerDutyEvent(routingKey, action, alert);
    }

    private NormalizedAlert ReadTrigger(JsonElement root, string dedupKey)
    {
        const string path = "payload";
        var payload = Json.RequiredObject(root, "payload", "");
        var summary = Json.RequiredString(payload, "summary", path);
        if (summary.Length > MaxSummaryLength)
        {
            throw new AlertFieldException("payload.summary", $"must be at most {MaxSummaryLength} characters, not {summary.Length}");
        }

        var source = Json.RequiredString(payload, "source", path);
        var severityWord = Json.RequiredString(payload, "severity", path);
        var severity = SeverityAliases.FindExact(severityWord)
            ?? throw new AlertFieldException("payload.severity", $"must be critical, error, warning or info, not '{severityWord}'");
        var startsAt = AlertTime.Read(payload, "timestamp", path);

        var component = Json.OptionalText(payload, "component", path);
        var group = Json.OptionalText(payload, "group", path);
        var @class = Json.OptionalText(payload, "class", path);

        var labels = Json.ScalarMap(Json.OptionalObject(payload, "custom_details", path));
        Json.Put(labels, "component", component);
        Json.Put(labels, "group", group);
        Json.Put(labels, "class", @class);

        return new NormalizedAlert
        {
            Format = Format,
            DedupKey = dedupKey,
            Title = summary,
            Severity = severity,
            SourceSeverity = severityWord,
            Status = AlertStatus.Firing,
            Source = source,
            Labels = labels,
            Links = Links(root),
            StartsAt = startsAt,
        };
    }

    /// <summary>Acknowledge and resolve name an existing alert by dedup_key; PagerDuty ignores any payload on them.</summary>
    private NormalizedAlert ReadFollowUp(JsonElement root, string action, string dedupKey) => new()
    {
        Format = Format,
        DedupKey = dedupKey,
        Title = Json.Get(root, "payload") is { ValueKind: JsonValueKind.Object } payload && Json.Scalar(payload, "summary") is { } summary
            ? summary
            : dedupKey,
        Severity = SeverityAliases.Default,
        Status = action == Acknowledge ? AlertStatus.Acknowledged : AlertStatus.Resolved,
    };

    private static List<AlertLink> Links(JsonElement root)
    {
        var links = new LinkList();
        foreach (var (item, path) in Items(root, "links"))
        {
            links.Add(Json.RequiredString(item, "href", path), Json.OptionalString(item, "text", path));
        }

        foreach (var (item, path) in Items(root, "images"))
        {
            var src = Json.RequiredString(item, "src", path);
            if (!src.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                throw new AlertFieldException(Json.Path(path, "src"), "must be an https URL");
            }

            links.Add(Json.OptionalText(item, "href", path) ?? src, Json.OptionalString(item, "alt", path) ?? "Image");
        }

        var client = Json.OptionalText(root, "client", "");
        links.Add(Json.OptionalString(root, "client_url", ""), client ?? "Monitoring tool");
        return [.. links.ToList()];
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement root, string name) =>
        Json.OptionalArray(root, name, "") is { } array ? Json.Objects(array, name) : [];
}
