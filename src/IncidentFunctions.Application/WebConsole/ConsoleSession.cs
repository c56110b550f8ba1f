using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.Configuration;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The console's sign-in: whoever knows the admin key gets a session cookie. The cookie holds an expiry and an HMAC
/// of it keyed by the admin key, never the key itself, so a leaked cookie stops working at its expiry or when the
/// key is rotated, and cannot be turned into API access.
/// </summary>
public sealed class ConsoleSession(IncidentConfigProvider config, TimeProvider time)
{
    public const string CookieName = "incident_console";
    public const string CookiePath = "/console";

    /// <summary>The header the console's script sends with every command: a cross-site form cannot set it.</summary>
    public const string CsrfHeader = "X-Console";

    /// <summary>A long shift, not forever: a browser left signed in on a shared screen signs itself out.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const string Label = "IncidentFunctions console session v1";

    /// <summary>Whether <paramref name="presented"/> is the admin key, in time independent of where (or whether) they differ.</summary>
    public bool IsAdminKey(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Hashing first makes the comparison's length, and so its time, the same for every guess.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(config.Current.AdminApiKey)));
    }

    public bool IsSignedIn(HttpRequest request)
    {
        var value = request.Cookies[CookieName];
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (value is null || dot <= 0
            || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Mac(expires));
    }

    /// <summary>Wraps <paramref name="then"/> (the redirect after signing in) so that it also sets the session cookie.</summary>
    public IResult SignIn(HttpRequest request, IResult then)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        var value = expires.ToString(CultureInfo.InvariantCulture) + "." + Base64Url.EncodeToString(Mac(expires));
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

    private byte[] Mac(long expires) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(config.Current.AdminApiKey), Encoding.UTF8.GetBytes(Label + "\n" + expires.ToString(CultureInfo.InvariantCulture)));

    private sealed class CookieResult(IResult inner, Action<HttpContext> cookie) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            cookie(httpContext);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
