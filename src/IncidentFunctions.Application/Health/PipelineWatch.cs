using IncidentFunctions.Application.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// What both hosts run on their pipeline-watch timer (the local runtime's LocalTimer, the Functions app's timer
/// trigger, at start and every 30 s): probe storage, and make sure the pipeline watch orchestration runs.
/// </summary>
public sealed class PipelineWatch(StorageWatch storage, IOptions<PipelineHealthOptions> options)
{
    /// <summary>The Functions app's schedule (NCRONTAB with seconds): every 30 s.</summary>
    public const string Schedule = "*/30 * * * * *";

    public async Task RunAsync(DurableTaskClient client, CancellationToken ct)
    {
        await storage.ProbeAsync(ct);
        if (storage.Condition is null)
        {
            await EnsureRunningAsync(client, ct);
        }
    }

    private async Task EnsureRunningAsync(DurableTaskClient client, CancellationToken ct)
    {
        var instance = await client.GetInstanceAsync(PipelineWatchOrchestrator.InstanceId, ct);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(nameof(PipelineWatchOrchestrator), new PipelineWatchInput(options.Value.WatchEvery),
            new StartOrchestrationOptions(PipelineWatchOrchestrator.InstanceId), ct);
    }
}
