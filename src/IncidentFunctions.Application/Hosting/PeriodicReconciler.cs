using IncidentFunctions.Application.Incidents;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Hosting;

/// <summary>The local runtime's stand-in for the Functions timer trigger that runs <see cref="IncidentReconciler"/>.</summary>
internal sealed class PeriodicReconciler(IncidentReconciler reconciler, DurableTaskClient client, ILogger<PeriodicReconciler> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                await reconciler.RunAsync(client, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage may be briefly away; the next tick tries again.
                log.LogWarning(e, "Reconciling open incidents failed");
            }
        }
    }

    /// <summary>False on shutdown, including a host that stops before it finished starting.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
