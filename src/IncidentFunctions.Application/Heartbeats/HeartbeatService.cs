using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Ingestion;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Heartbeats;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Heartbeats;

/// <summary>
/// Everything done to heartbeats: pings, the API's changes, the configuration's declarations, and the check their
/// orchestrations make at each deadline. A missed heartbeat becomes an alert through <see cref="AlertIngestor"/>, so it
/// is deduplicated, mapped, windowed and resolved like any other alert.
/// </summary>
public sealed class HeartbeatService(HeartbeatStore store, IncidentStore incidents, IncidentConfigProvider config, AlertIngestor ingestor, Telemetry.IncidentMetrics metrics, TimeProvider time, ILogger<HeartbeatService> log)
{
    public Task<IReadOnlyList<Heartbeat>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    public Task<Heartbeat?> GetAsync(string name, CancellationToken ct) => store.GetAsync(name, ct);

    /// <summary>Every heartbeat with the incident open on its key, if any (a late one's, or one still open after it came back).</summary>
    public async Task<IReadOnlyList<HeartbeatListing>> ListWithIncidentsAsync(CancellationToken ct)
    {
        var list = new List<HeartbeatListing>();
        foreach (var heartbeat in await store.ListAsync(ct))
        {
            list.Add(await WithIncidentAsync(heartbeat, ct));
        }

        return list;
    }

    public async Task<HeartbeatListing> WithIncidentAsync(Heartbeat heartbeat, CancellationToken ct) =>
        new(heartbeat, await incidents.FindOpenIncidentAsync(heartbeat.Definition.Service, HeartbeatAlerts.DedupKey(heartbeat.Name), ct));

    /// <summary>A new heartbeat from the API, waiting for its first ping. Null when the name is taken.</summary>
    public async Task<Heartbeat?> CreateAsync(HeartbeatDefinition definition, DurableTaskClient client, CancellationToken ct)
    {
        var heartbeat = Heartbeat.Create(definition, HeartbeatSource.Api, time.GetUtcNow());
        if (!await store.TryAddAsync(heartbeat, ct))
        {
            return null;
        }

        log.LogInformation("Heartbeat {Heartbeat} created on {Service}, every {Interval} (grace {Grace})",
            definition.Name, definition.Service, definition.Interval, definition.Grace);
        await PokeAsync(definition.Name, client, ct);
        return heartbeat;
    }

    /// <summary>Applies <paramref name="change"/> to an API heartbeat's definition; one declared in the configuration is refused.</summary>
    public async Task<HeartbeatEdit> ChangeAsync(string name, Func<HeartbeatDefinition, HeartbeatDefinition> change, DurableTaskClient client, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var declared = false;
        var changed = await store.UpdateAsync(name, h =>
        {
            declared = h.Source == HeartbeatSource.Configuration;
            return declared ? null : h.Redefine(change(h.Definition), now);
        }, ct);
        if (changed is null || declared)
        {
            return new HeartbeatEdit(changed?.After, Declared: declared);
        }

        if (changed.After != changed.Before)
        {
            await PokeAsync(name, client, ct);
        }

        return new HeartbeatEdit(changed.After, Declared: false);
    }

    /// <summary>
    /// Deletes an API heartbeat and ends its orchestration. An incident it opened stays open: someone is working it.
    /// </summary>
    public async Task<HeartbeatEdit> DeleteAsync(string name, DurableTaskClient client, CancellationToken ct)
    {
        if (await store.GetAsync(name, ct) is not { } heartbeat)
        {
            return new HeartbeatEdit(null, Declared: false);
        }

        if (heartbeat.Source == HeartbeatSource.Configuration)
        {
            return new HeartbeatEdit(heartbeat, Declared: true);
        }

        await store.DeleteAsync(name, ct);
        await PokeAsync(name, client, ct);
        log.LogInformation("Heartbeat {Heartbeat} deleted", heartbeat.Name);
        return new HeartbeatEdit(heartbeat, Declared: false);
    }

    /// <summary>
    /// A ping: moves the deadline; a late heartbeat's incident is told it is back (and resolves if its service resolves
    /// with its alerts). Null when there is no such heartbeat.
    /// </summary>
    public async Task<HeartbeatPing?> PingAsync(string name, string? from, DurableTaskClient client, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var changed = await store.UpdateAsync(name, h => h.Ping(now, from).Next, ct);
        if (changed is null)
        {
            return null;
        }

        var (_, silentFor) = changed.Before.Ping(now, from);
        if (silentFor is { } silence)
        {
            log.LogInformation("Heartbeat {Heartbeat} is back after {Silence} of silence", changed.After.Name, silence);
            await RaiseAsync(changed.After, HeartbeatAlerts.Recovered(changed.After, silence, now), client, now, ct);
        }

        // A healthy heartbeat's timer finds the new deadline when it fires; only one with no timer running is woken.
        if (changed.After.Definition.Enabled && changed.Before.Status is HeartbeatStatus.WaitingFirstPing or HeartbeatStatus.Late)
        {
            await PokeAsync(changed.After.Name, client, ct);
        }

        return new HeartbeatPing(changed.After, silentFor);
    }

