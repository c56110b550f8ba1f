using IncidentFunctions.Application.Orchestrations.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// The pipeline watch (one instance, <see cref="InstanceId"/>): sleeps on a durable timer, then hands the timer's due
/// time to <see cref="PipelineWatchActivity"/>, which measures how late the wake-up came (timers-late) and tells again
/// whatever about the pipeline's conditions was not told yet; continues as new, so its history is one cycle. Being a
/// durable timer itself, it is late exactly when the incidents' escalation timers are.
/// </summary>
[DurableTask(nameof(PipelineWatchOrchestrator))]
public sealed class PipelineWatchOrchestrator : TaskOrchestrator<PipelineWatchInput, bool>
{
    public const string InstanceId = "pipeline-watch";

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2));

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, PipelineWatchInput input)
    {
        var due = context.CurrentUtcDateTime + input.Every;
        await context.CreateTimer(due, CancellationToken.None);
        if (!context.IsReplaying)
        {
            Telemetry.IncidentTelemetry.TimerFired("watch", due, context.CurrentUtcDateTime);
        }

        try
        {
            await context.CallActivityAsync<bool>(nameof(PipelineWatchActivity), new PipelineWatchStep(new DateTimeOffset(due, TimeSpan.Zero)), StepRetry);
        }
        catch (TaskFailedException e)
        {
            // Storage away, most likely: the storage watch says so; this one goes on with the next cycle.
            context.CreateReplaySafeLogger<PipelineWatchOrchestrator>().LogWarning("Pipeline watch step failed: {Error}", e.FailureDetails.ErrorMessage);
        }

        context.ContinueAsNew(input);
        return true;
    }
}

/// <param name="Every">How long each cycle sleeps (PipelineHealth:WatchEvery when it was started).</param>
public sealed record PipelineWatchInput(TimeSpan Every);
