using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.Reports;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

public sealed class TimerFunctions(IncidentReconciler reconciler, WeeklyAlertReview alertReview, PagerTestHandoffs handoffs)
{
    [Function("ReconcileOpenIncidents")]
    public Task Reconcile([TimerTrigger(IncidentReconciler.Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        reconciler.RunAsync(client, ct);

    [Function("WeeklyAlertReview")]
    public Task AlertReview([TimerTrigger(WeeklyAlertReview.Schedule)] TimerInfo timer, CancellationToken ct) =>
        alertReview.RunAsync(ct);

    [Function("PagerTestHandoffs")]
    public Task HandoffTests([TimerTrigger(PagerTestHandoffs.Schedule)] TimerInfo timer, CancellationToken ct) =>
        handoffs.RunAsync(ct);
}
