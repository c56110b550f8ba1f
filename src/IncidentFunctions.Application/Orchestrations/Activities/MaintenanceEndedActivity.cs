using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Ingestion;
using IncidentFunctions.Application.Maintenance;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// A window's end: each suppressed alert still firing goes through the <see cref="AlertIngestor"/> again, now outside
/// the window, so it opens (or joins) an incident and pages; nothing suppressed is lost. Safe to run twice: each
/// alert's outcome is recorded as it is handed on, and one handed on already is skipped.
/// </summary>
/// <remarks>
/// Opening an incident starts its orchestration, which needs a durable client. The local runtime has one in its
/// services; the Functions app binds one to this activity ([DurableClient]) and calls <see cref="ReleaseAsync"/>.
/// </remarks>
[DurableTask(nameof(MaintenanceEndedActivity))]
public sealed class MaintenanceEndedActivity(MaintenanceService maintenance, AlertIngestor ingestor, IncidentConfigProvider config, TimeProvider time, IServiceProvider services)
    : TaskActivity<string, MaintenanceEndResult>
{
    public override Task<MaintenanceEndResult> RunAsync(TaskActivityContext context, string input) =>
        ReleaseAsync(input, services.GetRequiredService<DurableTaskClient>());

    public Task<MaintenanceEndResult> ReleaseAsync(string windowId, DurableTaskClient client) =>
        maintenance.ReleaseAsync(windowId, async (serviceName, alert) =>
        {
            var service = config.Current.FindService(serviceName)!;
            var result = await ingestor.IngestAsync(service, alert, client, time.GetUtcNow(), CancellationToken.None);
            return (result.Action.ToString().ToLowerInvariant(), result.IncidentNumber);
        }, CancellationToken.None);
}
