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
    Note,
    ActionRecorded,
    ActionConfirmed,
    UpdatePosted,
    UpdateReminder,
    UpdateOverdue,
    GoneQuiet,
    ActionReminder,
    ScopeChanged,
    SeverityChanged,
    LeadChanged,
    RespondersAdded,
    RepeatDetected,
    PostmortemDrafted,
    PostmortemEdited,
    PostmortemCompleted,
    RetrospectiveReminder,
    Closed,
    /// <summary>A message a person posted in the incident's chat channel.</summary>
    ChatMessage,
    /// <summary>A channel message marked as carrying a finding (a :pushpin: reaction).</summary>
    ChatPinned,
    /// <summary>The incident's chat channel was opened (or announced, for severities without one).</summary>
    RoomOpened,
    /// <summary>A chat service refused or did not answer; the room catches up when it is back.</summary>
    RoomUnavailable,
    RoomRestored,
    RoomArchived,

    /// <summary>The pipeline itself is degraded (a provider refusing our credentials, late timers…) while the incident is open.</summary>
    PipelineDegraded,

    /// <summary>That condition is over.</summary>
    PipelineRecovered,
}
