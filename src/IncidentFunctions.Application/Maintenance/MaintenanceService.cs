using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Events;
using IncidentFunctions.Domain.Maintenance;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Maintenance;

/// <summary>
/// Maintenance windows at run time: which window takes an alert now, recording what it took, creating and ending
/// windows, and handing their alerts on at the end. Every door (the API, the console, configured recurring windows)
/// goes through here; the ingestor asks it only where a new incident would be opened.
/// </summary>
public sealed class MaintenanceService(MaintenanceStore store, IEventPublisher events, IncidentConfigProvider config, TimeProvider time, ILogger<MaintenanceService> log)
{
    /// <summary>
    /// Suppresses a firing alert if a window covers it at <paramref name="now"/>: recorded on the window (the one ending
    /// last, so it is handed on once), and on its first delivery published as alerts.suppressed. Null when no window
    /// covers it: the caller opens an incident as usual.
    /// </summary>
    public async Task<string?> TrySuppressAsync(string service, NormalizedAlert alert, DateTimeOffset now, CancellationToken ct)
    {
        var window = (await store.ListEndingAfterAsync(now, ct))
            .Where(w => w.IsActiveAt(now) && w.Covers(service, alert.Labels))
            .OrderByDescending(w => w.EffectiveEnd)
            .FirstOrDefault();
        if (window is null)
        {
            return null;
        }

        if (window.StartAnnouncedAt is null)
        {
            await AnnounceStartAsync(window.Id, ct);
        }

        var recorded = await store.RecordFiringAsync(window.Id, service, alert, now, ct);
        if (!recorded.Published)
        {
            // The row is written first (it is the record); the event follows and is marked sent, so a failure here is
            // sent again by the next delivery of the alert or at the window's end, under the same id.
            await PublishSuppressedAsync(window, recorded, ct);
        }

        return window.Id;
    }

    /// <summary>
    /// A resolve for an alert no incident has: if a window not yet handed on holds it, it is marked resolved there, so
    /// the window's end does not open it. The window's id, or null when no window holds it.
    /// </summary>
    public async Task<string?> TryResolveSuppressedAsync(string service, string dedupKey, DateTimeOffset now, CancellationToken ct)
    {
        string? found = null;
        foreach (var window in (await store.ListAsync(ct)).Where(w => w.ReleasedAt is null && w.Services.Contains(service, StringComparer.OrdinalIgnoreCase)))
        {
            if (await store.RecordResolvedAsync(window.Id, service, dedupKey, now, ct))
            {
                found ??= window.Id;
            }
        }

        return found;
    }

    public Task<IReadOnlyList<MaintenanceWindow>> ListAsync(CancellationToken ct) => store.ListAsync(ct);

    public Task<MaintenanceWindow?> GetAsync(string id, CancellationToken ct) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<SuppressedAlert>> SuppressedAsync(string id, CancellationToken ct) => store.ListSuppressedAsync(id, ct);

    /// <summary>Writes a new window and starts its orchestration; an existing window of the same id is left as it is.</summary>
    public async Task<bool> CreateAsync(MaintenanceWindow window, DurableTaskClient client, CancellationToken ct)
    {
        var added = await store.TryAddAsync(window, ct);
        await EnsureOrchestrationAsync(window, client, ct);
        return added;
    }

    /// <summary>
    /// Ends a window now: the row first (suppression stops at once, on every instance), then its orchestration is told,
    /// and it hands the still-firing alerts on. Refused when the window has ended already.
    /// </summary>
    public async Task<(MaintenanceWindow? Window, MaintenanceEndOutcome Outcome)> EndAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (before, after) = await store.UpdateAsync(id, w => w.EndNow(now), ct);
        if (before is null)
        {
            return (null, MaintenanceEndOutcome.NotFound);
        }

        if (after is null)
        {
            return (before, MaintenanceEndOutcome.AlreadyEnded);
        }

