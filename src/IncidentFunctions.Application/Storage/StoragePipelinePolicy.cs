using Azure.Core;
using Azure.Core.Pipeline;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// An extra HTTP pipeline policy put on every storage client the application creates (tables and the event queue).
/// Registered only by a host that asks for it: the benchmark counts storage operations with one. Production hosts
/// register none, and the clients are built exactly as before.
/// </summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy)
{
    /// <summary>Per retry, so that every request that reaches storage is seen, retries included.</summary>
    public T ApplyTo<T>(T options)
        where T : ClientOptions
    {
        options.AddPolicy(Policy, HttpPipelinePosition.PerRetry);
        return options;
    }
}
