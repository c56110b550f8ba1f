using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Http.Routes;

/// <summary>
/// One request as either host hands it to a <see cref="RouteHandler"/>: the request, the template's values, the host's
/// services (handlers are resolved from them), the durable client when the route binds one, and the request's token.
/// </summary>
public sealed record RouteCall(
    HttpRequest Request,
    IReadOnlyDictionary<string, string> Values,
    IServiceProvider Services,
    DurableTaskClient? Client,
    CancellationToken Cancellation)
{
    /// <summary>A required {placeholder}'s value; routing only matches when it is there.</summary>
    public string this[string name] => Values.TryGetValue(name, out var value)
        ? value
        : throw new InvalidOperationException($"the route has no value for {{{name}}}");

    /// <summary>The durable client; a route that uses it must say so (<see cref="HttpRoute.UsesDurableClient"/>), or the Functions app binds none.</summary>
    public DurableTaskClient Durable => Client
        ?? throw new InvalidOperationException("this route needs a durable client: declare it with UsesDurableClient in RouteTable");

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}
