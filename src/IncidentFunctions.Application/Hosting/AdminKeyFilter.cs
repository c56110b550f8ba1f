using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Http;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Hosting;

/// <summary>The local runtime's /metrics (outside RouteTable) for a caller that is not on loopback: x-functions-key must equal the config's admin key.</summary>
public sealed class AdminKeyFilter(IncidentConfigProvider config) : IEndpointFilter
{
    public const string Header = "x-functions-key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[Header].FirstOrDefault()
            ?? context.HttpContext.Request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return ValueTask.FromResult<object?>(Problems.Unauthorized($"the {Header} header is required", Header));
        }

        var expected = Encoding.UTF8.GetBytes(config.Current.AdminApiKey);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected))
        {
            return ValueTask.FromResult<object?>(Problems.Forbidden($"the {Header} is not valid", Header));
        }

        return next(context);
    }
}
