using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Incidents;

/// <summary>The moves of the incident itself: who leads it, who is on it, how bad it is, and its end.</summary>
public sealed partial record Incident
{
    /// <summary>Whether <see cref="Acknowledge"/> would take an acknowledgement now (so whether to offer it at all).</summary>
    public bool CanBeAcknowledged => Status == IncidentStatus.Triggered;

    /// <summary>
    /// Whether a tier's page still goes out when its turn comes: escalation stops once someone has acknowledged, except
    /// for a tier the lead brought in as help, which joins an acknowledged incident.
    /// </summary>
    public bool TakesPages(bool asHelp) => Status == IncidentStatus.Triggered || (asHelp && Status == IncidentStatus.Acknowledged);

    /// <summary>
    /// Someone (or a monitoring tool) acknowledges. The update cadence starts when someone takes the lead, so the
    /// first deadline is set here and the row shows it at once.
    /// </summary>
    /// <param name="updateCadence">How often the incident's severity wants an update; null when it wants none.</param>
    public Incident Acknowledge(string by, bool becomesLead, TimeSpan? updateCadence, DateTimeOffset at)
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
            NextUpdateDue = updateCadence is { } cadence ? at + cadence : null,
        };
    }

    /// <summary>
    /// Whether the next tier may be paged now. Nothing on the incident changes (the orchestration keeps the escalation
    /// position); only a triggered incident has someone still being paged to move past.
    /// </summary>
    public void RequestNextTier()
    {
        // Acknowledged is allowed: the next tier joins as help and the lead stays (README, "Bring in help").
        switch (Status)
        {
            case IncidentStatus.Resolved:
                throw new IncidentTransitionException($"INC {Number} is already resolved");
            case IncidentStatus.Closed:
                throw new IncidentTransitionException($"INC {Number} is already resolved and closed");
        }
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

    /// <summary>
    /// Brings people in. Only those not yet on the incident are added (and so paged): a policy usually includes the
    /// lead. Refuses when that leaves nobody.
    /// </summary>
    public (Incident Incident, IReadOnlyList<string> Added) AddResponders(IReadOnlyList<string> names)
    {
        RequireOpen();
        var added = names.Where(n => !Responders.Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (added.Count == 0)
        {
            throw new IncidentTransitionException(names.Count == 0
                ? $"nobody to bring in to INC {Number}: nobody is on call there now"
                : $"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} already on INC {Number}");
        }

        return (this with { Responders = added.Aggregate(Responders, WithResponderIn) }, added);
    }

    /// <summary>
    /// A new severity brings a new update cadence: on an acknowledged incident the deadline moves as
    /// <see cref="ResponseAgenda.DueAfterCadenceChange"/> says, the same rule the orchestration follows.
    /// </summary>
    public Incident ChangeSeverity(IncidentSeverity severity, TimeSpan? updateCadence, DateTimeOffset at)
    {
        RequireOpen();
        if (severity == Severity)
        {
            throw new IncidentTransitionException($"INC {Number} is already SEV{(int)severity}");
        }

        return this with
        {
            Severity = severity,
            NextUpdateDue = Status != IncidentStatus.Acknowledged ? NextUpdateDue : ResponseAgenda.DueAfterCadenceChange(NextUpdateDue, updateCadence, at),
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
            throw new IncidentTransitionException(Status == IncidentStatus.Closed
                ? $"INC {Number} is already closed"
                : $"INC {Number} can only be closed once resolved");
        }

        return this with { Status = IncidentStatus.Closed, ClosedAt = at };
    }

    /// <summary>
    /// The orchestration's agenda moved the update deadline (a missed update) or counted a miss: the row follows it.
    /// Never moves a deadline back nor lowers the count (agenda steps can run late or twice); a resolved incident
    /// keeps what it had.
    /// </summary>
    public Incident FollowAgenda(int updatesMissed, DateTimeOffset? nextUpdateDue) => !IsOpen ? this : this with
    {
        UpdatesMissed = Math.Max(UpdatesMissed, updatesMissed),
        NextUpdateDue = NextUpdateDue is null || nextUpdateDue > NextUpdateDue ? nextUpdateDue : NextUpdateDue,
    };
}
