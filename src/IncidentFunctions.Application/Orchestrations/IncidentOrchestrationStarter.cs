using IncidentFunctions.Application.Chat;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Domain.Escalation;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// Starts an incident's orchestration (instance id incident-&lt;n&gt;), the one way both its opener and the reconciler
/// do it: the input snapshots the escalation policy and the response timings for the incident's severity. When chat
/// rooms are configured, the incident's room orchestration (incident-&lt;n&gt;-room) starts beside it.
/// </summary>
public sealed class IncidentOrchestrationStarter(IncidentConfigProvider config, IEnumerable<IIncidentRoom> rooms)
{
    private readonly bool _rooms = rooms.Any(r => r.Enabled);

    /// <summary>
    /// The first run, when the incident has just been opened. Does nothing if the instance exists already: a retried
    /// opening must not start a second run (it would page again under new keys).
    /// </summary>
    public async Task StartAsync(Incident incident, EscalationPolicy policy, DurableTaskClient client, CancellationToken ct)
    {
        var instanceId = IncidentIds.InstanceId(incident.Number);
        if (await client.GetInstanceAsync(instanceId, ct) is null)
        {
            await ScheduleAsync(Input(incident, policy), instanceId, client, ct);
        }

        await StartRoomsAsync(incident.Number, client, ct);
    }

    /// <summary>
    /// A new run over a missing, failed or terminated instance. Its Run prefix makes the texting steps' keys new, so the
    /// restarted run pages again (a deliberate nudge) while replays of one run never do.
    /// </summary>
    public async Task RestartAsync(Incident incident, EscalationPolicy policy, DurableTaskClient client, CancellationToken ct)
    {
        await ScheduleAsync(Input(incident, policy) with { Run = "r" + Guid.NewGuid().ToString("N")[..8] }, IncidentIds.InstanceId(incident.Number), client, ct);
        await StartRoomsAsync(incident.Number, client, ct);
    }

    /// <summary>
    /// The room orchestration, unless it runs already. One that ended (its rooms finished) or failed is started again:
    /// a finished room finds nothing to do and ends at once.
    /// </summary>
    private async Task StartRoomsAsync(long number, DurableTaskClient client, CancellationToken ct)
    {
        if (!_rooms)
        {
            return;
        }

        var instanceId = IncidentRoomOrchestrator.InstanceId(number);
        var existing = await client.GetInstanceAsync(instanceId, ct);
        if (existing is null || existing.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentRoomOrchestrator), new IncidentRoomInput(number), new StartOrchestrationOptions(instanceId), ct);
        }
    }

    private IncidentOrchestrationInput Input(Incident incident, EscalationPolicy policy) =>
        IncidentOrchestrationInput.For(incident.Number, incident.Service, policy, incident.Severity,
            ResponseTimings.From(config.Current.Response, incident.Severity)) with { Rooms = _rooms };

    private static Task ScheduleAsync(IncidentOrchestrationInput input, string instanceId, DurableTaskClient client, CancellationToken ct) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentOrchestrator), input, new StartOrchestrationOptions(instanceId), ct);
}
