using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Ingestion;
using IncidentFunctions.Application.Maintenance;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// A window's end: each suppressed alert still firing goes through the <see cref="AlertIngestor"/> again, now outside
/// the window, so it opens (or joins) an incident and pages; nothing suppressed is lost. Safe to run twice: each
/// alert's outcome is recorded as it is handed on, and one handed on already is skipped.
/// </summary>
[DurableTask(nameof(MaintenanceEndedActivity))]
public sealed class MaintenanceEndedActivity(MaintenanceService maintenance, AlertIngestor ingestor, IncidentConfigProvider config, TimeProvider time, IServiceProvider services)
    : ClientActivity<string, MaintenanceEndResult>(services)
{
    public override Task<MaintenanceEndResult> RunAsync(string windowId, DurableTaskClient client) =>
        maintenance.ReleaseAsync(windowId, async (serviceName, alert) =>
        {
            var service = config.Current.FindService(serviceName)!;
            var result = await ingestor.IngestAsync(service, alert, client, time.GetUtcNow(), CancellationToken.None);
            return (result.Action.ToString().ToLowerInvariant(), result.IncidentNumber);
        }, CancellationToken.None);
}
