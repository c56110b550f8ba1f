using IncidentFunctions.Application.Health;
using IncidentFunctions.Application.Heartbeats;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.Reports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

public sealed class TimerFunctions(
    ReconcilerBeat reconcilerBeat, WeeklyAlertReview alertReview, PagerTestHandoffs handoffs, HeartbeatService heartbeats, PipelineWatch pipelineWatch)
{
    [Function("ReconcileOpenIncidents")]
    public Task Reconcile([TimerTrigger(IncidentReconciler.Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        reconcilerBeat.RunAsync(client, ct);

    /// <summary>The configuration's heartbeats brought into storage, and every heartbeat's timer running (on the reconciler's schedule).</summary>
    [Function("SyncHeartbeats")]
    public Task SyncHeartbeats([TimerTrigger(IncidentReconciler.Schedule, RunOnStartup = true)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        heartbeats.SyncAsync(client, ct);

    /// <summary>Storage probed and the pipeline watch orchestration kept running, at start and every 30 s.</summary>
    [Function("PipelineWatch")]
    public Task WatchPipeline([TimerTrigger(Application.Health.PipelineWatch.Schedule, RunOnStartup = true)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        pipelineWatch.RunAsync(client, ct);

    [Function("WeeklyAlertReview")]
    public Task AlertReview([TimerTrigger(WeeklyAlertReview.Schedule)] TimerInfo timer, CancellationToken ct) =>
        alertReview.RunAsync(ct);

    [Function("PagerTestHandoffs")]
    public Task HandoffTests([TimerTrigger(PagerTestHandoffs.Schedule)] TimerInfo timer, CancellationToken ct) =>
        handoffs.RunAsync(ct);
}
