using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Hosting;

/// <summary>
/// The local runtime's stand-in for a Functions timer trigger: runs one job every <paramref name="interval"/>.
/// A failed run is logged and the next tick tries again (storage may be briefly away). With <paramref name="runAtStart"/>
/// it also runs once as soon as the host has started.
/// </summary>
internal sealed class LocalTimer(string name, TimeSpan interval, Func<CancellationToken, Task> job, ILogger<LocalTimer> log, bool runAtStart = false) : BackgroundService
{
    /// <summary>What it runs, as the log says it ("Reconciling open incidents").</summary>
    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        if (runAtStart)
        {
            // Off the start-up path: ExecuteAsync runs synchronously until its first await.
            await Task.Yield();
            await RunOnceAsync(stoppingToken);
        }

        while (await NextTickAsync(timer, stoppingToken))
        {
            await RunOnceAsync(stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await job(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down (also a host that failed to start, e.g. its port taken): the run is abandoned, not failed,
            // and must not end the host a second time with a critical error of its own.
        }
        catch (Exception e)
        {
            // A timeout (TaskCanceledException from an HTTP client) is a failed run like any other: try again next tick.
            log.LogWarning(e, "{Job} failed; next try in {Interval}", name, interval);
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
