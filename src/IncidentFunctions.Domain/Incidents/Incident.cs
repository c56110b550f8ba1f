using IncidentFunctions.Domain.Alerts;

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
    public required AlertSeverity Severity { get; init; }
    public required string DedupKey { get; init; }
    public required string EscalationPolicy { get; init; }
    public string? PlaybookUrl { get; init; }
    public IncidentStatus Status { get; init; } = IncidentStatus.Triggered;
    public string? Lead { get; init; }
    /// <summary>Who acknowledged: a responder name, or an integration for acks that came from a monitoring tool.</summary>
    public string? AcknowledgedBy { get; init; }
    public int AlertCount { get; init; } = 1;
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
            case IncidentStatus.Resolved:
                throw new IncidentTransitionException($"INC {Number} is already resolved");
        }

        return this with
        {
            Status = IncidentStatus.Acknowledged,
            AcknowledgedBy = by,
            Lead = becomesLead ? by : Lead,
            AcknowledgedAt = at,
        };
    }

    public Incident Resolve(string by, DateTimeOffset at)
    {
        if (Status == IncidentStatus.Resolved)
        {
            throw new IncidentTransitionException($"INC {Number} is already resolved");
        }

        return this with { Status = IncidentStatus.Resolved, ResolvedAt = at, ResolvedBy = by };
    }

    public Incident RecordAlert(DateTimeOffset at) => this with
    {
        AlertCount = AlertCount + 1,
        LastAlertAt = at > LastAlertAt ? at : LastAlertAt,
    };
}
