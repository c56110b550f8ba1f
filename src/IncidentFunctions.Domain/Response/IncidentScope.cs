namespace IncidentFunctions.Domain.Response;

/// <summary>What the incident touches, as last assessed. Each change is also a timeline entry, so history is kept.</summary>
public sealed record IncidentScope(
    IReadOnlyList<string> AffectedServices, int? HostsAffected, int? UsersAffected, bool CustomerVisible, string? Notes,
    DateTimeOffset At, string By);
