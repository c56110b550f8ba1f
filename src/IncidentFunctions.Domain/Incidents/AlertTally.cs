namespace IncidentFunctions.Domain.Incidents;

/// <summary>
/// How one source format's alert has behaved on an incident. An incident's alerts share its dedup key, so the
/// format names the alert: Alertmanager and PagerDuty reporting the same key are two alerts of one incident.
/// </summary>
/// <param name="Fired">Firing deliveries, the first included.</param>
/// <param name="ResolvedAtSource">The source's last word was "resolved".</param>
public sealed record AlertTally(int Fired, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, bool ResolvedAtSource, DateTimeOffset? EndsAt)
{
    public static AlertTally FirstFiring(DateTimeOffset at, DateTimeOffset? endsAt) => new(1, at, at, false, endsAt);

    public static AlertTally FirstResolved(DateTimeOffset at, DateTimeOffset? endsAt) => new(0, at, at, true, endsAt ?? at);

    public AlertTally Firing(DateTimeOffset at, DateTimeOffset? endsAt) =>
        new(Fired + 1, FirstSeenAt, Later(LastSeenAt, at), false, endsAt ?? EndsAt);

    public AlertTally Resolved(DateTimeOffset at, DateTimeOffset? endsAt) =>
        new(Fired, FirstSeenAt, Later(LastSeenAt, at), true, endsAt ?? at);

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
