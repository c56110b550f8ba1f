using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Domain.Events;

/// <summary>
/// The event types of the stream (the message subject). They are part of the published schema
/// (docs/events.md): add new ones freely, never rename one.
/// </summary>
public static class IncidentEventTypes
{
    public const string Opened = "incident.opened";
    public const string Paged = "incident.paged";
    public const string Escalated = "incident.escalated";
    public const string Unacknowledged = "incident.unacknowledged";
    public const string Acknowledged = "incident.acknowledged";
    public const string LeadChanged = "incident.lead-changed";
    public const string RespondersAdded = "incident.responders-added";
    public const string SeverityChanged = "incident.severity-changed";
    public const string ScopeChanged = "incident.scope-changed";
    public const string UpdatePosted = "incident.update-posted";
    public const string UpdateOverdue = "incident.update-overdue";
    public const string GoneQuiet = "incident.gone-quiet";
    public const string ActionRecorded = "incident.action-recorded";
    public const string ActionConfirmed = "incident.action-confirmed";
    public const string Resolved = "incident.resolved";
    public const string PostmortemDrafted = "incident.postmortem-drafted";
    public const string PostmortemCompleted = "incident.postmortem-completed";
    public const string Closed = "incident.closed";
    public const string RoomOpened = "incident.room-opened";
    public const string WeeklyAlertReview = "report.weekly-alert-review";
    public const string MaintenanceStarted = "maintenance.started";
    public const string MaintenanceEnded = "maintenance.ended";
    public const string AlertsSuppressed = "alerts.suppressed";
    public const string PipelineDegraded = "pipeline.degraded";
    public const string PipelineRecovered = "pipeline.recovered";

    /// <summary>
    /// The event a timeline entry becomes, or null for entries that only matter inside the incident: raw alert
    /// deliveries, internal notes, each text sent (Notified), reminders to the lead, post-mortem edits, and the chat
    /// room's traffic. Chat messages and pins are the responders' own discussion (internal like notes, and as many as
    /// people write); a room's outages and archiving are its own housekeeping. The room's opening is published: it
    /// tells the stream's consumers where the incident is being worked (its channel and link).
    /// </summary>
    public static string? For(TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.IncidentOpened => Opened,
        TimelineEntryKind.PageSent => Paged,
        TimelineEntryKind.Escalated => Escalated,
        TimelineEntryKind.Unacknowledged => Unacknowledged,
        TimelineEntryKind.Acknowledged => Acknowledged,
        TimelineEntryKind.LeadAssigned or TimelineEntryKind.LeadChanged => LeadChanged,
        TimelineEntryKind.RespondersAdded => RespondersAdded,
        TimelineEntryKind.SeverityChanged => SeverityChanged,
        TimelineEntryKind.ScopeChanged => ScopeChanged,
        TimelineEntryKind.UpdatePosted => UpdatePosted,
        TimelineEntryKind.UpdateOverdue => UpdateOverdue,
        TimelineEntryKind.GoneQuiet => GoneQuiet,
        TimelineEntryKind.ActionRecorded => ActionRecorded,
        TimelineEntryKind.ActionConfirmed => ActionConfirmed,
        TimelineEntryKind.Resolved => Resolved,
        TimelineEntryKind.PostmortemDrafted => PostmortemDrafted,
        TimelineEntryKind.PostmortemCompleted => PostmortemCompleted,
        TimelineEntryKind.Closed => Closed,
        TimelineEntryKind.RoomOpened => RoomOpened,
        _ => null,
    };
}
