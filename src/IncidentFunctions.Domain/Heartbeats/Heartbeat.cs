namespace IncidentFunctions.Domain.Heartbeats;

/// <summary>
/// A heartbeat and where it stands: its definition plus the last ping and whether its deadline was missed. Every rule
/// about its state is here; storage and the orchestration that times it only ask.
/// </summary>
/// <param name="CountingSince">When it was created or last enabled: a ping before this does not count as a first ping.</param>
/// <param name="LastPingFrom">The address the last ping came from, as the host saw it (for the incident's details).</param>
/// <param name="LateSince">The deadline it missed, while it is late; cleared by the next ping.</param>
public sealed record Heartbeat(
    HeartbeatDefinition Definition,
    HeartbeatSource Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset CountingSince,
    DateTimeOffset? LastPingAt = null,
    string? LastPingFrom = null,
    DateTimeOffset? LateSince = null)
{
    public string Name => Definition.Name;

    public static Heartbeat Create(HeartbeatDefinition definition, HeartbeatSource source, DateTimeOffset now) =>
        new(definition, source, now, now);

    /// <summary>Whether a ping has come since it was created or enabled; until then it is timed by nothing.</summary>
    public bool HasPingedSinceCounting => LastPingAt is { } at && at >= CountingSince;

    public HeartbeatStatus Status =>
        !Definition.Enabled ? HeartbeatStatus.Disabled
        : LateSince is not null ? HeartbeatStatus.Late
        : HasPingedSinceCounting ? HeartbeatStatus.Healthy
        : HeartbeatStatus.WaitingFirstPing;

    /// <summary>When it becomes late without another ping; null when nothing is timed (waiting, late already, disabled).</summary>
    public DateTimeOffset? Deadline => Status == HeartbeatStatus.Healthy ? LastPingAt!.Value + Definition.Timeout : null;

    /// <summary>True once the deadline has passed: at it exactly, not a tick before, so a late incident is never early.</summary>
    public bool IsOverdue(DateTimeOffset now) => Deadline is { } deadline && now >= deadline;

    /// <summary>A ping: the deadline moves to now plus the timeout; if it was late, how long it had been silent.</summary>
    public (Heartbeat Next, TimeSpan? SilentFor) Ping(DateTimeOffset now, string? from)
    {
        var silentFor = Status == HeartbeatStatus.Late && LastPingAt is { } last ? now - last : (TimeSpan?)null;
        return (this with { LastPingAt = now, LastPingFrom = from, LateSince = null }, silentFor);
    }

    /// <summary>Its deadline passed: late since the deadline, not since whenever this was noticed.</summary>
    public Heartbeat MarkLate(DateTimeOffset now)
    {
        if (!IsOverdue(now))
        {
            throw new InvalidOperationException($"heartbeat {Name} is not overdue at {now:O} (deadline {Deadline:O})");
        }

        return this with { LateSince = Deadline };
    }

    /// <summary>
    /// A changed definition. Enabling starts counting again (waiting for a first ping, so switching a heartbeat on never
    /// pages for the silence while it was off); disabling forgets lateness. Interval and grace apply from the last ping.
    /// </summary>
    public Heartbeat Redefine(HeartbeatDefinition definition, DateTimeOffset now)
    {
        var next = this with { Definition = definition };
        if (definition.Enabled && !Definition.Enabled)
        {
            return next with { CountingSince = now, LateSince = null };
        }

        return definition.Enabled ? next : next with { LateSince = null };
    }
}
