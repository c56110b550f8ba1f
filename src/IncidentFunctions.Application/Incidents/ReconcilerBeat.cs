using IncidentFunctions.Application.Maintenance;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// What runs on the reconciler's schedule (<see cref="IncidentReconciler.Schedule"/>; the local runtime also at its
/// start), in the one order both hosts keep: recurring maintenance windows planned a day ahead first, since until a
/// running occurrence is planned the alerts it should hold page, while the reconciler reads every open incident's
/// orchestration and can take a while; then the reconciler, the paging safety net, whatever became of the planning.
/// </summary>
public sealed class ReconcilerBeat(MaintenancePlanner maintenance, IncidentReconciler reconciler)
{
    public async Task RunAsync(DurableTaskClient client, CancellationToken ct)
    {
        try
        {
            await maintenance.RunAsync(client, ct);
        }
        finally
        {
            await reconciler.RunAsync(client, ct);
        }
    }
}
