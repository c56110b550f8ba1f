using System.Collections.Concurrent;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// What is wrong with the pipeline itself. Senders report a condition when a provider refuses our credentials and
/// clear it when a send works again; /api/health reads the conditions. Each instance remembers what it last wrote, so
/// a storm of refused sends writes one row, not one per send.
/// </summary>
public sealed class PipelineHealth(HealthStore store, TimeProvider time, ILogger<PipelineHealth> log)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<PipelineCondition>> ConditionsAsync(CancellationToken ct) => store.ListAsync(ct);

    public async Task ReportAsync(string name, string reason, CancellationToken ct)
    {
        if (_known.TryGetValue(name, out var on) && on)
        {
            return;
        }

        if (await store.TryAddAsync(new PipelineCondition(name, reason, time.GetUtcNow()), ct))
        {
            log.LogCritical("Pipeline degraded ({Condition}): {Reason}", name, reason);
        }

        _known[name] = true;
    }

    public async Task ClearAsync(string name, CancellationToken ct)
    {
        if (_known.TryGetValue(name, out var on) && !on)
        {
            return;
        }

        if (await store.RemoveAsync(name, ct))
        {
            log.LogWarning("Pipeline recovered ({Condition})", name);
        }

        _known[name] = false;
    }
}
