using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Identity;

/// <summary>
/// Whether App Service Authentication stands in front of this app, and so whether its X-MS-CLIENT-PRINCIPAL header
/// can be believed: only in the Functions host, only when the platform says it is on (WEBSITE_AUTH_ENABLED=True, which
/// App Service sets itself), because only then does the platform strip any copy a client sends.
/// </summary>
/// <param name="behindFrontEnd">
/// The Functions host, where the worker sees the host's proxy as the client and App Service's front end adds the real
/// one to X-Forwarded-For; the local runtime takes requests directly, so a client-sent X-Forwarded-For means nothing.
/// </param>
public sealed class PlatformAuthentication(bool enabled, bool behindFrontEnd, IncidentFunctions.Application.Configuration.IncidentConfigProvider config)
{
    public const string EnabledSetting = "WEBSITE_AUTH_ENABLED";

    public bool Enabled { get; } = enabled;

    /// <summary>The client's address, for the per-address sign-in throttle.</summary>
    public string ClientAddress(HttpRequest request)
    {
        // The last hop is the one the front end added; earlier ones are whatever the client chose to send.
        var forwarded = behindFrontEnd ? request.Headers["X-Forwarded-For"].LastOrDefault()?.Split(',')[^1].Trim() : null;
        if (!string.IsNullOrEmpty(forwarded))
        {
            // App Service writes "address:port"; the port changes with every connection, the address is the client.
            return System.Net.IPEndPoint.TryParse(forwarded, out var endpoint) ? endpoint.Address.ToString() : forwarded;
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
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
