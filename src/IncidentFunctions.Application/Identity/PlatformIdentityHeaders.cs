using IncidentFunctions.Application.Http;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Identity;

/// <summary>
/// The headers through which Azure App Service Authentication tells the app who is signed in. In Azure the platform
/// removes any copy a client sends and writes its own; a host with no such platform in front (the local runtime) must
/// never see them at all, since whoever sent one would be claiming to be anyone they like.
/// </summary>
public static class PlatformIdentityHeaders
{
    /// <summary>Every header App Service Authentication sets on the requests it passes on.</summary>
    public static readonly string[] Names =
    [
        ClientPrincipal.Header, "X-MS-CLIENT-PRINCIPAL-ID", "X-MS-CLIENT-PRINCIPAL-NAME", "X-MS-CLIENT-PRINCIPAL-IDP",
    ];

    /// <summary>Prefix of the provider tokens it also forwards (X-MS-TOKEN-AAD-ACCESS-TOKEN…).</summary>
    public const string TokenPrefix = "X-MS-TOKEN-";

    /// <summary>The first platform identity header <paramref name="request"/> carries, or null.</summary>
    public static string? Carried(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in Names)
        {
            if (request.Headers.ContainsKey(name))
            {
                return name;
            }
        }

        return request.Headers.Keys.FirstOrDefault(k => k.StartsWith(TokenPrefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Middleware for a host with no App Service Authentication in front: a request carrying one of its headers is
    /// refused (400, naming the header) before any handler reads anything.
    /// </summary>
    public static async Task RefuseAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Carried(context.Request) is { } header)
        {
            await Problems.BadRequest(header,
                $"the {header} header is set only by Azure App Service Authentication, which does not run here; sign in instead").ExecuteAsync(context);
            return;
        }

        await next();
    }
}
