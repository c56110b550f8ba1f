using IncidentFunctions.Domain.Reports;

namespace IncidentFunctions.Domain.Events;

/// <summary>
/// One message of the event stream, schema version <see cref="CurrentSchemaVersion"/> (docs/events.md).
/// <see cref="Id"/> is the timeline entry's id, stable across retries, so consumers and Service Bus duplicate
/// detection can drop repeats.
/// </summary>
/// <param name="Audiences">Who the event is meant for: team, leadership, users. Subscriptions filter on it.</param>
/// <param name="Data">Per-type details, string-valued (docs/events.md lists them).</param>
public sealed record IncidentEvent(
    int SchemaVersion,
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    IncidentEventSubject? Incident,
    string Actor,
    string Summary,
    IReadOnlyList<string> Audiences,
    IReadOnlyDictionary<string, string> Data)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary><see cref="IncidentEventTypes.WeeklyAlertReview"/>: the noisiest alert rules, noisiest first.</summary>
    public IReadOnlyList<AlertRuleReview>? AlertRules { get; init; }

    /// <summary>
    /// <see cref="IncidentEventTypes.WeeklyAlertReview"/>: the methods of people a page can reach (on a schedule or in a
    /// policy) that no pager test ever confirmed, or whose last test failed.
    /// </summary>
    public IReadOnlyList<UnreachableMethod>? UnreachableMethods { get; init; }
}

/// <param name="Method">The medium and the number or address, masked: "voice +1555…0002".</param>
/// <param name="Problem">"never tested", "never confirmed", "last test failed: …".</param>
public sealed record UnreachableMethod(string Responder, string Method, string Problem);

/// <summary>The incident as it stood when the event was published; null for events about no single incident (reports).</summary>
public sealed record IncidentEventSubject(long Number, string Service, string Severity, string Status, string Title);
