using IncidentFunctions.Application.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>The local runtime's timer: a run cut short by shutdown ends quietly; a run that times out is a failed run, tried again.</summary>
public sealed class LocalTimerTests
{
    [Fact]
    public async Task A_run_cancelled_by_shutdown_ends_the_timer_quietly()
    {
        var started = new TaskCompletionSource();
        var timer = new LocalTimer("test", TimeSpan.FromHours(1), async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, NullLogger<LocalTimer>.Instance, runAtStart: true);

        await timer.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await timer.StopAsync(CancellationToken.None);

        Assert.True(timer.ExecuteTask!.IsCompletedSuccessfully, timer.ExecuteTask.Exception?.ToString());
    }

    [Fact]
    public async Task A_run_that_times_out_is_logged_and_the_timer_goes_on()
    {
        var runs = 0;
        var second = new TaskCompletionSource();
        var log = new CountingLogger();
        var timer = new LocalTimer("test", TimeSpan.FromMilliseconds(50), _ =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                throw new TaskCanceledException("an HTTP client's timeout");
            }

            second.TrySetResult();
            return Task.CompletedTask;
        }, log, runAtStart: true);

        await timer.StartAsync(CancellationToken.None);
        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await timer.StopAsync(CancellationToken.None);

        Assert.Equal(1, log.Warnings);
        Assert.True(timer.ExecuteTask!.IsCompletedSuccessfully);
    }

    private sealed class CountingLogger : ILogger<LocalTimer>
    {
        private int _warnings;

        public int Warnings => Volatile.Read(ref _warnings);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _warnings);
            }
        }
    }
}
