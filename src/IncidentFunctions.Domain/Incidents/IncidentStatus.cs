namespace IncidentFunctions.Domain.Incidents;

public enum IncidentStatus
{
    Triggered,
    Acknowledged,
    Resolved,
}
