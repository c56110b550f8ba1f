using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Azure Monitor action group webhook with the common alert schema: metric, log search (v1 and v2), activity log,
/// resource health and service health alerts. Dedup key: essentials.alertId, which a stateful alert keeps from
/// Fired to Resolved.
/// </summary>
public sealed class AzureMonitorAlertParser : IAlertParser
{
    private const string CommonSchema = "azureMonitorCommonAlertSchema";

    public string Format => "azure-monitor";

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json) => AlertParsers.Parse(utf8Json, Read);

    private IReadOnlyList<NormalizedAlert> Read(JsonElement root)
    {
        var schemaId = Json.OptionalString(root, "schemaId", "");
        if (schemaId is not null && !string.Equals(schemaId, CommonSchema, StringComparison.OrdinalIgnoreCase))
        {
            throw new AlertFieldException("schemaId", $"'{schemaId}' is not supported: enable the common alert schema ({CommonSchema}) on the action group");
        }

        var data = Json.RequiredObject(root, "data", "");
        const string path = "data.essentials";
        var essentials = Json.RequiredObject(data, "essentials", "data");
        var alertId = Json.RequiredString(essentials, "alertId", path);

        var severityWord = Json.OptionalString(essentials, "severity", path)?.Trim();
        var status = Json.OptionalString(essentials, "monitorCondition", path)?.Trim() switch
        {
            // Activity log alerts are stateless and always Fired; a missing condition means the same.
            null or "" => AlertStatus.Firing,
            var w when w.Equals("Fired", StringComparison.OrdinalIgnoreCase) => AlertStatus.Firing,
            var w when w.Equals("Resolved", StringComparison.OrdinalIgnoreCase) => AlertStatus.Resolved,
            var w => throw new AlertFieldException(Json.Path(path, "monitorCondition"), $"must be Fired or Resolved, not '{w}'"),
        };

        var alertRule = Json.OptionalText(essentials, "alertRule", path);
        var signalType = Json.OptionalText(essentials, "signalType", path);
        var monitoringService = Json.OptionalText(essentials, "monitoringService", path);
        var targetIds = StringArray(essentials, "alertTargetIDs", path);
        var configurationItems = StringArray(essentials, "configurationItems", path);
        var resource = configurationItems.FirstOrDefault() ?? targetIds.Select(LastSegment).FirstOrDefault(s => s is not null);
        var firedAt = AlertTime.Read(essentials, "firedDateTime", path);
        var resolvedAt = AlertTime.Read(essentials, "resolvedDateTime", path);

        var context = Json.Get(data, "alertContext") is { ValueKind: JsonValueKind.Object } ctxElement ? ctxElement : (JsonElement?)null;
        var eventTitle = context is { } ctx && !HasCondition(ctx) && Json.Get(ctx, "properties") is { } properties
            ? Json.Scalar(properties, "title")
            : null;

        var labels = CustomProperties(data, context);
        Json.Put(labels, "alertRule", alertRule);
        Json.Put(labels, "signalType", signalType);
        Json.Put(labels, "monitoringService", monitoringService);
        Json.Put(labels, "resource", resource);
        Json.Put(labels, "resourceId", targetIds.FirstOrDefault());

        return
        [
            new NormalizedAlert
            {
                Format = Format,
                DedupKey = alertId,
                Title = Title(alertRule, eventTitle, resource),
                Severity = MapSeverity(severityWord),
                SourceSeverity = Json.NonBlank(severityWord),
                Status = status,
                Description = Json.OptionalText(essentials, "description", path),
                Source = resource ?? monitoringService,
                Labels = labels,
                Links = Links(context).ToList(),
                StartsAt = firedAt,
                EndsAt = status == AlertStatus.Resolved ? resolvedAt : null,
            },
        ];
    }

    private static AlertSeverity MapSeverity(string? word) => word?.ToLowerInvariant() switch
    {
        "sev0" => AlertSeverity.Critical,
        "sev1" => AlertSeverity.Error,
        "sev2" => AlertSeverity.Warning,
        "sev3" or "sev4" => AlertSeverity.Info,
        _ => SeverityAliases.Find(word) ?? SeverityAliases.Default,
    };

    private static string Title(string? alertRule, string? eventTitle, string? resource)
    {
        // Health events name what happened in properties.title; the rule name alone says only which rule matched.
        var what = alertRule ?? eventTitle ?? "Azure Monitor alert";
        if (eventTitle is not null && alertRule is not null && eventTitle != alertRule)
        {
            what = $"{alertRule}: {eventTitle}";
        }

        return resource is null || what.Contains(resource, StringComparison.OrdinalIgnoreCase) ? what : $"{what} ({resource})";
    }

    /// <summary>
    /// Action-group custom properties: data.customProperties, and for metric and log v2 alerts (those with a
    /// conditionType) alertContext.properties. Activity-log contexts also have "properties", but those describe the
    /// event, so they are not read as custom properties.
    /// </summary>
    private static Dictionary<string, string> CustomProperties(JsonElement data, JsonElement? context)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context is { } ctx && HasCondition(ctx))
        {
            foreach (var (key, value) in Json.ScalarMap(Json.Get(ctx, "properties")))
            {
                labels[key] = value;
            }
        }

        foreach (var (key, value) in Json.ScalarMap(Json.Get(data, "customProperties")))
        {
            labels[key] = value;
        }

        return labels;
    }

    private static LinkList Links(JsonElement? context)
    {
        var links = new LinkList();
        if (context is not { } ctx)
        {
            return links;
        }

        // Log search v1 (PascalCase keys at the top of the context).
        links.Add(Json.Scalar(ctx, "LinkToFilteredSearchResultsUI"), "Search results")
            .Add(Json.Scalar(ctx, "LinkToSearchResults"), "Search results");

        // Metric and log search v2: one entry per condition.
        if (Json.Get(ctx, "condition") is { ValueKind: JsonValueKind.Object } condition
            && Json.Get(condition, "allOf") is { ValueKind: JsonValueKind.Array } allOf)
        {
            foreach (var criterion in allOf.EnumerateArray())
            {
                links.Add(Json.Scalar(criterion, "linkToFilteredSearchResultsUI"), "Search results")
                    .Add(Json.Scalar(criterion, "linkToSearchResultsUI"), "Search results");
            }
        }

        return links;
    }

    private static List<string> StringArray(JsonElement obj, string name, string path)
    {
        var field = Json.Path(path, name);
        return Json.OptionalArray(obj, name, path) is { } array
            ? array.EnumerateArray().Select((item, i) => Json.Text(item, Json.Path(field, i)).Trim()).Where(s => s.Length > 0).ToList()
            : [];
    }

    private static bool HasCondition(JsonElement context) => Json.Scalar(context, "conditionType") is not null;

    /// <summary>The resource name, but not for a bare subscription or resource group, whose last segment is an id.</summary>
    private static string? LastSegment(string resourceId) =>
        resourceId.Contains("/providers/", StringComparison.OrdinalIgnoreCase)
            ? Json.NonBlank(resourceId.TrimEnd('/').Split('/').LastOrDefault())
            : null;
}
