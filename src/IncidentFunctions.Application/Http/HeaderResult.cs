using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>Adds a response header to another result (Retry-After on 429, Cache-Control…).</summary>
public sealed class HeaderResult(IResult inner, string name, string value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
