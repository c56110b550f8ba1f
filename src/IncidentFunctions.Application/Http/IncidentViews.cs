using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Http;

/// <summary>The API's JSON shapes. Ids are the short incident numbers responders use in SMS.</summary>
public sealed record IncidentSummaryView(
    long Id, IncidentStatus Status, string Service, string Title, string Severity, string? Lead, string? AcknowledgedBy,
    int AlertCount, DateTimeOffset OpenedAt, DateTimeOffset LastAlertAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt,
    string? ResolvedBy, string EscalationPolicy, IReadOnlyList<string> PlaybookUrls, bool HasPlaybook, IReadOnlyList<string> Responders,
    IReadOnlyList<long> RepeatOf, DateTimeOffset? NextUpdateDue, DateTimeOffset? LastUpdateAt, int UpdatesOnTime, int UpdatesLate, int UpdatesMissed,
    string? ResolutionSummary, DateTimeOffset? ClosedAt)
{
    public static IncidentSummaryView From(Incident i) => new(
        i.Number, i.Status, i.Service, i.Title, $"SEV{(int)i.Severity}", i.Lead, i.AcknowledgedBy,
        i.AlertCount, i.OpenedAt, i.LastAlertAt, i.AcknowledgedAt, i.ResolvedAt, i.ResolvedBy, i.EscalationPolicy,
        i.PlaybookUrls, i.PlaybookUrls.Count > 0, i.Responders, i.RepeatOf, i.NextUpdateDue, i.LastUpdateAt,
        i.UpdatesOnTime, i.UpdatesLate, i.UpdatesMissed, i.ResolutionSummary, i.ClosedAt);
}

public sealed record IncidentDetailView(
    IncidentSummaryView Incident, IReadOnlyList<TimelineView> Timeline, IReadOnlyList<StoredAlert> Alerts,
    IReadOnlyList<IncidentNote> Notes, IReadOnlyList<IncidentAction> Actions, IReadOnlyList<IncidentAction> OpenActions,
    IReadOnlyList<StatusUpdate> Updates, IReadOnlyDictionary<string, StatusUpdate> LastUpdateByAudience, DateTimeOffset? NextUpdateDue,
    IncidentScope? Scope);

/// <param name="Via">Through what the actor did it (also in Data as "via"); null for the system's own entries.</param>
/// <param name="RecordedFor">The responder it was recorded for when that is not the actor (Data's "for").</param>
public sealed record TimelineView(DateTimeOffset At, TimelineEntryKind Kind, string Actor, string Summary, IReadOnlyDictionary<string, string>? Data,
    string? Via = null, string? RecordedFor = null)
{
    public static TimelineView From(TimelineEntry e) => new(e.At, e.Kind, e.Actor, e.Summary, e.Data,
        e.Data?.GetValueOrDefault(Attribution.ViaKey), e.Data?.GetValueOrDefault(Attribution.ForKey));
}
