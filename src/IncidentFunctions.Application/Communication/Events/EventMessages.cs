using IncidentFunctions.Domain.Events;

namespace IncidentFunctions.Application.Communication.Events;

/// <summary>Maps events to messages: the one place body, subject, ids and properties are decided for every transport.</summary>
public static class EventMessages
{
    public const string IncidentIdProperty = "incidentId";
    public const string SeverityProperty = "severity";
    public const string ServiceProperty = "service";
    public const string AudienceProperty = "audience";
    public const string SchemaVersionProperty = "schemaVersion";

    /// <summary>Session of events about no single incident (reports), so session-aware subscribers still receive them.</summary>
    public const string ReportsSession = "reports";

    public static EventMessage From(IncidentEvent e)
    {
        var properties = new Dictionary<string, string>
        {
            [SchemaVersionProperty] = e.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Comma-separated so a SQL filter like "audience LIKE '%users%'" picks what a subscriber wants.
            [AudienceProperty] = string.Join(",", e.Audiences),
        };
        if (e.Incident is { } incident)
        {
            properties[IncidentIdProperty] = IncidentIds.Format(incident.Number);
            properties[SeverityProperty] = incident.Severity;
            properties[ServiceProperty] = incident.Service;
        }

        return new EventMessage(
            e.Id,
            e.Incident is { } i ? IncidentIds.Format(i.Number) : ReportsSession,
            e.Type,
            BinaryData.FromObjectAsJson(e, EventJson.Options),
            properties);
    }
}