        var instanceId = MaintenanceWindowIds.InstanceId(id);
        var instance = await client.GetInstanceAsync(instanceId, ct);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            await client.RaiseEventAsync(instanceId, MaintenanceWindowOrchestrator.EndEvent, now, ct);
        }
        else
        {
            // No live orchestration to tell (it was never started, or failed): a new one finds the end passed and hands on now.
            await EnsureOrchestrationAsync(after, client, ct);
        }

        return (after, MaintenanceEndOutcome.Ended);
    }

    /// <summary>Raises the end event on the window's orchestration if it is running; harmless when it is past waiting.</summary>
    public async Task NudgeEndAsync(string id, DurableTaskClient client, CancellationToken ct)
    {
        var instanceId = MaintenanceWindowIds.InstanceId(id);
        if (await client.GetInstanceAsync(instanceId, ct) is { RuntimeStatus: OrchestrationRuntimeStatus.Running })
        {
            log.LogWarning("Maintenance {Window}: ended but not yet handed on; telling its orchestration again", id);
            await client.RaiseEventAsync(instanceId, MaintenanceWindowOrchestrator.EndEvent, time.GetUtcNow(), ct);
        }
    }

    /// <summary>Changes what a window covers (not its times: those are its orchestration's timers).</summary>
    public Task ReviseAsync(string id, Func<MaintenanceWindow, MaintenanceWindow> change, CancellationToken ct) =>
        store.UpdateAsync(id, w => change(w) with { Id = w.Id, Start = w.Start, End = w.End, EndedAt = w.EndedAt, ReleasedAt = w.ReleasedAt }, ct);

    /// <summary>
    /// Starts the window's orchestration unless a live one exists or the window is fully handled. The orchestration's
    /// input is the window's effective times, so one started after an early end goes straight to the end.
    /// </summary>
    public async Task EnsureOrchestrationAsync(MaintenanceWindow window, DurableTaskClient client, CancellationToken ct)
    {
        if (window.ReleasedAt is not null)
        {
            return;
        }

        var instanceId = MaintenanceWindowIds.InstanceId(window.Id);
        var instance = await client.GetInstanceAsync(instanceId, ct);
        if (instance is not null && instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Completed))
        {
            return;
        }

        if (instance is not null)
        {
            log.LogWarning("Maintenance {Window}: its orchestration is {Status} but the window's end is not handled; starting it again", window.Id, instance.RuntimeStatus);
        }

        await client.ScheduleNewOrchestrationInstanceAsync(nameof(MaintenanceWindowOrchestrator),
            new MaintenanceWindowInput(window.Id, window.Start, window.EffectiveEnd), new StartOrchestrationOptions(instanceId), ct);
    }

    /// <summary>
    /// Publishes maintenance.started once: the orchestration's start step, or the window's first suppression if that
    /// comes first (the orchestration's timer can be a moment late). Two at once both publish, under one message id.
    /// </summary>
    public async Task AnnounceStartAsync(string id, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { StartAnnouncedAt: null } window || window.EffectiveEnd <= window.Start)
        {
            return;
        }

        await events.PublishAsync([EventMessages.From(MaintenanceEvents.Started(window, window.Start))], ct);
        var at = time.GetUtcNow();
        await store.UpdateAsync(id, w => w.StartAnnouncedAt is null ? w with { StartAnnouncedAt = at } : null, ct);
    }

    /// <summary>
    /// The window's end: every alert still firing is ingested again through <paramref name="ingest"/> (the window no
    /// longer covers it, so it opens or joins an incident; another window still running takes it instead), resolved
    /// ones are left, and maintenance.ended is published. Each alert's outcome is recorded as it goes and the window is
    /// marked handled last, so a retried end skips what was done.
    /// </summary>
    public async Task<MaintenanceEndResult> ReleaseAsync(string id, Func<string, NormalizedAlert, Task<(string Action, long? Incident)>> ingest, CancellationToken ct)
    {
        var window = await store.GetAsync(id, ct);
        if (window is null)
        {
            return new MaintenanceEndResult(0, []);
        }

        var now = time.GetUtcNow();
        var suppressed = await store.ListSuppressedAsync(id, ct);
        foreach (var alert in suppressed.Where(a => !a.Published))
        {
            await PublishSuppressedAsync(window, alert, ct);
        }

        var opened = new List<long>();
        foreach (var alert in suppressed)
        {
            if (alert.ReleasedAt is not null)
            {
                if (alert.ReleasedIncident is long earlier)
                {
                    opened.Add(earlier);
                }

                continue;
            }

            if (alert.Resolved)
            {
                await store.MarkReleasedAsync(id, alert.Service, alert.DedupKey, "resolved", null, now, ct);
                continue;
            }

            if (config.Current.FindService(alert.Service) is null)
            {
                log.LogWarning("Maintenance {Window}: service {Service} is no longer configured; its suppressed alert {DedupKey} is not opened", id, alert.Service, alert.DedupKey);
                await store.MarkReleasedAsync(id, alert.Service, alert.DedupKey, "unknown-service", null, now, ct);
                continue;
            }

            var (action, incident) = await ingest(alert.Service, alert.Alert with { Status = AlertStatus.Firing });
            await store.MarkReleasedAsync(id, alert.Service, alert.DedupKey, action, incident, now, ct);
            if (incident is long number)
            {
                opened.Add(number);
            }
        }

        // A window ended before it started suppressed nothing and announced nothing: no end to announce either.
        if (window.EffectiveEnd > window.Start)
        {
            await events.PublishAsync([EventMessages.From(MaintenanceEvents.Ended(window, window.EffectiveEnd, suppressed.Count, opened))], ct);
        }

        await store.UpdateAsync(id, w => w.ReleasedAt is null ? w with { ReleasedAt = now } : null, ct);
        log.LogInformation("Maintenance {Window} ended: {Suppressed} alert(s) suppressed, {Opened} still firing handed on", id, suppressed.Count, opened.Count);
        return new MaintenanceEndResult(suppressed.Count, opened);
    }

    private async Task PublishSuppressedAsync(MaintenanceWindow window, SuppressedAlert alert, CancellationToken ct)
    {
        var key = StorageKeys.HashKey(alert.Service.ToLowerInvariant() + "\n" + alert.DedupKey)[..16];
        await events.PublishAsync([EventMessages.From(MaintenanceEvents.Suppressed(window, alert.Service, alert.Alert, alert.FirstAt, key))], ct);
        await store.MarkPublishedAsync(window.Id, alert.Service, alert.DedupKey, ct);
    }
}

public enum MaintenanceEndOutcome
{
    Ended,
    AlreadyEnded,
    NotFound,
}

/// <param name="Suppressed">Alert identities the window held back.</param>
/// <param name="Opened">Incidents the still-firing ones are now on.</param>
public sealed record MaintenanceEndResult(int Suppressed, IReadOnlyList<long> Opened);
