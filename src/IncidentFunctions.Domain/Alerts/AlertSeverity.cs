namespace IncidentFunctions.Domain.Alerts;

/// <summary>PagerDuty's four levels, the common denominator of every source format.</summary>
public enum AlertSeverity
{
    Critical,
    Error,
    Warning,
    Info,
}
