using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Timeline;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Activities;

/// <summary>The last step of an incident's life: resolved and learned from, so closed.</summary>
[DurableTask(nameof(CloseIncidentActivity))]
public sealed class CloseIncidentActivity(IncidentStore store) : TaskActivity<PostmortemStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PostmortemStepInput input)
    {
        var ct = CancellationToken.None;
        while (true)
        {
            var found = await store.GetIncidentAsync(input.IncidentNumber, ct)
                ?? throw new InvalidOperationException($"INC {input.IncidentNumber} has no incident row");
            if (found.Incident.Status != IncidentStatus.Resolved)
            {
                return found.Incident.Status == IncidentStatus.Closed;
            }

            if (await store.TryUpdateIncidentAsync(found.Incident.Close(input.At), found.ETag, ct))
            {
                await store.AppendTimelineAsync(new TimelineEntry(input.IncidentNumber, input.At, TimelineEntryKind.Closed, "system",
                    "Closed: resolved and its post-mortem completed", "closed"), ct);
                return true;
            }
        }
    }
}
