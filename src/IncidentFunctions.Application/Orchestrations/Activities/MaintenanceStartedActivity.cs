using IncidentFunctions.Application.Maintenance;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>Publishes maintenance.started unless the window's first suppression did; its id is the window's, so a retry sends the same message.</summary>
[DurableTask(nameof(MaintenanceStartedActivity))]
public sealed class MaintenanceStartedActivity(MaintenanceService maintenance) : TaskActivity<string, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await maintenance.AnnounceStartAsync(input, CancellationToken.None);
        return true;
    }
}
