using System.Globalization;
using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// What Opsgenie's two shapes share (its Alert API's requests and its outgoing webhooks): priorities P1–P5 (P3 when
/// none is given, as Opsgenie does) and tags, details and entity as labels. "opsgenie" is the format both are read as,
/// so the severity section's <c>bySource.opsgenie</c> maps their priorities.
/// </summary>
public static class OpsgenieAlerts
{
    public const string Format = "opsgenie";

    public const string DefaultPriority = "P3";

    /// <summary>"P1".."P5", or Opsgenie's webhook numbers 1..5; null (after the caller's error) for anything else.</summary>
    public static string? Priority(JsonElement? value, string field)
    {
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return DefaultPriority;
            case { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) && i is >= 1 and <= 5:
                return "P" + i.ToString(CultureInfo.InvariantCulture);
            case { ValueKind: JsonValueKind.String } s when s.GetString()?.Trim().ToUpperInvariant() is ['P', >= '1' and <= '5'] word:
                return word;
            default:
                throw new AlertFieldException(field, $"must be one of P1, P2, P3, P4, P5, not {Json.Scalar(value) ?? Json.Describe(value.Value.ValueKind)}");
        }
    }

    /// <summary>The alert severity a priority reads as before the severity section maps it (P1 critical … P4–P5 info).</summary>
    public static AlertSeverity SeverityOf(string priority) => priority switch
    {
        "P1" => AlertSeverity.Critical,
        "P2" => AlertSeverity.Error,
        "P3" => AlertSeverity.Warning,
        _ => AlertSeverity.Info,
    };

    /// <summary>Tags (as "tags", comma-joined), details (each a label) and entity: what an Opsgenie alert says of itself.</summary>
    public static Dictionary<string, string> Labels(JsonElement alert, string path)
    {
        var labels = Json.ScalarMap(Json.OptionalObject(alert, "details", path));
        if (Json.OptionalArray(alert, "tags", path) is { } tags)
        {
            var words = tags.EnumerateArray().Select(t => Json.Scalar(t)).OfType<string>().Where(t => t.Length > 0).ToList();
            if (words.Count > 0)
            {
                labels["tags"] = string.Join(",", words);
            }
        }

        Json.Put(labels, "entity", Json.OptionalText(alert, "entity", path));
        return labels;
    }
}
