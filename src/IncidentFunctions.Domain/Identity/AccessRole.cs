using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Identity;

/// <summary>
/// What a signed-in person may do, least first: each role includes the ones before it. In Azure these are the app
/// roles of the Entra ID app registration (their values, "Viewer", "Responder", "Admin"); elsewhere a configured
/// responder is a <see cref="Responder"/>, and one the "admins" list names an <see cref="Admin"/>.
/// </summary>
public enum AccessRole
{
    /// <summary>Reads incidents, reports and post-mortems; changes nothing.</summary>
    Viewer = 0,

    /// <summary>Every incident command, recorded as themselves.</summary>
    Responder = 1,

    /// <summary>Also heartbeats, maintenance windows, other people's pager tests and the configuration views.</summary>
    Admin = 2,
}

public static class AccessRoles
{
    /// <summary>The role an app role's value names ("Viewer", "Responder", "Admin", any case), or null for any other value.</summary>
    public static AccessRole? FromAppRole(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "VIEWER" => AccessRole.Viewer,
        "RESPONDER" => AccessRole.Responder,
        "ADMIN" => AccessRole.Admin,
        _ => null,
    };

    public static bool Allows(this AccessRole held, AccessRole needed) => held >= needed;

    /// <summary>
    /// The role of a configured responder signed in without Entra ID (a one-time code, or a token's owner now): an
    /// Admin when the configuration's "admins" list names them, else a Responder.
    /// </summary>
    public static AccessRole Of(ResponderConfig responder, IncidentConfig config)
    {
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentNullException.ThrowIfNull(config);
        return config.Admins.Any(a => a.Name == responder.Name) ? AccessRole.Admin : AccessRole.Responder;
    }
}
