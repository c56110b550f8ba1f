using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Application.Maintenance;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// One maintenance window's life (instance maintenance-&lt;id&gt;): a durable timer to its start (maintenance.started),
/// then its end: the planned end's timer or an early end (<see cref="EndEvent"/>, raised by "end now"), whichever
/// comes first; then the end step hands the still-firing alerts on to incidents and publishes maintenance.ended.
/// Suppression itself never waits on this: the ingestor reads the window's row, so a window suppresses from its start
/// instant even if this instance is late, and stops the moment it is ended.
/// </summary>
[DurableTask(nameof(MaintenanceWindowOrchestrator))]
public sealed class MaintenanceWindowOrchestrator : TaskOrchestrator<MaintenanceWindowInput, MaintenanceEndResult>
{
    public const string EndEvent = "MaintenanceEnd";

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30)));

    public override async Task<MaintenanceEndResult> RunAsync(TaskOrchestrationContext context, MaintenanceWindowInput input)
    {
        var endedEarly = context.WaitForExternalEvent<DateTimeOffset>(EndEvent);

        // The stored times, not only the input's: an early end made before this instance first ran is on the row.
        input = await context.CallActivityAsync<MaintenanceWindowInput?>(nameof(ReadMaintenanceWindowActivity), input.WindowId, Retry) ?? input with { End = input.Start };

        // Timers on the Azure Storage backend can fire up to a second early: wait until the deadline has truly passed.
        var started = await WaitUntilAsync(context, input.Start.UtcDateTime, endedEarly);
        if (started && input.End > input.Start)
        {
            await context.CallActivityAsync(nameof(MaintenanceStartedActivity), input.WindowId, Retry);
            await WaitUntilAsync(context, input.End.UtcDateTime, endedEarly);
        }

        return await context.CallActivityAsync<MaintenanceEndResult>(nameof(MaintenanceEndedActivity), input.WindowId, Retry);
    }

    /// <summary>True when <paramref name="deadline"/> passed; false when the early end came first.</summary>
    private static async Task<bool> WaitUntilAsync(TaskOrchestrationContext context, DateTime deadline, Task endedEarly)
    {
        while (context.CurrentUtcDateTime < deadline)
        {
            if (endedEarly.IsCompleted)
            {
                return false;
            }

            using var cts = new CancellationTokenSource();
            var timer = context.CreateTimer(deadline, cts.Token);
            if (await Task.WhenAny(timer, endedEarly) == endedEarly)
            {
                // Cancel the losing timer so the instance can finish.
                cts.Cancel();
                return false;
            }
        }

        return !endedEarly.IsCompleted;
    }
}

/// <param name="End">The window's effective end when the instance started: its planned end, or an early end already made.</param>
public sealed record MaintenanceWindowInput(string WindowId, DateTimeOffset Start, DateTimeOffset End);
