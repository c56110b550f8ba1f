namespace IncidentFunctions.Domain.Heartbeats;

/// <summary>What a heartbeat's list shows.</summary>
public enum HeartbeatStatus
{
    /// <summary>Enabled (or created) and not pinged since: quiet until its first ping, so a new monitor never pages.</summary>
    WaitingFirstPing,

    /// <summary>Pinged, and its deadline is ahead.</summary>
    Healthy,

    /// <summary>Its deadline passed without a ping: an incident was opened (or suppressed by a maintenance window).</summary>
    Late,

    /// <summary>Switched off: pings are recorded, nothing is timed.</summary>
    Disabled,
}
