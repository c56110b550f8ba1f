using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Timeline;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Activities;

/// <summary>The last step of an incident's life: resolved and learned from, so closed.</summary>
[DurableTask(nameof(CloseIncidentActivity))]
public sealed class CloseIncidentActivity(IncidentStore store, IncidentCommands commands) : TaskActivity<PostmortemStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PostmortemStepInput input)
    {
        var ct = CancellationToken.None;
        var result = await commands.TransitionAsync(input.IncidentNumber, i => i.Close(input.At), ct);
        switch (result.Status)
        {
            case CommandStatus.NotFound:
                throw new InvalidOperationException($"INC {input.IncidentNumber} has no incident row");
            case CommandStatus.Refused:
                // Closed already (a retried step), or not resolved: nothing to do either way.
                return result.Incident!.Status == IncidentStatus.Closed;
        }

        await store.AppendTimelineAsync(new TimelineEntry(input.IncidentNumber, input.At, TimelineEntryKind.Closed, "system",
            "Closed: resolved and its post-mortem completed", "closed"), ct);
        return true;
    }
}
