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
public sealed record StatusUpdate(
    string Id, DateTimeOffset At, string By, string Text, IReadOnlyList<UpdateAudience> Audiences,
    DateTimeOffset? NextUpdateBy, DateTimeOffset? DueAt, bool WasLate);
