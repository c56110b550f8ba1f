namespace IncidentFunctions.Domain.Incidents;

public enum IncidentStatus
{
    Triggered,
    Acknowledged,
    Resolved,
    /// <summary>Resolved and its post-mortem completed (or none was required).</summary>
    Closed,
}
