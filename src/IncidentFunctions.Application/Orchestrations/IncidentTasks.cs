using System.Reflection;
using IncidentFunctions.Application.Orchestrations.Activities;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// Every orchestrator and activity, listed once. Both hosts register exactly these (the local runtime's worker through
/// <see cref="Hosting.IncidentApplication.AddIncidentTasks"/>, the activities' services through AddIncidentApplication);
/// the Functions app's wrappers in DurableFunctions are attributes, so a test holds its functions.metadata to this list.
/// </summary>
public static class IncidentTasks
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
        [typeof(IncidentOrchestrator), typeof(IncidentRoomOrchestrator), typeof(HeartbeatOrchestrator), typeof(MaintenanceWindowOrchestrator), typeof(PipelineWatchOrchestrator)];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(PageTierActivity),
        typeof(NotifyActivity),
        typeof(AgendaActivity),
        typeof(PageRespondersActivity),
        typeof(DraftPostmortemActivity),
        typeof(CloseIncidentActivity),
        typeof(PublishEventsActivity),
        typeof(PageContactActivity),
        typeof(SyncRoomsActivity),
        typeof(ReadMaintenanceWindowActivity),
        typeof(MaintenanceStartedActivity),
        typeof(MaintenanceEndedActivity),
        typeof(CheckHeartbeatActivity),
        typeof(PipelineWatchActivity),
    ];

    /// <summary>The name a task is scheduled by: its [DurableTask] name, as the registry reads it, else its class name.</summary>
    public static string NameOf(Type task) => task.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name ?? task.Name;
}
