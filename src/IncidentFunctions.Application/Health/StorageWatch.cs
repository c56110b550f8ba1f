using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// Probes storage on a timer (the local runtime's, the Functions app's every 30 s). Storage failing every probe for
/// <see cref="PipelineHealthOptions.StorageUnreachableAfter"/> is "storage-unreachable": kept in this instance's memory,
/// since no row can be written, and told to the admins directly (mail, texts, Slack, Teams: none needs storage) by
/// each instance that sees it. No incident's timeline is marked: the timeline is in the storage that is away. The
/// event stream is tried (Service Bus does not share the fate of storage; the local Storage queue does).
/// </summary>
public sealed class StorageWatch(StorageTables tables, PipelineAlerts alerts, PipelineHealth health, IOptions<PipelineHealthOptions> options, TimeProvider time, ILogger<StorageWatch> log)
{
    /// <summary>One probe may take this long: the SDK's retries of a refused connection, not a hung one.</summary>
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private DateTimeOffset? _failingSince;
    private PipelineCondition? _condition;

    /// <summary>The condition while this instance finds storage unreachable (after the grace); null otherwise.</summary>
    public PipelineCondition? Condition
    {
        get
        {
            lock (_gate)
            {
                return _condition;
            }
        }
    }

    public async Task ProbeAsync(CancellationToken ct)
    {
        bool reachable;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                reachable = await tables.PingAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reachable = false;
            }
        }

        await SeenAsync(reachable, ct);
    }

    /// <summary>What a probe (or /api/health's own ping) found.</summary>
    public async Task SeenAsync(bool reachable, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        PipelineCondition? began = null, ended = null;
        lock (_gate)
        {
            if (reachable)
            {
                ended = _condition;
                _condition = null;
                _failingSince = null;
            }
            else
            {
                _failingSince ??= now;
                if (_condition is null && now - _failingSince >= options.Value.StorageUnreachableAfter)
                {
                    _condition = began = new PipelineCondition(PipelineConditions.StorageUnreachable,
                        $"Storage has not answered since {_failingSince:HH:mm:ss} UTC: no alert can be taken, no incident opened or paged. Check the storage account (AzureWebJobsStorage) and its network.",
                        _failingSince.Value);
                }
            }
        }

        if (began is not null)
        {
            log.LogCritical("Pipeline degraded ({Condition}): {Reason}", began.Name, began.Reason);
            await health.PublishAsync(PipelineEvents.Degraded(began.Name, began.Reason, began.Since), ct);
            await alerts.TellAsync(began, null, claims: false, ct);
        }
        else if (ended is not null)
        {
            log.LogWarning("Pipeline recovered ({Condition}): storage answers again", ended.Name);
            await health.PublishAsync(PipelineEvents.Recovered(ended.Name, ended.Since, now), ct);
            await alerts.TellAsync(ended, now, claims: false, ct);
        }
    }
}
