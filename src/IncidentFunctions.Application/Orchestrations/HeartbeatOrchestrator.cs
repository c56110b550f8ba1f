using IncidentFunctions.Application.Orchestrations.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// Times one heartbeat (instance heartbeat-&lt;name&gt;): a durable timer at its deadline, so a restart neither loses
/// one nor fires one twice. Each cycle asks the activity where the heartbeat stands (which opens the incident when
/// the deadline has passed), then sleeps until the next deadline or a change (a first ping, a ping after lateness, an
/// API change), and continues as new: the history never holds more than one cycle. A ping to a healthy heartbeat only
/// writes its row; the timer finds the later deadline when it fires and sleeps again.
/// </summary>
[DurableTask(nameof(HeartbeatOrchestrator))]
public sealed class HeartbeatOrchestrator : TaskOrchestrator<HeartbeatInput, bool>
{
    public const string ChangedEvent = "HeartbeatChanged";

    /// <summary>How soon a step that failed outright (storage down) is tried again.</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The least a timer is set ahead: a deadline the activity's clock has not reached yet although this one has
    /// (clocks of two machines) is looked at again a moment later instead of in a tight loop.
    /// </summary>
    internal static readonly TimeSpan MinimumSleep = TimeSpan.FromSeconds(1);

    private static readonly TaskOptions CheckRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2));

    public static string InstanceId(string name) => "heartbeat-" + name.ToLowerInvariant();

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, HeartbeatInput input)
    {
        HeartbeatStep step;
        try
        {
            step = await context.CallActivityAsync<HeartbeatStep>(nameof(CheckHeartbeatActivity), input, CheckRetry);
        }
        catch (TaskFailedException e)
        {
            context.CreateReplaySafeLogger<HeartbeatOrchestrator>().LogWarning(
                "Heartbeat {Heartbeat} not checked ({Error}); trying again in {Delay}", input.Name, e.FailureDetails.ErrorMessage, RetryAfter);
            step = new HeartbeatStep(context.CurrentUtcDateTime + RetryAfter, Finished: false);
        }

        if (step.Finished)
        {
            return true;
        }

        var changed = context.WaitForExternalEvent<string>(ChangedEvent);
        if (step.WakeAt is { } wake)
        {
            var at = wake.UtcDateTime;
            if (at < context.CurrentUtcDateTime + MinimumSleep)
            {
                at = context.CurrentUtcDateTime + MinimumSleep;
            }

            using var cts = new CancellationTokenSource();
            if (await Task.WhenAny(changed, context.CreateTimer(at, cts.Token)) == changed)
            {
                cts.Cancel();
            }
            else if (!context.IsReplaying)
            {
                Telemetry.IncidentTelemetry.TimerFired("heartbeat", at, context.CurrentUtcDateTime);
            }
        }
        else
        {
            await changed;
        }

        // Changes that came meanwhile need no carrying over: the next cycle begins by reading the heartbeat.
        context.ContinueAsNew(input, preserveUnprocessedEvents: false);
        return false;
    }
}

public sealed record HeartbeatInput(string Name);

/// <param name="WakeAt">The deadline to sleep until; null when nothing is timed (waiting for a first ping, late, disabled).</param>
/// <param name="Finished">The heartbeat was deleted: the instance ends.</param>
public sealed record HeartbeatStep(DateTimeOffset? WakeAt, bool Finished);
