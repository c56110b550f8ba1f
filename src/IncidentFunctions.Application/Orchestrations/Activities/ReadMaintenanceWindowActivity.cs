using IncidentFunctions.Application.Maintenance;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// The window's times as stored now, the orchestration's first step. An early end raised before the instance's first
/// step ran is dropped by the Azure Storage backend ("no such instance"); the end is written on the window before it
/// is raised, so reading the row here sees it, and the instance goes straight to the end.
/// </summary>
[DurableTask(nameof(ReadMaintenanceWindowActivity))]
public sealed class ReadMaintenanceWindowActivity(MaintenanceService maintenance) : TaskActivity<string, MaintenanceWindowInput?>
{
    public override async Task<MaintenanceWindowInput?> RunAsync(TaskActivityContext context, string input) =>
        await maintenance.GetAsync(input, CancellationToken.None) is { } window
            ? new MaintenanceWindowInput(window.Id, window.Start, window.EffectiveEnd)
            : null;
}
