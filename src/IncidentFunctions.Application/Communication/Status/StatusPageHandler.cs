using IncidentFunctions.Application.Http;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Communication.Status;

/// <summary>
/// GET /status (HTML) and GET /api/status (JSON), both without a key: the same page for anyone, so it can be cached
/// by browsers and CDNs for as long as the server keeps one build.
/// </summary>
public sealed class StatusPageHandler(StatusPageBuilder builder)
{
    private static readonly string CacheControl =
        "public, max-age=" + ((int)StatusPageBuilder.Freshness.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static readonly string RetryAfter = ((int)StatusPageBuilder.Freshness.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public async Task<IResult> HtmlAsync(CancellationToken ct)
    {
        var page = await builder.GetAsync(ct);
        return page is null
            ? With(Results.Content(StatusPageHtml.Unavailable(), "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable),
                ("Cache-Control", "no-store"), ("Retry-After", RetryAfter), ("Content-Security-Policy", StatusPageHtml.ContentSecurityPolicy))
            : With(Results.Content(StatusPageHtml.Render(page), "text/html; charset=utf-8"),
                ("Cache-Control", CacheControl), ("Content-Security-Policy", StatusPageHtml.ContentSecurityPolicy));
    }

    public async Task<IResult> JsonAsync(CancellationToken ct)
    {
        var page = await builder.GetAsync(ct);

        // Other sites may show the status in their own pages: readable from any origin, and it carries no credentials.
        return page is null
            ? With(Problems.Create(StatusCodes.Status503ServiceUnavailable, "Status unavailable", "the status cannot be read right now; try again shortly"),
                ("Cache-Control", "no-store"), ("Retry-After", RetryAfter), ("Access-Control-Allow-Origin", "*"))
            : With(Results.Json(page, ApiJson.Options),
                ("Cache-Control", CacheControl), ("Access-Control-Allow-Origin", "*"), ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"));
    }

    private static IResult With(IResult result, params (string Name, string Value)[] headers) =>
        headers.Concat([("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")])
            .Aggregate(result, (inner, h) => new HeaderResult(inner, h.Item1, h.Item2));
}
