using System.Globalization;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Maintenance;

namespace IncidentFunctions.Domain.Events;

/// <summary>
/// The stream's events about maintenance windows: about no single incident, so they travel in the "reports" session.
/// Ids are made from the window (and the alert), so a retried step publishes the same message, which Service Bus
/// duplicate detection drops. Started and ended go to the team and leadership (both plan around maintenance); each
/// suppressed alert to the team.
/// </summary>
public static class MaintenanceEvents
{
    public static IncidentEvent Started(MaintenanceWindow window, DateTimeOffset at) =>
        Create($"maintenance-{window.Id}-started", IncidentEventTypes.MaintenanceStarted, at, window.CreatedBy,
            $"Maintenance {window.Id} started on {string.Join(", ", window.Services)} until {window.EffectiveEnd.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {window.Reason}",
            Describe(window));

    /// <param name="suppressed">Alert identities the window held back.</param>
    /// <param name="opened">Of those, the ones still firing at the end, now on incidents.</param>
    public static IncidentEvent Ended(MaintenanceWindow window, DateTimeOffset at, int suppressed, IReadOnlyList<long> opened)
    {
        var data = Describe(window);
        data["suppressedAlerts"] = suppressed.ToString(CultureInfo.InvariantCulture);
        data["stillFiring"] = opened.Count.ToString(CultureInfo.InvariantCulture);
        data["incidents"] = string.Join(",", opened.Distinct().Select(n => n.ToString(CultureInfo.InvariantCulture)));
        data["endedEarly"] = (window.EndedAt is { } e && e < window.End) ? "true" : "false";
        var summary = $"Maintenance {window.Id} ended on {string.Join(", ", window.Services)}: {suppressed} alert(s) suppressed"
            + (opened.Count > 0 ? $", {opened.Count} still firing now on incident(s) {string.Join(", ", opened.Distinct())}" : ", none still firing");
        return Create($"maintenance-{window.Id}-ended", IncidentEventTypes.MaintenanceEnded, at, "system", summary, data);
    }

    public static IncidentEvent Suppressed(MaintenanceWindow window, string service, NormalizedAlert alert, DateTimeOffset at, string alertKey)
    {
        var data = Describe(window);
        data["service"] = service;
        data["dedupKey"] = alert.DedupKey;
        data["title"] = alert.Title;
        data["format"] = alert.Format;
        return Create($"maintenance-{window.Id}-suppressed-{alertKey}", IncidentEventTypes.AlertsSuppressed, at, "integration:" + alert.Format,
            $"Alert suppressed by maintenance {window.Id} on {service}: {alert.Title}", data);
    }

    private static Dictionary<string, string> Describe(MaintenanceWindow window)
    {
        var data = new Dictionary<string, string>
        {
            ["windowId"] = window.Id,
            ["services"] = string.Join(",", window.Services),
            ["reason"] = window.Reason,
            ["start"] = window.Start.ToString("O", CultureInfo.InvariantCulture),
            ["end"] = window.EffectiveEnd.ToString("O", CultureInfo.InvariantCulture),
            ["createdBy"] = window.CreatedBy,
        };
        if (!window.Matchers.IsEmpty)
        {
            data["matchers"] = window.Matchers.ToString();
        }

        if (window.ConfigName is { } name)
        {
            data["configWindow"] = name;
        }

        return data;
    }

    private static IncidentEvent Create(string id, string type, DateTimeOffset at, string actor, string summary, Dictionary<string, string> data)
    {
        if (id.Length > IncidentEventMapper.MaxIdLength)
        {
            id = id[..(IncidentEventMapper.MaxIdLength - 33)] + "~" + StableHash.Of(id)[..32];
        }

        return new(IncidentEvent.CurrentSchemaVersion, id, type, at, null, actor, summary, IncidentEventMapper.AudiencesFor(type, data), data);
    }
}
