using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Hosting;

/// <summary>
/// The one place both hosts (Azure Functions and the local runtime) get the application from:
/// services, HTTP endpoints and durable tasks. Neither host defines any of these itself.
/// </summary>
public static class IncidentApplication
{
    /// <summary>Registers options, adapters and handlers. Validates the incident configuration eagerly.</summary>
    public static IServiceCollection AddIncidentApplication(this IServiceCollection services, IConfiguration configuration, IncidentHostKind host)
    {
        // Filled in by the application layer.
        _ = configuration;
        _ = host;
        return services;
    }

    /// <summary>Maps every HTTP route under /api on the local runtime (the Functions app binds the same handlers by [Function]).</summary>
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }

    /// <summary>Registers every orchestrator and activity by its class name.</summary>
    public static DurableTaskRegistry AddIncidentTasks(this DurableTaskRegistry registry)
    {
        return registry;
    }
}

public enum IncidentHostKind
{
    AzureFunctions,
    LocalRuntime,
}
