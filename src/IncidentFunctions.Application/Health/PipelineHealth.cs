using System.Collections.Concurrent;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Events;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// What is wrong with the pipeline itself. Senders report a condition when a provider refuses our credentials and
/// clear it when a send works again; /api/health reads the conditions. Each instance remembers what it last wrote, so
/// a storm of refused sends writes one row, not one per send; for a minute only, so a condition another instance
/// recorded (or cleared) meanwhile is seen here too. The instance that records a condition (and the one that
/// clears it) says so on the event stream, which depends on none of the providers.
/// </summary>
public sealed class PipelineHealth(HealthStore store, IEventPublisher events, TimeProvider time, ILogger<PipelineHealth> log)
{
    /// <summary>How long what this instance last wrote of a condition is trusted before storage is asked again.</summary>
    internal static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (bool On, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    private bool Knows(string name, bool on) =>
        _known.TryGetValue(name, out var known) && known.On == on && time.GetUtcNow() - known.At < Remembered;

    public Task<IReadOnlyList<PipelineCondition>> ConditionsAsync(CancellationToken ct) => store.ListAsync(ct);

    public async Task ReportAsync(string name, string reason, CancellationToken ct)
    {
        if (Knows(name, on: true))
        {
            return;
        }

        var condition = new PipelineCondition(name, reason, time.GetUtcNow());
        if (await store.TryAddAsync(condition, ct))
        {
            log.LogCritical("Pipeline degraded ({Condition}): {Reason}", name, reason);
            await TellAsync(PipelineEvents.Degraded(name, reason, condition.Since), ct);
        }

        _known[name] = (true, time.GetUtcNow());
    }

    public async Task ClearAsync(string name, CancellationToken ct)
    {
        if (Knows(name, on: false))
        {
            return;
        }

        var recorded = (await store.ListAsync(ct)).FirstOrDefault(c => c.Name == name);
        if (recorded is not null && await store.RemoveAsync(name, ct))
        {
            log.LogWarning("Pipeline recovered ({Condition})", name);
            await TellAsync(PipelineEvents.Recovered(name, recorded.Since, time.GetUtcNow()), ct);
        }

        _known[name] = (false, time.GetUtcNow());
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
