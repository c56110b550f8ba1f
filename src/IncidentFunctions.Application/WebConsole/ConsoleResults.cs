using System.Text;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>What every console response carries: no caching of incident data, no framing, scripts from us only.</summary>
public static class ConsoleResults
{
    /// <summary>Our own script and stylesheet, nothing inline, nothing from elsewhere; fetch only to ourselves.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IResult Page(Markup html, int status = StatusCodes.Status200OK) =>
        new ConsoleResult(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html.ToString()), null, "no-store");

    /// <summary>303: after a form post the browser follows with a GET, and reloading does not post again.</summary>
    public static IResult SeeOther(string location) =>
        new ConsoleResult(StatusCodes.Status303SeeOther, null, [], location, "no-store");

    public static IResult Asset(string contentType, byte[] body) =>
        new ConsoleResult(StatusCodes.Status200OK, contentType, body, null, "no-cache");

    /// <summary>An API answer from the console's JSON endpoints: the same body, never cached.</summary>
    public static IResult NoStore(IResult inner) => new NoStoreResult(inner);

    internal static void SecurityHeaders(HttpResponse response, string cacheControl)
    {
        response.Headers.CacheControl = cacheControl;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    private sealed class ConsoleResult(int status, string? contentType, byte[] body, string? location, string cacheControl) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            SecurityHeaders(response, cacheControl);
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            if (contentType is not null)
            {
                response.ContentType = contentType;
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body, httpContext.RequestAborted);
            }
        }
    }

    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            SecurityHeaders(httpContext.Response, "no-store");
            return inner.ExecuteAsync(httpContext);
        }
    }
}
