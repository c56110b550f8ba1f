using IncidentFunctions.Application.Incidents;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

public sealed class TimerFunctions(IncidentReconciler reconciler)
{
    [Function("ReconcileOpenIncidents")]
    public Task Reconcile([TimerTrigger(IncidentReconciler.Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        reconciler.RunAsync(client, ct);
}
