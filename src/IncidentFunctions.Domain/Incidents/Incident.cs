using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Incidents;

/// <summary>
/// The incident as a value. Its state (status, lead, severity, responders, update deadline, resolution) moves only
/// through its rule methods (Incident.Rules.cs, Incident.Records.cs), which return a new value or refuse with
/// <see cref="IncidentTransitionException"/>; persistence decides nothing. The facts it was opened with stay settable
/// (they are data, not state, and no rule guards them).
/// </summary>
public sealed partial record Incident
{
    // Only the factories below create an incident, so a new one always starts triggered with a real severity.
    private Incident()
    {
    }

    public required long Number { get; init; }
    public required string Service { get; init; }
    public required string Title { get; init; }
    public IncidentSeverity Severity { get; private init; }
    public required string DedupKey { get; init; }
    public required string EscalationPolicy { get; init; }
    /// <summary>Playbooks matching the incident's service and alert; empty means none exists, which the post-mortem notes.</summary>
    public IReadOnlyList<string> PlaybookUrls { get; init; } = [];
    /// <summary>Everyone paged or brought in; they receive the incident's updates.</summary>
    public IReadOnlyList<string> Responders { get; private init; } = [];
    /// <summary>Earlier incidents this one repeats (same dedup key or same normalised title, recently resolved).</summary>
    public IReadOnlyList<long> RepeatOf { get; init; } = [];
    /// <summary>How the page words it: "Repeat of INC 17, 3 days ago".</summary>
    public string? RepeatSummary { get; init; }
    public DateTimeOffset? NextUpdateDue { get; private init; }
    public DateTimeOffset? LastUpdateAt { get; private init; }
    public int UpdatesOnTime { get; private init; }
    public int UpdatesLate { get; private init; }
    public int UpdatesMissed { get; private init; }
    public string? ResolutionSummary { get; private init; }
    public DateTimeOffset? ClosedAt { get; private init; }
    public IncidentStatus Status { get; private init; } = IncidentStatus.Triggered;
    public string? Lead { get; private init; }
    /// <summary>Who acknowledged: a responder name, or an integration for acks that came from a monitoring tool.</summary>
    public string? AcknowledgedBy { get; private init; }
    /// <summary>Firing deliveries of every alert, the opening one included.</summary>
    public int AlertCount { get; init; } = 1;
    /// <summary>Each alert's own count and state, by source format (see <see cref="AlertTally"/>).</summary>
    public IReadOnlyDictionary<string, AlertTally> AlertTallies { get; init; } = new Dictionary<string, AlertTally>();
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset LastAlertAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; private init; }
    public DateTimeOffset? ResolvedAt { get; private init; }
    public string? ResolvedBy { get; private init; }

    public bool IsOpen => Status is IncidentStatus.Triggered or IncidentStatus.Acknowledged;

    /// <summary>A new incident: triggered, nobody on it yet, its first alert counted.</summary>
    public static Incident Open(long number, string service, string title, IncidentSeverity severity, string dedupKey, string escalationPolicy, DateTimeOffset at) => new()
    {
        Number = number,
        Service = service,
        Title = title,
        Severity = severity,
        DedupKey = dedupKey,
        EscalationPolicy = escalationPolicy,
        OpenedAt = at,
        LastAlertAt = at,
    };

    /// <summary>
    /// An incident as it was stored. Only storage calls this: it trusts the row, which a rule method wrote, and checks
    /// nothing (a rule refusing a stored state would make the incident unreadable).
    /// </summary>
    public static Incident Restore(
        long number, string service, string title, IncidentSeverity severity, string dedupKey, string escalationPolicy,
        IReadOnlyList<string> playbookUrls, IReadOnlyList<string> responders, IReadOnlyList<long> repeatOf, string? repeatSummary,
        IncidentStatus status, string? lead, string? acknowledgedBy,
        DateTimeOffset openedAt, DateTimeOffset? acknowledgedAt, DateTimeOffset? resolvedAt, string? resolvedBy, string? resolutionSummary, DateTimeOffset? closedAt,
        DateTimeOffset? nextUpdateDue, DateTimeOffset? lastUpdateAt, int updatesOnTime, int updatesLate, int updatesMissed,
        int alertCount, IReadOnlyDictionary<string, AlertTally> alertTallies, DateTimeOffset lastAlertAt) =>
        Open(number, service, title, severity, dedupKey, escalationPolicy, openedAt) with
    {
        PlaybookUrls = playbookUrls,
        Responders = responders,
        RepeatOf = repeatOf,
        RepeatSummary = repeatSummary,
        Status = status,
        Lead = lead,
        AcknowledgedBy = acknowledgedBy,
        AcknowledgedAt = acknowledgedAt,
        ResolvedAt = resolvedAt,
        ResolvedBy = resolvedBy,
        ResolutionSummary = resolutionSummary,
        ClosedAt = closedAt,
        NextUpdateDue = nextUpdateDue,
        LastUpdateAt = lastUpdateAt,
        UpdatesOnTime = updatesOnTime,
        UpdatesLate = updatesLate,
        UpdatesMissed = updatesMissed,
        AlertCount = alertCount,
        AlertTallies = alertTallies,
        LastAlertAt = lastAlertAt,
    };

    /// <summary>Whether every alert's source has said "resolved" last.</summary>
    public bool AllAlertsResolvedAtSource => AlertTallies.Count > 0 && AlertTallies.Values.All(t => t.ResolvedAtSource);

    /// <summary>
    /// One delivery of the alert from <paramref name="format"/>: a firing counts on the incident and on the alert,
    /// a resolution only changes the alert's state.
    /// </summary>
    public Incident RecordDelivery(string format, bool firing, DateTimeOffset at, DateTimeOffset? endsAt)
    {
        var tallies = new Dictionary<string, AlertTally>(AlertTallies, StringComparer.Ordinal);
        tallies.TryGetValue(format, out var tally);
        tallies[format] = (tally, firing) switch
        {
            (null, true) => AlertTally.FirstFiring(at, endsAt),
            (null, false) => AlertTally.FirstResolved(at, endsAt),
            (_, true) => tally.Firing(at, endsAt),
            _ => tally.Resolved(at, endsAt),
        };

        return firing
            ? this with { AlertTallies = tallies, AlertCount = AlertCount + 1, LastAlertAt = at > LastAlertAt ? at : LastAlertAt }
            : this with { AlertTallies = tallies };
    }

    private string StatusWord => Status.ToString().ToLowerInvariant();

    private void RequireOpen()
    {
        if (!IsOpen)
        {
            throw new IncidentTransitionException($"INC {Number} is {StatusWord}");
        }
    }

    private IReadOnlyList<string> WithResponder(string name) => WithResponderIn(Responders, name);

    private static IReadOnlyList<string> WithResponderIn(IReadOnlyList<string> list, string name) =>
        list.Contains(name, StringComparer.OrdinalIgnoreCase) ? list : [.. list, name];
}
