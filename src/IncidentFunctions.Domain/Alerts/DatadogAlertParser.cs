using System.Text.Json;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Datadog webhook: the integration's default payload (every value a string, times as epoch-millisecond strings) and
/// the common custom payloads built from Datadog's $VARIABLES. Read tolerantly because the body is a user-edited
/// template: numbers may arrive as strings or numbers, and a variable Datadog did not render stays as "$NAME".
/// Dedup key: the aggregation key, else alert_id, else a hash of the title without its [Triggered]/[Recovered] prefix.
/// Never the default payload's "id": it is a new event id on every notification, so a recovery would never find
/// the incident its trigger opened.
/// </summary>
public sealed partial class DatadogAlertParser : IAlertParser
{
    public string Format => "datadog";

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json) => AlertParsers.Parse(utf8Json, Read);

    private IReadOnlyList<NormalizedAlert> Read(JsonElement root)
    {
        var title = Field(root, "title", "alert_title", "event_title")
            ?? throw new AlertFieldException("title", "is required (a rendered $EVENT_TITLE)");

        var transition = Field(root, "alert_transition", "transition");
        var alertType = Field(root, "alert_type");
        var status = IsRecovery(transition, alertType, title) ? AlertStatus.Resolved : AlertStatus.Firing;
        var (severity, severityWord) = Severity(root, transition, alertType, title);

        var hostname = Field(root, "hostname", "host_name", "host");
        var scope = Field(root, "alert_scope", "scope");
        var org = Json.Get(root, "org") is { ValueKind: JsonValueKind.Object } orgObject
            ? Field(orgObject, "name")
            : Field(root, "org_name", "org");

        var labels = Tags(Json.Get(root, "tags"));
        Json.Put(labels, "event_type", Field(root, "event_type"));
        Json.Put(labels, "alert_type", alertType);
        Json.Put(labels, "alert_transition", transition);
        Json.Put(labels, "alert_metric", Field(root, "alert_metric", "metric"));
        Json.Put(labels, "alert_scope", scope);
        Json.Put(labels, "hostname", hostname);
        Json.Put(labels, "org", org);

        var date = AlertTime.FromEpochOrIso(Field(root, "date"));
        var updated = AlertTime.FromEpochOrIso(Field(root, "last_updated"));

        return
        [
            new NormalizedAlert
            {
                Format = Format,
                DedupKey = Field(root, "aggreg_key", "aggregate", "alert_aggreg_key")
                    ?? Field(root, "alert_id")
                    ?? StableHash.Of(TransitionPrefix().Replace(title, "")),
                Title = title,
                Severity = severity,
                SourceSeverity = severityWord,
                Status = status,
                Description = Body(Field(root, "body", "event_msg", "text", "message")),
                Source = hostname ?? scope,
                Labels = labels,
                Links = new LinkList()
                    .Add(Field(root, "link", "url", "alert_url", "event_url"), "Datadog")
                    .Add(Field(root, "snapshot"), "Snapshot")
                    .ToList(),
                StartsAt = status == AlertStatus.Firing ? date : null,
                EndsAt = status == AlertStatus.Resolved ? date ?? updated : null,
            },
        ];
    }

    /// <summary>The first of <paramref name="names"/> that holds a rendered scalar.</summary>
    private static string? Field(JsonElement obj, params string[] names) =>
        names.Select(n => Json.Scalar(obj, n)).FirstOrDefault(v => v is not null && !UnrenderedVariable().IsMatch(v));

    private static bool IsRecovery(string? transition, string? alertType, string title) =>
        string.Equals(transition, "Recovered", StringComparison.OrdinalIgnoreCase)
        || string.Equals(alertType, "success", StringComparison.OrdinalIgnoreCase)
        // The default payload has neither field; its title carries the transition.
        || (transition is null && alertType is null && title.StartsWith("[Recovered", StringComparison.OrdinalIgnoreCase));

    private static (AlertSeverity Severity, string? Word) Severity(JsonElement root, string? transition, string? alertType, string title)
    {
        // Priority first: it is what the monitor's owner chose; alert_type and the transition only say how it fired.
        foreach (var word in new[] { Field(root, "alert_priority"), Field(root, "priority"), alertType })
        {
            if (SeverityAliases.Find(word) is { } mapped)
            {
                return (mapped, word);
            }
        }

        var state = transition ?? (TitleTransition().Match(title) is { Success: true } m ? m.Groups[1].Value : null);
        return state?.ToLowerInvariant() switch
        {
            "triggered" or "re-triggered" => (AlertSeverity.Error, state),
            "warn" => (AlertSeverity.Warning, state),
            "recovered" => (AlertSeverity.Info, state),
            _ => (SeverityAliases.Default, state),
        };
    }

    private static Dictionary<string, string> Tags(JsonElement? tags)
    {
        IEnumerable<string> items = tags switch
        {
            { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(t => Json.Scalar(t)).OfType<string>(),
            { } single when Json.Scalar(single) is { } text && !UnrenderedVariable().IsMatch(text) => text.Split(','),
            _ => [],
        };

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in items.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            var colon = tag.IndexOf(':', StringComparison.Ordinal);
            var (key, value) = colon > 0 ? (tag[..colon], tag[(colon + 1)..]) : (tag, "");
            if (!labels.TryGetValue(key, out var existing) || existing.Length == 0)
            {
                labels[key] = value;
            }
            else if (value.Length > 0 && !existing.Split(',').Contains(value))
            {
                // Datadog allows one key several times (team:a,team:b); keep every value.
                labels[key] = $"{existing},{value}";
            }
        }

        return labels;
    }

    /// <summary>Datadog wraps Markdown bodies in %%% fences, which mean nothing outside Datadog.</summary>
    private static string? Body(string? body)
    {
        if (body is null)
        {
            return null;
        }

        var text = body.Trim();
        if (text.StartsWith("%%%", StringComparison.Ordinal) && text.EndsWith("%%%", StringComparison.Ordinal) && text.Length >= 6)
        {
            text = text[3..^3].Trim();
        }

        return text.Length == 0 ? null : text;
    }

    [GeneratedRegex(@"^\$[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UnrenderedVariable();

    [GeneratedRegex(@"^\s*(?:\[(?:P[1-5]|Triggered|Re-Triggered|Recovered|Warn|No Data|Renotify)\b[^\]]*\]\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TransitionPrefix();

    [GeneratedRegex(@"^\s*(?:\[P[1-5]\]\s*)?\[(Triggered|Re-Triggered|Recovered|Warn|No Data)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TitleTransition();
}
