using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Incidents;

/// <summary>
/// The incident as a value. Transitions return a new value or refuse with
/// <see cref="IncidentTransitionException"/>; persistence decides nothing.
/// </summary>
public sealed record Incident
{
    public required long Number { get; init; }
    public required string Service { get; init; }
    public required string Title { get; init; }
    public required IncidentSeverity Severity { get; init; }
    public required string DedupKey { get; init; }
    public required string EscalationPolicy { get; init; }
    /// <summary>Playbooks matching the incident's service and alert; empty means none exists, which the post-mortem notes.</summary>
    public IReadOnlyList<string> PlaybookUrls { get; init; } = [];
    /// <summary>Everyone paged or brought in; they receive the incident's updates.</summary>
    public IReadOnlyList<string> Responders { get; init; } = [];
    /// <summary>Earlier incidents this one repeats (same dedup key or same normalised title, recently resolved).</summary>
    public IReadOnlyList<long> RepeatOf { get; init; } = [];
    /// <summary>How the page words it: "Repeat of INC 17, 3 days ago".</summary>
    public string? RepeatSummary { get; init; }
    public DateTimeOffset? NextUpdateDue { get; init; }
    public DateTimeOffset? LastUpdateAt { get; init; }
    public int UpdatesOnTime { get; init; }
    public int UpdatesLate { get; init; }
    public int UpdatesMissed { get; init; }
    public string? ResolutionSummary { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public IncidentStatus Status { get; init; } = IncidentStatus.Triggered;
    public string? Lead { get; init; }
    /// <summary>Who acknowledged: a responder name, or an integration for acks that came from a monitoring tool.</summary>
    public string? AcknowledgedBy { get; init; }
    /// <summary>Firing deliveries of every alert, the opening one included.</summary>
    public int AlertCount { get; init; } = 1;
    /// <summary>Each alert's own count and state, by source format (see <see cref="AlertTally"/>).</summary>
    public IReadOnlyDictionary<string, AlertTally> AlertTallies { get; init; } = new Dictionary<string, AlertTally>();
    public required DateTimeOffset OpenedAt { get; init; }
    public DateTimeOffset LastAlertAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? ResolvedBy { get; init; }

    public string Id => IncidentIds.Format(Number);

    public Incident Acknowledge(string by, bool becomesLead, DateTimeOffset at)
    {
        switch (Status)
        {
            case IncidentStatus.Acknowledged:
                throw new IncidentTransitionException(Lead is null
                    ? $"INC {Number} is already acknowledged"
                    : $"INC {Number} is already acknowledged by {Lead}");
            case IncidentStatus.Resolved or IncidentStatus.Closed:
                throw new IncidentTransitionException($"INC {Number} is already resolved");
        }

        return this with
        {
            Status = IncidentStatus.Acknowledged,
            AcknowledgedBy = by,
            Lead = becomesLead ? by : Lead,
            AcknowledgedAt = at,
            Responders = becomesLead ? WithResponder(by) : Responders,
        };
    }

    public Incident Resolve(string by, DateTimeOffset at, string? summary = null)
    {
        if (Status is IncidentStatus.Resolved or IncidentStatus.Closed)
        {
            throw new IncidentTransitionException($"INC {Number} is already resolved");
        }

        return this with { Status = IncidentStatus.Resolved, ResolvedAt = at, ResolvedBy = by, ResolutionSummary = summary ?? ResolutionSummary };
    }

    public Incident Close(DateTimeOffset at)
    {
        if (Status != IncidentStatus.Resolved)
        {
            throw new IncidentTransitionException($"INC {Number} can only be closed once resolved");
        }

        return this with { Status = IncidentStatus.Closed, ClosedAt = at };
    }

    /// <summary>The lead passes to someone else; only an acknowledged incident has a lead to hand over.</summary>
    public Incident HandOver(string to)
    {
        RequireOpen();
        if (Status != IncidentStatus.Acknowledged)
        {
            throw new IncidentTransitionException($"INC {Number} has no lead yet: acknowledge it to take the lead");
        }

        if (string.Equals(Lead, to, StringComparison.OrdinalIgnoreCase))
        {
            throw new IncidentTransitionException($"{to} is already the lead of INC {Number}");
        }

        return this with { Lead = to, Responders = WithResponder(to) };
    }

    public Incident ChangeSeverity(IncidentSeverity severity)
    {
        RequireOpen();
        if (severity == Severity)
        {
            throw new IncidentTransitionException($"INC {Number} is already SEV{(int)severity}");
        }

        return this with { Severity = severity };
    }

    public Incident AddResponders(IEnumerable<string> names) =>
        this with { Responders = names.Aggregate(Responders, (list, name) => WithResponderIn(list, name)) };

    public Incident RecordUpdate(DateTimeOffset at, DateTimeOffset? nextDue, bool late)
    {
        RequireOpen();
        return this with
        {
            LastUpdateAt = at,
            NextUpdateDue = nextDue,
            UpdatesLate = UpdatesLate + (late ? 1 : 0),
            UpdatesOnTime = UpdatesOnTime + (late ? 0 : 1),
        };
    }

    public bool IsOpen => Status is IncidentStatus.Triggered or IncidentStatus.Acknowledged;

    private void RequireOpen()
    {
        if (!IsOpen)
        {
            throw new IncidentTransitionException($"INC {Number} is {Status.ToString().ToLowerInvariant()}");
        }
    }

    private IReadOnlyList<string> WithResponder(string name) => WithResponderIn(Responders, name);

    private static IReadOnlyList<string> WithResponderIn(IReadOnlyList<string> list, string name) =>
        list.Contains(name, StringComparer.OrdinalIgnoreCase) ? list : [.. list, name];

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
}
