using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.FunctionsApp;

/// <summary>
/// Durable bindings for the class-based tasks of the application library. Explicit wrappers rather than the
/// source generator, which only sees classes compiled in this project.
/// </summary>
public sealed class DurableFunctions(
    PageTierActivity pageTier,
    NotifyActivity notify,
    AgendaActivity agenda,
    PageRespondersActivity pageResponders,
    DraftPostmortemActivity draftPostmortem,
    CloseIncidentActivity closeIncident,
    PublishEventsActivity publishEvents,
    PageContactActivity pageContact,
    SyncRoomsActivity syncRooms,
    CheckHeartbeatActivity checkHeartbeat,
    ReadMaintenanceWindowActivity readMaintenanceWindow,
    MaintenanceStartedActivity maintenanceStarted,
    MaintenanceEndedActivity maintenanceEnded,
    PipelineWatchActivity pipelineWatch)
{
    [Function(nameof(IncidentOrchestrator))]
    public Task<IncidentOutcome> IncidentOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new IncidentOrchestrator().RunAsync(context, context.GetInput<IncidentOrchestrationInput>()!);

    [Function(nameof(IncidentRoomOrchestrator))]
    public Task<bool> IncidentRoomOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new IncidentRoomOrchestrator().RunAsync(context, context.GetInput<IncidentRoomInput>()!);

    [Function(nameof(MaintenanceWindowOrchestrator))]
    public Task<MaintenanceEndResult> MaintenanceWindowOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new MaintenanceWindowOrchestrator().RunAsync(context, context.GetInput<MaintenanceWindowInput>()!);

    [Function(nameof(PipelineWatchOrchestrator))]
    public Task<bool> PipelineWatchOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PipelineWatchOrchestrator().RunAsync(context, context.GetInput<PipelineWatchInput>()!);

    [Function(nameof(PipelineWatchActivity))]
    public Task<bool> PipelineWatch([ActivityTrigger] PipelineWatchStep input, FunctionContext context) =>
        pipelineWatch.RunAsync(new ShellActivityContext(nameof(PipelineWatchActivity), context.InvocationId), input);

    [Function(nameof(PageTierActivity))]
    public Task<PageTierResult> PageTier([ActivityTrigger] PageTierInput input, FunctionContext context) =>
        pageTier.RunAsync(new ShellActivityContext(nameof(PageTierActivity), context.InvocationId), input);

    [Function(nameof(NotifyActivity))]
    public Task<NotifyResult> Notify([ActivityTrigger] NotifyInput input, FunctionContext context) =>
        notify.RunAsync(new ShellActivityContext(nameof(NotifyActivity), context.InvocationId), input);

    [Function(nameof(AgendaActivity))]
    public Task<int> Agenda([ActivityTrigger] AgendaEffectsInput input, FunctionContext context) =>
        agenda.RunAsync(new ShellActivityContext(nameof(AgendaActivity), context.InvocationId), input);

    [Function(nameof(PageRespondersActivity))]
    public Task<int> PageResponders([ActivityTrigger] PageRespondersInput input, FunctionContext context) =>
        pageResponders.RunAsync(new ShellActivityContext(nameof(PageRespondersActivity), context.InvocationId), input);

    [Function(nameof(PageContactActivity))]
    public Task<PageContactResult> PageContact([ActivityTrigger] PageContactInput input, FunctionContext context) =>
        pageContact.RunAsync(new ShellActivityContext(nameof(PageContactActivity), context.InvocationId), input);

    [Function(nameof(DraftPostmortemActivity))]
    public Task<PostmortemDraftResult> DraftPostmortem([ActivityTrigger] PostmortemStepInput input, FunctionContext context) =>
        draftPostmortem.RunAsync(new ShellActivityContext(nameof(DraftPostmortemActivity), context.InvocationId), input);

    [Function(nameof(CloseIncidentActivity))]
    public Task<bool> CloseIncident([ActivityTrigger] PostmortemStepInput input, FunctionContext context) =>
        closeIncident.RunAsync(new ShellActivityContext(nameof(CloseIncidentActivity), context.InvocationId), input);

    [Function(nameof(PublishEventsActivity))]
    public Task<PublishEventsResult> PublishEvents([ActivityTrigger] PublishEventsInput input, FunctionContext context) =>
        publishEvents.RunAsync(new ShellActivityContext(nameof(PublishEventsActivity), context.InvocationId), input);

    [Function(nameof(SyncRoomsActivity))]
    public Task<SyncRoomsResult> SyncRooms([ActivityTrigger] SyncRoomsInput input, FunctionContext context) =>
        syncRooms.RunAsync(new ShellActivityContext(nameof(SyncRoomsActivity), context.InvocationId), input);

    [Function(nameof(ReadMaintenanceWindowActivity))]
    public Task<MaintenanceWindowInput?> ReadMaintenanceWindow([ActivityTrigger] string input, FunctionContext context) =>
        readMaintenanceWindow.RunAsync(new ShellActivityContext(nameof(ReadMaintenanceWindowActivity), context.InvocationId), input);

    [Function(nameof(MaintenanceStartedActivity))]
    public Task<bool> MaintenanceStarted([ActivityTrigger] string input, FunctionContext context) =>
        maintenanceStarted.RunAsync(new ShellActivityContext(nameof(MaintenanceStartedActivity), context.InvocationId), input);

    /// <summary>The window's end opens incidents, whose orchestrations need a client: bound here, as the worker has none in its services.</summary>
    [Function(nameof(MaintenanceEndedActivity))]
    public Task<MaintenanceEndResult> MaintenanceEnded([ActivityTrigger] string input, [DurableClient] DurableTaskClient client) =>
        maintenanceEnded.RunAsync(input, client);
    [Function(nameof(HeartbeatOrchestrator))]
    public Task<bool> HeartbeatOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new HeartbeatOrchestrator().RunAsync(context, context.GetInput<HeartbeatInput>()!);

    /// <summary>A missed heartbeat opens an incident, which starts an orchestration: this binding brings the client for it.</summary>
    [Function(nameof(CheckHeartbeatActivity))]
    public Task<HeartbeatStep> CheckHeartbeat([ActivityTrigger] HeartbeatInput input, [DurableClient] DurableTaskClient client) =>
        checkHeartbeat.RunAsync(input, client);

    /// <summary>The activities read nothing from their context; this satisfies the signature.</summary>
    private sealed class ShellActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
