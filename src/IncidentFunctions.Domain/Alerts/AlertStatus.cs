namespace IncidentFunctions.Domain.Alerts;

public enum AlertStatus
{
    Firing,
    Resolved,
    /// <summary>Only PagerDuty Events API v2 "acknowledge" produces this.</summary>
    Acknowledged,
}
