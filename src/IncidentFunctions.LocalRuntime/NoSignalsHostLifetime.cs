using Microsoft.Extensions.Hosting;

namespace IncidentFunctions.LocalRuntime;

/// <summary>
/// A host lifetime that listens to no console signals: the host is stopped only by whoever owns it. Used for the
/// sidecar always (one console lifetime per process, docs/local-runtime.md, pitfall 3) and for a runtime started inside a test process.
/// </summary>
internal sealed class NoSignalsHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
