using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Heartbeats;

/// <summary>
/// A monitor that must check in: without a ping within <see cref="Interval"/> plus <see cref="Grace"/> of the last one,
/// an incident opens on <see cref="Service"/>. Declared in the configuration ("heartbeats") or created by the API.
/// </summary>
/// <param name="Name">Unique (case-insensitively); it is part of the ping URL, so it is kept URL-safe.</param>
/// <param name="Severity">The severity of the alert it raises; Critical unless set (a monitor that stopped is blind).</param>
public sealed record HeartbeatDefinition(
    string Name,
    string Service,
    TimeSpan Interval,
    TimeSpan Grace,
    bool Enabled = true,
    AlertSeverity Severity = AlertSeverity.Critical)
{
    /// <summary>How long after a ping the heartbeat is late: the interval plus the grace.</summary>
    public TimeSpan Timeout => Interval + Grace;
}

/// <summary>Where a heartbeat was declared; one declared in the configuration is changed there, not by the API.</summary>
public enum HeartbeatSource
{
    Configuration,
    Api,
}
