using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>
/// Everything the drafter needs to know about a resolved incident, gathered by the caller. A plain copy of the facts
/// rather than the <c>Incident</c> itself, so that drafting does not follow every change to the incident type.
/// </summary>
public sealed record PostmortemFacts
{
    public required long IncidentNumber { get; init; }
    public required string Service { get; init; }
    public required string Title { get; init; }
    public required IncidentSeverity Severity { get; init; }
    public string? Lead { get; init; }

    /// <summary>Incident start as we know it: when the incident was opened.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When the source says the problem began (may be earlier than <see cref="OpenedAt"/>).</summary>
    public DateTimeOffset? FirstAlertStartsAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }
    public required DateTimeOffset ResolvedAt { get; init; }
    public string? ResolutionSummary { get; init; }

    /// <summary>Opened by a person (generic/API) rather than a monitor.</summary>
    public bool ReportedByHuman { get; init; }

    public IncidentScope? Scope { get; init; }
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
    public IReadOnlyList<IncidentNote> Notes { get; init; } = [];
    public IReadOnlyList<IncidentAction> Actions { get; init; } = [];
    public IReadOnlyList<StatusUpdate> Updates { get; init; } = [];
    public IReadOnlyList<AlertFacts> Alerts { get; init; } = [];
    public IReadOnlyList<string> PlaybookUrls { get; init; } = [];
    public TimeSpan? UpdateCadence { get; init; }
    public int UpdatesLate { get; init; }
    public int UpdatesMissed { get; init; }
    public IReadOnlyList<RepeatLink> RepeatOf { get; init; } = [];

    /// <summary>Everyone paged or added.</summary>
    public IReadOnlyList<string> Responders { get; init; } = [];

    /// <summary>How long after resolution the retrospective is due (e.g. 3 days for SEV1); null = none required.</summary>
    public TimeSpan? RetrospectiveDue { get; init; }
}

/// <summary>One alert (one dedup key) that fed the incident.</summary>
/// <param name="Format">The source format: "alertmanager", "grafana", "datadog"…</param>
/// <param name="Count">How many times it fired into this incident.</param>
public sealed record AlertFacts(string Format, string Title, string DedupKey, int Count, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

/// <summary>An earlier, resolved incident this one repeats.</summary>
/// <param name="OpenActionItems">Titles of that incident's post-mortem action items not yet done.</param>
public sealed record RepeatLink(long IncidentNumber, DateTimeOffset ResolvedAt, IReadOnlyList<string> OpenActionItems);
