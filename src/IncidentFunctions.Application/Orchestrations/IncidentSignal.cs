using System.Text.Json.Serialization;
namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// Everything that reaches a running incident from outside arrives as this one event.
/// A single event name means a single pending waiter, so an event can never be handed to a stale wait.
/// Handlers change the incident's rows first (they are the record); the signal only tells the orchestration
/// what to do next (stop paging, move a deadline, page someone).
/// </summary>
public sealed record IncidentSignal(IncidentSignalKind Kind, string? By, DateTimeOffset At)
{
    public const string EventName = "IncidentSignal";

    /// <summary><see cref="IncidentSignalKind.UpdatePosted"/>: the promise of the update (null = one cadence after it).</summary>
    public DateTimeOffset? NextUpdateBy { get; init; }

    /// <summary><see cref="IncidentSignalKind.UpdatePosted"/>: the update's id, so its text can be sent to its audiences.</summary>
    public string? UpdateId { get; init; }

    /// <summary><see cref="IncidentSignalKind.ActionRecorded"/> and <see cref="IncidentSignalKind.ActionConfirmed"/>.</summary>
    public string? ActionId { get; init; }

    /// <summary><see cref="IncidentSignalKind.ActionRecorded"/>: irreversible actions are chased until confirmed.</summary>
    public bool Irreversible { get; init; }

    /// <summary><see cref="IncidentSignalKind.SeverityChanged"/>: the new severity.</summary>
    public IncidentSeverity? Severity { get; init; }

    /// <summary><see cref="IncidentSignalKind.SeverityChanged"/>: the update cadence that severity asks for (null = none).</summary>
    public TimeSpan? Cadence { get; init; }

    /// <summary><see cref="IncidentSignalKind.RespondersAdded"/>: responder names to page now; <see cref="IncidentSignalKind.LeadChanged"/>: the new lead first.</summary>
    public IReadOnlyList<string>? Responders { get; init; }

    /// <summary>Why (severity change, hand-over, bringing in help), for the texts the orchestration sends.</summary>
    public string? Reason { get; init; }
}

/// <summary>What a command did, as the orchestration hears it.</summary>
/// <remarks>
/// Travels in orchestration histories, which hold it as a number from before it had a converter and as its name
/// since: a name keeps meaning the same member when members are added (voice and chat bring more). Numbers still
/// read, by position, so add members at the end while histories written before the names may still replay.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentSignalKind>))]
public enum IncidentSignalKind
{
    /// <summary>The incident row already says acknowledged; the orchestration stops paging and tells the others.</summary>
    Acknowledged,
    /// <summary>Page the next tier now (before acknowledgement: escalate; after: bring in help).</summary>
    Escalate,
    /// <summary>The incident row already says resolved.</summary>
    Resolved,
    /// <summary>Every alert resolved at its source on a service without auto-resolve: tell the lead.</summary>
    AlertsResolved,
    /// <summary>A status update was posted (row written); its promise is the next deadline.</summary>
    UpdatePosted,
    /// <summary>An action was recorded (row written).</summary>
    ActionRecorded,
    /// <summary>An action's outcome was recorded (row written).</summary>
    ActionConfirmed,
    /// <summary>Severity changed (row written); the cadence follows.</summary>
    SeverityChanged,
    /// <summary>The lead was handed over (row written); the new lead is texted.</summary>
    LeadChanged,
    /// <summary>Responders were added to the incident (row written); page them now.</summary>
    RespondersAdded,
    /// <summary>The post-mortem was completed (row written); the incident can close.</summary>
    PostmortemCompleted,
    /// <summary>Something was recorded that needs no step (a scope change): only its event is to be published.</summary>
    Recorded,
    /// <summary>
    /// A call reached nobody (<see cref="IncidentSignal.By"/> the responder, <see cref="IncidentSignal.Reason"/> the call's
    /// key): that responder's next notification rule goes ahead now instead of at its time.
    /// </summary>
    ContactUnanswered,
}
