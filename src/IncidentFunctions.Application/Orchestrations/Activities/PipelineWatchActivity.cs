using IncidentFunctions.Application.Health;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// One cycle of the pipeline watch: how late its durable timer was handled (this activity's clock against the due time
/// the orchestration set), as "timers-late" when over <see cref="PipelineHealthOptions.TimersLateAfter"/> and cleared
/// when on time again; then the idempotent re-telling of every condition (<see cref="PipelineHealth.RetellAsync"/>).
/// Safe to run twice: a report and a clear are idempotent, the telling claims each message.
/// </summary>
[DurableTask(nameof(PipelineWatchActivity))]
public sealed class PipelineWatchActivity(PipelineHealth health, IOptions<PipelineHealthOptions> options, TimeProvider time) : TaskActivity<PipelineWatchStep, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PipelineWatchStep input)
    {
        var ct = CancellationToken.None;
        var late = time.GetUtcNow() - input.Due;
        var limit = options.Value.TimersLateAfter;
        if (late > limit)
        {
            await health.ReportAsync(PipelineConditions.TimersLate,
                $"Durable timers run late: one due at {input.Due:HH:mm:ss} UTC was handled {late.TotalSeconds:0} s later (limit {limit.TotalSeconds:0} s), so escalations and reminders come late. The host is overloaded or its storage slow.", ct);
        }
        else
        {
            await health.ClearAsync(PipelineConditions.TimersLate, ct);
        }

        await health.RetellAsync(ct);
        return true;
    }
}

/// <param name="Due">When the watch's timer was due.</param>
public sealed record PipelineWatchStep(DateTimeOffset Due);
