using System.Collections.Concurrent;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Events;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// What is wrong with the pipeline itself. Senders report a condition when a provider refuses our credentials and
/// clear it when a send works again; /api/health reads the conditions. Each instance remembers what it last wrote, so
/// a storm of refused sends writes one row, not one per send. The instance that records a condition (and the one that
/// clears it) says so on the event stream, which depends on none of the providers.
/// </summary>
public sealed class PipelineHealth(HealthStore store, IEventPublisher events, TimeProvider time, ILogger<PipelineHealth> log)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<PipelineCondition>> ConditionsAsync(CancellationToken ct) => store.ListAsync(ct);

    public async Task ReportAsync(string name, string reason, CancellationToken ct)
    {
        if (_known.TryGetValue(name, out var on) && on)
        {
            return;
        }

        var condition = new PipelineCondition(name, reason, time.GetUtcNow());
        if (await store.TryAddAsync(condition, ct))
        {
            log.LogCritical("Pipeline degraded ({Condition}): {Reason}", name, reason);
            await TellAsync(PipelineEvents.Degraded(name, reason, condition.Since), ct);
        }

        _known[name] = true;
    }

    public async Task ClearAsync(string name, CancellationToken ct)
    {
        if (_known.TryGetValue(name, out var on) && !on)
        {
            return;
        }

        var recorded = (await store.ListAsync(ct)).FirstOrDefault(c => c.Name == name);
        if (recorded is not null && await store.RemoveAsync(name, ct))
        {
            log.LogWarning("Pipeline recovered ({Condition})", name);
            await TellAsync(PipelineEvents.Recovered(name, recorded.Since, time.GetUtcNow()), ct);
        }

        _known[name] = false;
    }

    /// <summary>A stream that is down must not fail the send that noticed the condition: the row and /api/health still say it.</summary>
    private async Task TellAsync(IncidentEvent e, CancellationToken ct)
    {
        try
        {
            await events.PublishAsync([EventMessages.From(e)], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Could not publish {Type} for {Condition}", e.Type, e.Data["condition"]);
        }
    }
}
