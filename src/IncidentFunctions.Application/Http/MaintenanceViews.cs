using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Domain.Maintenance;

namespace IncidentFunctions.Application.Http;

/// <summary>A maintenance window as the API and the console show it.</summary>
public sealed record MaintenanceWindowView(
    string Id,
    MaintenanceWindowState State,
    IReadOnlyList<string> Services,
    IReadOnlyDictionary<string, string> Matchers,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset? EndedAt,
    string Reason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ConfigWindow)
{
    public int? SuppressedAlerts { get; init; }

    public IReadOnlyList<SuppressedAlertView>? Alerts { get; init; }

    public static MaintenanceWindowView From(MaintenanceWindow w, DateTimeOffset now) =>
        new(w.Id, w.StateAt(now), w.Services, w.Matchers.Patterns, w.Start, w.End, w.EndedAt, w.Reason, w.CreatedBy, w.CreatedAt, w.ConfigName);
}

/// <param name="Status">"firing" or "resolved" while the window holds it.</param>
/// <param name="ReleasedAs">At the window's end: "created"/"appended" (on <see cref="IncidentId"/>), "suppressed" (another window took it), "resolved".</param>
public sealed record SuppressedAlertView(
    string Service, string DedupKey, string Title, string Format, string Status, int Count, DateTimeOffset FirstAt, DateTimeOffset LastAt,
    DateTimeOffset? ResolvedAt, string? ReleasedAs, long? IncidentId)
{
    public static SuppressedAlertView From(SuppressedAlert a) =>
        new(a.Service, a.DedupKey, a.Alert.Title, a.Alert.Format, a.Resolved ? "resolved" : "firing", a.Count, a.FirstAt, a.LastAt, a.ResolvedAt, a.ReleasedAs, a.ReleasedIncident);
}
