using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Identity;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The console's session: a person signed in by one-time code gets a cookie naming them. It holds an expiry, their
/// name and an HMAC (keyed by the admin key) over both and the contact method the code went to, never the method
/// itself: the session ends at its expiry, when the admin key is rotated, when the person leaves the configuration, and
/// when that method is no longer theirs. Behind App Service Authentication the platform's principal is the session.
/// </summary>
public sealed class ConsoleSession(IncidentConfigProvider config, TimeProvider time, PlatformAuthentication platform)
{
    public const string CookieName = "incident_console";
    public const string CookiePath = "/console";

    /// <summary>The header the console's script sends with every command: a cross-site form cannot set it.</summary>
    public const string CsrfHeader = "X-Console";

    /// <summary>A long shift, not forever: a browser left signed in on a shared screen signs itself out.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const string Label = "IncidentFunctions console session v2";

    /// <summary>
    /// Who is signed in to the console on <paramref name="request"/>, as the actor its commands are recorded as; null
    /// when nobody. Worked out once per request (a page asks for the header, the role and the redirect).
    /// </summary>
    public RequestActor? Actor(HttpRequest request)
    {
        var items = request.HttpContext.Items;
        if (items.TryGetValue(ActorItem, out var known))
        {
            return known as RequestActor;
        }

        var actor = Find(request);
        items[ActorItem] = actor;
        return actor;
    }

    private const string ActorItem = "IncidentFunctions.ConsoleSession.Actor";

    private RequestActor? Find(HttpRequest request)
    {
        if (platform.Enabled)
        {
            // In Azure with Entra ID the platform signed the person in before the request got here.
            return platform.Person(request, out _) is { } person ? new RequestActor(person.Name, person.Responder, person.Role, Channels.Console) : null;
        }

        var value = request.Cookies[CookieName];
        var parts = value?.Split('.');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        string name;
        byte[] presented;
        try
        {
            name = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
            presented = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        if (config.Current.FindResponder(name) is not { } responder || responder.Name != name)
        {
            return null;
        }

        // Valid while the method the code went to is still one of theirs: a changed number or address ends it.
        var stillTheirs = SignInService.MethodKeysOf(responder).Any(method => CryptographicOperations.FixedTimeEquals(presented, Mac(expires, name, method)));
        return stillTheirs ? new RequestActor(name, responder, AccessRoles.Of(responder, config.Current), Channels.Console) : null;
    }

    public bool IsSignedIn(HttpRequest request) => Actor(request) is not null;

    /// <summary>Wraps <paramref name="then"/> (the redirect after signing in) so that it also sets the session cookie for <paramref name="responder"/>.</summary>
    public IResult SignIn(HttpRequest request, IResult then, ResponderConfig responder, string methodKey)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var value = string.Join('.', expires.ToString(CultureInfo.InvariantCulture), Base64Url.EncodeToString(Encoding.UTF8.GetBytes(responder.Name)),
            Base64Url.EncodeToString(Mac(expires, responder.Name, methodKey)));
        return new CookieResult(then, c => c.Response.Cookies.Append(CookieName, value, CookieOptions(request, Lifetime)));
    }

    public static IResult SignOut(HttpRequest request, IResult then) =>
        new CookieResult(then, c => c.Response.Cookies.Delete(CookieName, CookieOptions(request, null)));

    /// <summary>
    /// Why a state-changing request is refused as possibly cross-site, or null when it is from our own pages: a browser
    /// names the requesting site in Sec-Fetch-Site and Origin, and only our script sets <see cref="CsrfHeader"/>.
    /// SameSite=Strict already keeps the cookie off cross-site requests; this holds even in browsers that ignore it.
    /// </summary>
    public static (string Field, string Detail)? CrossSiteReason(HttpRequest request, bool requireConsoleHeader)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].FirstOrDefault();
        if (fetchSite is not null && fetchSite is not ("same-origin" or "none"))
        {
            return ("Sec-Fetch-Site", $"the console only accepts requests from its own pages (Sec-Fetch-Site: {fetchSite})");
        }

        var origin = request.Headers.Origin.FirstOrDefault();
        if (origin is not null && !SameHost(origin, request))
        {
            return ("Origin", $"the console only accepts requests from its own pages (Origin: {origin})");
        }

        if (requireConsoleHeader && request.Headers[CsrfHeader].FirstOrDefault() != "1")
        {
            return (CsrfHeader, $"the {CsrfHeader}: 1 header is required on console commands");
        }

        return null;
    }

    /// <summary>Behind the Functions front end the scheme seen here may be http; the forwarded one is what the browser used.</summary>
    public static bool IsHttps(HttpRequest request) =>
        request.IsHttps || string.Equals(request.Headers["X-Forwarded-Proto"].FirstOrDefault(), "https", StringComparison.OrdinalIgnoreCase);

    private static bool SameHost(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var forwarded = request.Headers["X-Forwarded-Host"].FirstOrDefault();
        return string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || (forwarded is not null && string.Equals(uri.Authority, forwarded, StringComparison.OrdinalIgnoreCase));
    }

    private static CookieOptions CookieOptions(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = IsHttps(request),
        Path = CookiePath,
        MaxAge = maxAge,
        IsEssential = true,
    };

    private byte[] Mac(long expires, string name, string methodKey) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(config.Current.AdminApiKey),
            Encoding.UTF8.GetBytes(string.Join('\n', Label, expires.ToString(CultureInfo.InvariantCulture), name, methodKey)));

    private sealed class CookieResult(IResult inner, Action<HttpContext> cookie) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            cookie(httpContext);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
