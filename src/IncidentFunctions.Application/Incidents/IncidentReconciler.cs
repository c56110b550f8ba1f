using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// Periodic safety net: every open incident must have a live orchestration. One can be missing when the process died
/// between writing the incident and starting its orchestration, or failed after exhausting activity retries (storage
/// down for minutes). Restarting is safe: paging checks the incident's status, and texts are idempotent per step.
/// </summary>
public sealed class IncidentReconciler(
    IncidentStore store, IncidentConfigProvider config, IncidentOrchestrationStarter orchestrations, TimeProvider time, ILogger<IncidentReconciler> log)
{
    public const string Schedule = "0 */2 * * * *";

    /// <summary>
    /// An incident this young without an orchestration is most likely still being opened (the row is written just
    /// before the orchestration is scheduled); restarting it would race its opener (./bench.sh, scale, saw it).
    /// </summary>
    public static readonly TimeSpan OpeningGrace = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<long>> RunAsync(DurableTaskClient client, CancellationToken ct)
    {
        var restarted = new List<long>();
        foreach (var status in new[] { IncidentStatus.Triggered, IncidentStatus.Acknowledged })
        {
            foreach (var incident in await store.ListIncidentsAsync(status, int.MaxValue, ct))
            {
                var instanceId = IncidentIds.InstanceId(incident.Number);
                var instance = await client.GetInstanceAsync(instanceId, ct);
                if (instance is not null && instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
                {
                    continue;
                }

                if (instance is null && time.GetUtcNow() - incident.OpenedAt < OpeningGrace)
                {
                    continue;
                }

                var policy = config.Current.FindPolicy(incident.EscalationPolicy);
                if (policy is null)
                {
                    log.LogError("INC {Incident} names escalation policy {Policy}, which is no longer configured; not restarting it", incident.Number, incident.EscalationPolicy);
                    continue;
                }

                log.LogWarning("INC {Incident} is {Status} but its orchestration is {Runtime}; restarting it", incident.Number, incident.Status, instance?.RuntimeStatus.ToString() ?? "missing");
                await orchestrations.RestartAsync(incident, policy, client, ct);
                restarted.Add(incident.Number);
            }
        }

        return restarted;
    }
}
