using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Identity;

/// <summary>
/// Whether App Service Authentication stands in front of this app, and so whether its X-MS-CLIENT-PRINCIPAL header
/// can be believed: only in the Functions host, only when the platform says it is on (WEBSITE_AUTH_ENABLED=True, which
/// App Service sets itself), because only then does the platform strip any copy a client sends.
/// </summary>
/// <param name="behindFrontEnd">
/// The Functions host, where the worker sees the host's proxy as the client and App Service's front end names the real
/// one in X-Forwarded-For; the local runtime takes requests directly, so a client-sent X-Forwarded-For means nothing.
/// </param>
public sealed class PlatformAuthentication(bool enabled, bool behindFrontEnd, IncidentFunctions.Application.Configuration.IncidentConfigProvider config)
{
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    public bool Enabled { get; } = enabled;

    /// <summary>The client's address, for the per-address sign-in throttle.</summary>
    public string ClientAddress(HttpRequest request)
    {
        var forwarded = behindFrontEnd ? request.Headers["X-Forwarded-For"].FirstOrDefault()?.Split(',')[0].Trim() : null;
        return !string.IsNullOrEmpty(forwarded) ? forwarded : request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>The signed-in person the platform vouches for, or null (off, or no principal: an excluded path).</summary>
    public SignedInPerson? Person(HttpRequest request, out string? error)
    {
        error = null;
        if (!Enabled || request.Headers[ClientPrincipal.Header].FirstOrDefault() is not { } header)
        {
            return null;
        }

        var principal = ClientPrincipal.Decode(header, out error);
        return principal is null ? null : SignedInPerson.FromEntra(principal, config.Current);
    }

    public static bool IsOn(string? setting) => string.Equals(setting?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
