using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Our own documented format for tools without a native integration: one alert object, or <c>{"alerts": [...]}</c>.
/// Read strictly, since we define it: a wrong type is an error naming the field rather than a guess.
/// </summary>
public sealed class GenericAlertParser : IAlertParser
{
    public string Format => "generic";

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json) => AlertParsers.Parse(utf8Json, Read);

    private IReadOnlyList<NormalizedAlert> Read(JsonElement root)
    {
        if (!root.TryGetProperty("alerts", out _))
        {
            return [ReadAlert(root, "")];
        }

        return AlertParsers.AlertObjects(Json.RequiredArray(root, "alerts", ""), "alerts")
            .Select(a => ReadAlert(a.Item, a.Path))
            .ToList();
    }

    private NormalizedAlert ReadAlert(JsonElement alert, string path)
    {
        var title = Json.RequiredString(alert, "title", path);
        var source = Json.OptionalText(alert, "source", path);
        var severityWord = Json.OptionalText(alert, "severity", path);
        var statusWord = Json.OptionalText(alert, "status", path);

        return new NormalizedAlert
        {
            Format = Format,
            DedupKey = Json.OptionalText(alert, "dedupKey", path) ?? StableHash.Of(title, source),
            Title = title,
            Severity = severityWord is null
                ? AlertSeverity.Warning
                : SeverityAliases.FindExact(severityWord.ToLowerInvariant())
                    ?? throw new AlertFieldException(Json.Path(path, "severity"), $"must be critical, error, warning or info, not '{severityWord}'"),
            SourceSeverity = severityWord,
            Status = statusWord?.ToLowerInvariant() switch
            {
                null or "firing" => AlertStatus.Firing,
                "resolved" => AlertStatus.Resolved,
                _ => throw new AlertFieldException(Json.Path(path, "status"), $"must be firing or resolved, not '{statusWord}'"),
            },
            Description = Json.OptionalText(alert, "description", path),
            Source = source,
            Labels = Json.StringMap(Json.OptionalObject(alert, "labels", path), Json.Path(path, "labels")),
            Links = Links(alert, path),
            StartsAt = AlertTime.Read(alert, "startsAt", path),
            EndsAt = AlertTime.Read(alert, "endsAt", path),
        };
    }

    private static List<AlertLink> Links(JsonElement alert, string path)
    {
        var links = new LinkList();
        if (Json.OptionalArray(alert, "links", path) is not { } array)
        {
            return [];
        }

        foreach (var (item, itemPath) in Json.Objects(array, Json.Path(path, "links")))
        {
            var href = Json.RequiredString(item, "href", itemPath);
            if (!LinkList.IsWebUrl(href))
            {
                throw new AlertFieldException(Json.Path(itemPath, "href"), $"must be an absolute http or https URL, not '{href}'");
            }

            links.Add(href, Json.OptionalString(item, "text", itemPath));
        }

        return [.. links.ToList()];
    }
}
