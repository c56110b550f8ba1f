using IncidentFunctions.Application.Incidents;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>The last step of an incident's life: resolved and learned from, so closed.</summary>
[DurableTask(nameof(CloseIncidentActivity))]
public sealed class CloseIncidentActivity(IncidentCommandService commands) : TaskActivity<PostmortemStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PostmortemStepInput input)
    {
        var result = await commands.CloseAsync(input.IncidentNumber, input.At, CancellationToken.None);
        return result.Status switch
        {
            CommandStatus.Done => true,
            CommandStatus.NotFound => throw new InvalidOperationException($"INC {input.IncidentNumber} has no incident row"),
            // Closed already (a retried step), or not resolved: nothing to do either way.
            _ => result.Incident!.Status == IncidentStatus.Closed,
        };
    }
}
