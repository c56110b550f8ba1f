using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Hosting;

/// <summary>
/// The local runtime's stand-in for a Functions timer trigger: runs one job every <paramref name="interval"/>.
/// A failed run is logged and the next tick tries again (storage may be briefly away).
/// </summary>
internal sealed class LocalTimer(string name, TimeSpan interval, Func<CancellationToken, Task> job, ILogger<LocalTimer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                await job(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "{Job} failed; next try in {Interval}", name, interval);
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
