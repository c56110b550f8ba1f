using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// The Alertmanager webhook group shape, which Grafana's unified alerting webhook extends. Each alert in the group
/// becomes one <see cref="NormalizedAlert"/> with its own status: a "firing" group can carry resolved alerts.
/// </summary>
internal static class AlertGroupReader
{
    public static IReadOnlyList<NormalizedAlert> Read(JsonElement root, string format, bool grafana)
    {
        // Only a fallback for alerts without their own status, so an odd group status is not an error.
        var groupStatus = Json.Scalar(root, "status");
        var externalUrl = Json.Scalar(root, "externalURL");
        var alerts = Json.RequiredArray(root, "alerts", "");

        return AlertParsers.AlertObjects(alerts, "alerts")
            .Select(a => ReadAlert(a.Item, a.Path, format, grafana, groupStatus, externalUrl))
            .ToList();
    }

    private static NormalizedAlert ReadAlert(JsonElement alert, string path, string format, bool grafana, string? groupStatus, string? externalUrl)
    {
        var labels = Json.StringMap(Json.RequiredObject(alert, "labels", path), Json.Path(path, "labels"));
        var annotations = Json.StringMap(Json.OptionalObject(alert, "annotations", path), Json.Path(path, "annotations"));
        var status = ReadStatus(Json.OptionalString(alert, "status", path) ?? groupStatus, Json.Path(path, "status"));

        var fingerprint = Json.OptionalString(alert, "fingerprint", path);
        var dedupKey = string.IsNullOrWhiteSpace(fingerprint) ? LabelFingerprint.Compute(labels) : fingerprint.Trim();

        var startsAt = AlertTime.Read(alert, "startsAt", path);
        var endsAt = AlertTime.Read(alert, "endsAt", path);

        var severityWord = Json.NonBlank(labels.GetValueOrDefault("severity"));
        var description = First(annotations, "description", "message");

        var links = new LinkList()
            .Add(Json.OptionalString(alert, "generatorURL", path), "Source")
            .Add(First(annotations, "runbook_url", "runbook"), "Runbook")
            .Add(First(annotations, "dashboard", "dashboard_url"), "Dashboard");
        if (grafana)
        {
            links.Add(Json.OptionalString(alert, "dashboardURL", path), "Dashboard")
                .Add(Json.OptionalString(alert, "panelURL", path), "Panel")
                .Add(Json.OptionalString(alert, "silenceURL", path), "Silence")
                .Add(Json.OptionalString(alert, "imageURL", path), "Image");
            // Grafana's rendered query values are often the only explanation a rule without annotations gives.
            description ??= Json.OptionalText(alert, "valueString", path);
        }

        links.Add(externalUrl, grafana ? "Grafana" : "Alertmanager");

        return new NormalizedAlert
        {
            Format = format,
            DedupKey = dedupKey,
            Title = Title(annotations, labels) ?? $"{format} alert {dedupKey}",
            Severity = SeverityAliases.Find(severityWord) ?? SeverityAliases.Default,
            SourceSeverity = severityWord,
            Status = status,
            Description = description,
            Source = First(labels, "instance", "job"),
            Labels = labels,
            Links = links.ToList(),
            StartsAt = startsAt,
            // A firing alert's endsAt is only Alertmanager's resolve-timeout projection, not an end.
            EndsAt = status == AlertStatus.Resolved ? endsAt : null,
        };
    }

    private static AlertStatus ReadStatus(string? status, string field) => status?.Trim().ToLowerInvariant() switch
    {
        "firing" => AlertStatus.Firing,
        "resolved" => AlertStatus.Resolved,
        null => throw new AlertFieldException(field, "is required (firing or resolved)"),
        _ => throw new AlertFieldException(field, $"must be firing or resolved, not '{status}'"),
    };

    private static string? Title(Dictionary<string, string> annotations, Dictionary<string, string> labels)
    {
        var title = First(annotations, "summary", "title");
        if (title is not null)
        {
            return title;
        }

        var name = First(labels, "alertname");
        var instance = First(labels, "instance");
        return name is null ? null : instance is null ? name : $"{name} ({instance})";
    }

    private static string? First(Dictionary<string, string> map, params string[] keys) =>
        keys.Select(k => Json.NonBlank(map.GetValueOrDefault(k))).FirstOrDefault(v => v is not null);
}
