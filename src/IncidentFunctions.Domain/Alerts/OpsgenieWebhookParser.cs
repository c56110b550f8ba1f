using System.Text.Json;

namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Opsgenie's outgoing webhook ("Webhook" integration: <c>{"action": "Create", "alert": {…}}</c>), so a team still on
/// Opsgenie can forward its alerts here while it moves. Create opens or repeats, Acknowledge acknowledges, Close and
/// Delete resolve; the other actions (notes, tags, owners…) change nothing here and are answered with no alerts.
/// </summary>
public sealed class OpsgenieWebhookParser : IAlertParser
{
    public string Format => OpsgenieAlerts.Format;

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json) => AlertParsers.Parse(utf8Json, Read);

    private IReadOnlyList<NormalizedAlert> Read(JsonElement root)
    {
        var action = Json.RequiredString(root, "action", "");
        AlertStatus? status = action.Trim().ToLowerInvariant() switch
        {
            "create" => AlertStatus.Firing,
            "acknowledge" => AlertStatus.Acknowledged,
            "close" or "delete" => AlertStatus.Resolved,
            _ => null,
        };
        if (status is not { } s)
        {
            return [];
        }

        var alert = Json.RequiredObject(root, "alert", "");
        var message = Json.RequiredString(alert, "message", "alert");
        var priority = OpsgenieAlerts.Priority(Json.Get(alert, "priority"), "alert.priority");
        var entity = Json.OptionalText(alert, "entity", "alert");
        return
        [
            new NormalizedAlert
            {
                Format = Format,
                // Opsgenie deduplicates by alias; an alert created without one is its own (alertId).
                DedupKey = Json.OptionalText(alert, "alias", "alert") ?? Json.OptionalText(alert, "alertId", "alert") ?? StableHash.Of(message, entity),
                Title = message,
                Severity = OpsgenieAlerts.SeverityOf(priority!),
                SourceSeverity = priority,
                Status = s,
                Description = Json.OptionalText(alert, "description", "alert"),
                Source = entity ?? Json.OptionalText(alert, "source", "alert"),
                Labels = OpsgenieAlerts.Labels(alert, "alert"),
            },
        ];
    }
}
