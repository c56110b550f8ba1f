namespace IncidentFunctions.Domain.Maintenance;

/// <summary>
/// A period during which matching alerts of the listed services are recorded but open no paging incident. The end
/// is planned (<see cref="End"/>) and can be brought forward (<see cref="EndedAt"/>, the API's "end now"); a window
/// expires by itself at its planned end.
/// </summary>
/// <param name="Id">"mw-…" for API windows; "cfg-&lt;name&gt;-&lt;start&gt;" for occurrences of a configured recurring window.</param>
/// <param name="CreatedBy">The request's "by", "admin key (automation)", or "configuration".</param>
/// <param name="ConfigName">The recurring window of the configuration this occurrence comes from; null for API windows.</param>
public sealed record MaintenanceWindow(
    string Id,
    IReadOnlyList<string> Services,
    LabelMatchers Matchers,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Reason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ConfigName = null)
{
    public const string ConfigurationCreator = "configuration";

    /// <summary>When it was ended early; null while it runs to its planned end.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>
    /// When maintenance.started went out: by the window's orchestration at its start, or by the first alert it
    /// suppresses if that comes first, so the stream never shows a suppression before its window's start.
    /// </summary>
    public DateTimeOffset? StartAnnouncedAt { get; init; }

    /// <summary>
    /// When its end was dealt with: the alerts still firing re-ingested and maintenance.ended published. Until then the
    /// window's orchestration (or the reconciler) still has work to do.
    /// </summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>The end that counts: the early end if there was one, else the planned end.</summary>
    public DateTimeOffset EffectiveEnd => EndedAt is { } ended && ended < End ? ended : End;

    /// <summary>Suppressing at <paramref name="now"/>: start inclusive, end exclusive (at the end instant alerts page again).</summary>
    public bool IsActiveAt(DateTimeOffset now) => Start <= now && now < EffectiveEnd;

    public bool HasEndedAt(DateTimeOffset now) => now >= EffectiveEnd;

    public MaintenanceWindowState StateAt(DateTimeOffset now) =>
        now < Start && EndedAt is null ? MaintenanceWindowState.Upcoming
        : IsActiveAt(now) ? MaintenanceWindowState.Active
        : MaintenanceWindowState.Ended;

    /// <summary>Whether an alert of <paramref name="service"/> with <paramref name="labels"/> falls under this window (at any time).</summary>
    public bool Covers(string service, IReadOnlyDictionary<string, string> labels) =>
        Services.Any(s => string.Equals(s, service, StringComparison.OrdinalIgnoreCase)) && Matchers.Matches(labels);

    /// <summary>
    /// Ends the window at <paramref name="now"/>. Refused (null) when it has ended already, by itself or by someone:
    /// the caller answers 409 so whoever clicked "end" learns it was over rather than believing they ended it. An
    /// upcoming window ended before its start never starts.
    /// </summary>
    public MaintenanceWindow? EndNow(DateTimeOffset now) => HasEndedAt(now) ? null : this with { EndedAt = now < Start ? Start : now };
}

public enum MaintenanceWindowState
{
    Upcoming,
    Active,
    Ended,
}
