namespace IncidentFunctions.Domain.Status;

/// <summary>What users are told an incident is doing. Deliberately coarse: internal states mean nothing to them.</summary>
public enum PublicState
{
    Investigating,
    Resolved,
}

/// <summary>An update as users read it: when, and the words written for them. No author, no audience list.</summary>
public sealed record PublicUpdate(DateTimeOffset At, string Text);

/// <summary>
/// An incident as the status page shows it. Everything here was written for users or is a time; nothing is copied
/// from alerts, responders or internal records.
/// </summary>
/// <param name="Id">The id of the first update to users: stable across polls, and unlike the incident number says nothing about how many incidents there are.</param>
/// <param name="NextUpdateBy">Only while open.</param>
/// <param name="ResolutionSummary">Only once resolved; the resolve summary, published because users were told about the incident.</param>
public sealed record PublicIncident(
    string Id, string Title, PublicState Status, string? Impact, DateTimeOffset StartedAt, DateTimeOffset LastUpdatedAt,
    DateTimeOffset? NextUpdateBy, DateTimeOffset? ResolvedAt, string? ResolutionSummary, IReadOnlyList<PublicUpdate> Updates);

/// <summary>The status page's one view model: the HTML page and the JSON both render this.</summary>
/// <param name="AllOperational">No open incident is visible to users.</param>
public sealed record StatusPage(
    DateTimeOffset GeneratedAt, bool AllOperational, IReadOnlyList<PublicIncident> Open, IReadOnlyList<PublicIncident> RecentlyResolved);