    /// <summary>
    /// The orchestration's look at a heartbeat at its deadline: if it has passed, raise the alert, then mark it late.
    /// In that order so a crash in between raises it again (joining the open incident) rather than never.
    /// </summary>
    public async Task<HeartbeatStep> CheckAsync(string name, DurableTaskClient client, CancellationToken ct)
    {
        if (await store.GetAsync(name, ct) is not { } heartbeat)
        {
            return new HeartbeatStep(null, Finished: true);
        }

        var now = time.GetUtcNow();
        if (!heartbeat.IsOverdue(now))
        {
            return new HeartbeatStep(heartbeat.Deadline, Finished: false);
        }

        log.LogWarning("Heartbeat {Heartbeat} is late: no ping since {LastPing} (deadline {Deadline})", heartbeat.Name, heartbeat.LastPingAt, heartbeat.Deadline);
        metrics.HeartbeatLate(heartbeat.Definition.Service);
        await RaiseAsync(heartbeat, HeartbeatAlerts.Late(heartbeat, now), client, now, ct);
        var changed = await store.UpdateAsync(name, h => h.IsOverdue(now) ? h.MarkLate(now) : null, ct);
        if (changed is null)
        {
            return new HeartbeatStep(null, Finished: true);
        }

        if (changed.After.Status != HeartbeatStatus.Late && changed.After.LastPingAt != heartbeat.LastPingAt && changed.After.LastPingAt is { } back)
        {
            // A ping came between the alert and the mark: it saw a healthy heartbeat, so the recovery is told here.
            await RaiseAsync(changed.After, HeartbeatAlerts.Recovered(changed.After, back - (heartbeat.LastPingAt ?? back), back), client, now, ct);
        }

        return new HeartbeatStep(changed.After.Deadline, Finished: false);
    }

    /// <summary>
    /// Brings the stored heartbeats in line with the configuration's (added, redefined, removed) and makes sure every
    /// heartbeat has its orchestration: at start-up and on the reconciler's schedule, so one that failed is restarted.
    /// </summary>
    public async Task SyncAsync(DurableTaskClient client, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var declared = config.Current.Heartbeats;
        var stored = (await store.ListAsync(ct)).ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
        var poked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in declared)
        {
            if (!stored.TryGetValue(definition.Name, out var existing))
            {
                await store.TryAddAsync(Heartbeat.Create(definition, HeartbeatSource.Configuration, now), ct);
                log.LogInformation("Heartbeat {Heartbeat} declared in the configuration, on {Service}", definition.Name, definition.Service);
            }
            else if (existing.Source != HeartbeatSource.Configuration || existing.Definition != definition)
            {
                await store.UpdateAsync(definition.Name, h => h.Redefine(definition, now) with { Source = HeartbeatSource.Configuration }, ct);
            }
            else
            {
                continue;
            }

            await PokeAsync(definition.Name, client, ct);
            poked.Add(definition.Name);
        }

        foreach (var gone in stored.Values.Where(h => h.Source == HeartbeatSource.Configuration && !declared.Any(d => string.Equals(d.Name, h.Name, StringComparison.OrdinalIgnoreCase))))
        {
            await store.DeleteAsync(gone.Name, ct);
            await PokeAsync(gone.Name, client, ct);
            poked.Add(gone.Name);
            log.LogInformation("Heartbeat {Heartbeat} is no longer in the configuration; removed", gone.Name);
        }

        foreach (var heartbeat in stored.Values.Where(h => !poked.Contains(h.Name)))
        {
            await EnsureRunningAsync(heartbeat.Name, client, ct);
        }
    }

    /// <summary>Wakes a heartbeat's orchestration to look again, starting it if it is not running.</summary>
    private static async Task PokeAsync(string name, DurableTaskClient client, CancellationToken ct)
    {
        if (!await EnsureRunningAsync(name, client, ct))
        {
            await client.RaiseEventAsync(HeartbeatOrchestrator.InstanceId(name), HeartbeatOrchestrator.ChangedEvent, "changed", ct);
        }
    }

    /// <summary>Starts the orchestration unless it runs; true when it was started (and so reads the heartbeat first thing).</summary>
    private static async Task<bool> EnsureRunningAsync(string name, DurableTaskClient client, CancellationToken ct)
    {
        var instanceId = HeartbeatOrchestrator.InstanceId(name);
        var instance = await client.GetInstanceAsync(instanceId, ct);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(nameof(HeartbeatOrchestrator), new HeartbeatInput(name), new StartOrchestrationOptions(instanceId), ct);
        return true;
    }

    private async Task RaiseAsync(Heartbeat heartbeat, Domain.Alerts.NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        if (config.Current.FindService(heartbeat.Definition.Service) is not { } service)
        {
            log.LogError("Heartbeat {Heartbeat} names service {Service}, which is no longer configured: its alert is not raised", heartbeat.Name, heartbeat.Definition.Service);
            return;
        }

        var result = await ingestor.IngestAsync(service, alert, client, now, ct);
        log.LogInformation("Heartbeat {Heartbeat}: {Status} alert {Action} (INC {Incident})", heartbeat.Name, alert.Status, result.Action, result.IncidentNumber);
    }
}

/// <summary>A heartbeat and the incident open on its key.</summary>
public sealed record HeartbeatListing(Heartbeat Heartbeat, long? OpenIncident);

/// <summary>A heartbeat after an API change; null when there is none. Declared: it is the configuration's, and was left as it is.</summary>
public sealed record HeartbeatEdit(Heartbeat? Heartbeat, bool Declared);

/// <summary>A heartbeat after a ping, and how long it had been silent when it was late.</summary>
public sealed record HeartbeatPing(Heartbeat Heartbeat, TimeSpan? SilentFor);
