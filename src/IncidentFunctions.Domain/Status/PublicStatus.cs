using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Status;

/// <summary>
/// The rules for telling users about incidents. An incident is visible to users once it has at least one status
/// update addressed to them; only what those updates say (and the incident's times and resolve summary) is shown.
/// </summary>
public static class PublicStatus
{
    public const int MaxTitleLength = 120;
    public const int MaxImpactLength = 500;

    /// <summary>How long a resolved incident stays on the page under "Resolved in the last 7 days".</summary>
    public static readonly TimeSpan RecentlyResolvedWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// The title of an incident users were told about before public titles existed. The alert's own title is never a
    /// fallback: it is written for responders and may name hosts, customers or internal systems.
    /// </summary>
    public const string UntitledIncident = "Service disruption";

    public static bool IsForUsers(StatusUpdate update) => update.Audiences.Contains(UpdateAudience.Users);

    /// <summary>
    /// The field carrying wording for users on an update that is not addressed to them, or null. Such wording would be
    /// stored but never shown, so it is refused rather than silently kept.
    /// </summary>
    public static string? MisaddressedField(IReadOnlyCollection<UpdateAudience> audiences, string? publicTitle, string? impact) =>
        audiences.Contains(UpdateAudience.Users) ? null
        : publicTitle is not null ? "publicTitle"
        : impact is not null ? "impact"
        : null;

    /// <summary>
    /// Whether this update must name the incident for users: it is addressed to them and none before it gave a public
    /// title. An incident told to users before titles existed therefore gets one with its next update to users.
    /// </summary>
    public static bool NeedsPublicTitle(IReadOnlyCollection<UpdateAudience> audiences, string? publicTitle, IEnumerable<StatusUpdate> earlier) =>
        audiences.Contains(UpdateAudience.Users)
        && string.IsNullOrWhiteSpace(publicTitle)
        && !earlier.Any(u => IsForUsers(u) && !string.IsNullOrWhiteSpace(u.PublicTitle));

    public static PublicState StateOf(Incident incident) => incident.IsOpen ? PublicState.Investigating : PublicState.Resolved;

    public static string Describe(PublicState state) => state switch
    {
        PublicState.Resolved => "Resolved",
        _ => "Investigating",
    };

    /// <summary>The incident as users see it, or null when it is not visible to them.</summary>
    public static PublicIncident? Present(Incident incident, IEnumerable<StatusUpdate> updates)
    {
        // Newest first; the id breaks ties between updates stored at the same instant so the order is stable.
        var forUsers = updates.Where(IsForUsers).OrderByDescending(u => u.At).ThenByDescending(u => u.Id, StringComparer.Ordinal).ToList();
        if (forUsers.Count == 0)
        {
            return null;
        }

        var latest = forUsers[0];
        var open = incident.IsOpen;
        return new PublicIncident(
            forUsers[^1].Id,
            forUsers.Select(u => u.PublicTitle).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? UntitledIncident,
            StateOf(incident),
            forUsers.Select(u => u.Impact).FirstOrDefault(i => !string.IsNullOrWhiteSpace(i)),
            incident.OpenedAt,
            !open && incident.ResolvedAt is { } resolved && resolved > latest.At ? resolved : latest.At,
            open ? latest.NextUpdateBy ?? incident.NextUpdateDue : null,
            open ? null : incident.ResolvedAt,
            open ? null : incident.ResolutionSummary,
            forUsers.Select(u => new PublicUpdate(u.At, u.Text)).ToList());
    }

    /// <summary>
    /// The page at <paramref name="now"/>: open incidents visible to users (most recently updated first), then those
    /// resolved within <see cref="RecentlyResolvedWindow"/> (most recently resolved first).
    /// </summary>
    public static StatusPage Compose(IEnumerable<(Incident Incident, IReadOnlyList<StatusUpdate> Updates)> incidents, DateTimeOffset now)
    {
        var shown = incidents
            .Select(x => (x.Incident, Public: Present(x.Incident, x.Updates)))
            .Where(x => x.Public is not null)
            .ToList();
        var open = shown.Where(x => x.Incident.IsOpen).Select(x => x.Public!).OrderByDescending(p => p.LastUpdatedAt).ToList();
        var resolved = shown
            .Where(x => !x.Incident.IsOpen && x.Incident.ResolvedAt is { } at && at >= now - RecentlyResolvedWindow)
            .Select(x => x.Public!)
            .OrderByDescending(p => p.ResolvedAt)
            .ToList();
        return new StatusPage(now, open.Count == 0, open, resolved);
    }
}
