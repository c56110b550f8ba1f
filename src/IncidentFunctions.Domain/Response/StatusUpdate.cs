namespace IncidentFunctions.Domain.Response;

public enum UpdateAudience
{
    Team,
    Leadership,
    Users,
}

/// <param name="NextUpdateBy">The promise this update makes; it becomes the new deadline.</param>
/// <param name="DueAt">The deadline this update answered (null for the first after acknowledgement when no cadence applies).</param>
/// <param name="WasLate">Posted after <paramref name="DueAt"/>.</param>
/// <param name="PublicTitle">
/// The incident's title as written for users (only on updates addressed to users). Optional with a default so records
/// stored before the status page existed still read.
/// </param>
/// <param name="Impact">What users experience, as written for them (only on updates addressed to users).</param>
public sealed record StatusUpdate(
    string Id, DateTimeOffset At, string By, string Text, IReadOnlyList<UpdateAudience> Audiences,
    DateTimeOffset? NextUpdateBy, DateTimeOffset? DueAt, bool WasLate, string? PublicTitle = null, string? Impact = null);
