namespace IncidentFunctions.Domain.Timeline;

public enum TimelineEntryKind
{
    AlertReceived,
    AlertResolved,
    IncidentOpened,
    PageSent,
    PageFailed,
    Escalated,
    Acknowledged,
    LeadAssigned,
    Notified,
    Unacknowledged,
    Resolved,
}
