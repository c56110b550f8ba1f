using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Ingestion;

/// <summary>
/// Turns one normalised alert into its effect on incidents: open a new incident, join the open one with the
/// same (service, dedup key), or resolve/acknowledge it. Exactly one incident per key is guaranteed by the
/// insert-if-absent claim on the dedup index, not by reading first. A maintenance window covering the alert holds back
/// only what would open a new incident: an alert joining an open incident counts on it as always, so an incident open
/// when a window starts keeps paging.
/// </summary>
public sealed class AlertIngestor(
    IncidentStore store, AlertStore alertStore, TimelineStore timelineStore, ResolvedIndex resolvedIndex, IncidentRecordStore records, IncidentConfigProvider config, IncidentCommandService commands, IncidentOrchestrationStarter orchestrations,
    Telemetry.IncidentMetrics metrics, MaintenanceService maintenance)
{
    public async Task<AlertIngestResult> IngestAsync(ServiceConfig service, NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        // One span per alert, under the request that brought it; the orchestration it starts carries the trace on.
        using var span = Telemetry.IncidentTelemetry.Source.StartActivity("ingest alert");
        span?.SetTag(Telemetry.IncidentTelemetry.ServiceAttribute, service.Name);
        span?.SetTag(Telemetry.IncidentTelemetry.FormatAttribute, alert.Format);
        alert = AlertBounds.Bound(alert);
        var result = alert.Status switch
        {
            AlertStatus.Firing => await OnFiringAsync(service, alert, client, now, ct),
            AlertStatus.Resolved => await OnResolvedAsync(service, alert, client, now, ct),
            _ => await OnAcknowledgedAsync(service, alert, client, now, ct),
        };
        var action = result.Action.ToString().ToLowerInvariant();
        metrics.Alert(alert.Format, service.Name, action);
        span?.SetTag("alert.result", action);
        if (result.IncidentNumber is long number)
        {
            span?.SetTag(Telemetry.IncidentTelemetry.IncidentAttribute, number);
        }

        return result;
    }

    private async Task<AlertIngestResult> OnFiringAsync(ServiceConfig service, NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            var open = await store.FindOpenIncidentRememberedAsync(service.Name, alert.DedupKey, ct);
            if (open is long existing)
            {
                if (await AppendAsync(existing, service, alert, client, now, ct))
                {
                    return new AlertIngestResult(alert.DedupKey, existing, IngestAction.Appended);
                }

                await OnNoLongerOpenAsync(service, alert, existing, ct);
                continue;
            }

            if (await maintenance.TrySuppressAsync(service.Name, alert, now, ct) is { } windowId)
            {
                // Recorded on the window, not paged; still firing at the window's end, it is ingested again then.
                return new AlertIngestResult(alert.DedupKey, null, IngestAction.Suppressed, windowId);
            }

            var number = await store.AllocateNumberAsync(ct);
            if (!await store.TryClaimOpenIncidentAsync(service.Name, alert.DedupKey, number, ct))
            {
                // A concurrent delivery of the same alert won the claim; join its incident. The number is skipped.
                continue;
            }

            if (await EnsureOpenedAsync(number, service, alert, client, now, ct))
            {
                return new AlertIngestResult(alert.DedupKey, number, IngestAction.Created);
            }

            // A concurrent delivery that found our claim finished opening the incident first; count this one on it.
            if (await AppendAsync(number, service, alert, client, now, ct))
            {
                return new AlertIngestResult(alert.DedupKey, number, IngestAction.Appended);
            }
        }
    }

    /// <summary>False when the incident resolved in between, so the alert should open a new one.</summary>
    private async Task<bool> AppendAsync(long number, ServiceConfig service, NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            switch ((await alertStore.RecordDeliveryAsync(number, alert, now)).Result)
            {
                case AlertDeliveryResult.Counted:
                    return true;
                case AlertDeliveryResult.CountedNewAlert:
                    await timelineStore.AppendAsync(TimelineEntries.AlertReceived(number, now, alert), ct);
                    return true;
                case AlertDeliveryResult.NotOpen:
                    return false;
            }

            // The claim exists but the incident row does not: its creator is still at it, or crashed half-way.
            // Whoever inserts the row finishes opening the incident; everyone else counts their alert on it.
            if (await EnsureOpenedAsync(number, service, alert, client, now, ct))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// The incident the key pointed at has resolved. Normally its resolve already freed the key; if that resolve
    /// stopped half-way, free it here (and index the incident as resolved), or every later alert would spin on it.
    /// </summary>
    private async Task OnNoLongerOpenAsync(ServiceConfig service, NormalizedAlert alert, long number, CancellationToken ct)
    {
        store.ForgetOpenIncident(service.Name, alert.DedupKey, number);
        if (await store.FindOpenIncidentAsync(service.Name, alert.DedupKey, ct) == number &&
            (await store.GetIncidentAsync(number, ct))?.Incident is { Status: IncidentStatus.Resolved or IncidentStatus.Closed } resolved)
        {
            await commands.FinishResolveAsync(resolved, ct);
        }
    }

    /// <summary>
    /// Inserts the incident row and, if this call inserted it, the rest of opening: first alert, timeline, orchestration.
    /// False when the row already existed: another delivery opened it.
    /// </summary>
    private async Task<bool> EnsureOpenedAsync(long number, ServiceConfig service, NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var cfg = config.Current;
        var policy = cfg.GetPolicy(service.EscalationPolicy);
        var incident = Incident.Open(number, service.Name, alert.Title, cfg.SeverityOf(alert), alert.DedupKey, policy.Name, now) with
        {
            PlaybookUrls = cfg.FindPlaybooks(service.Name, alert.Title, alert.Labels).SelectMany(p => p.Urls).Distinct().ToList(),
            AlertTallies = new Dictionary<string, AlertTally> { [alert.Format] = AlertTally.FirstFiring(now, alert.EndsAt) },
        };
        var repeats = await FindRepeatsAsync(incident, cfg.Response.RepeatWindow, ct);
        if (repeats.Count > 0)
        {
            incident = incident with { RepeatOf = repeats.Select(r => r.Number).ToList(), RepeatSummary = RepeatMatcher.Describe(repeats[0], now) };
        }

        if (!await store.TryOpenIncidentAsync(incident, alert, now, ct))
        {
            return false;
        }

        // The opening timeline rows are independent idempotent inserts (timeline rows sort by their time and key,
        // not by when they were written): written together, they cost one round trip instead of two or three
        // before the orchestration is scheduled (./bench.sh, alert -> page).
        var writes = new List<Task>();

        if (repeats.Count > 0)
        {
            var open = repeats.SelectMany(r => r.OpenActionItems).Distinct().ToList();
            writes.Add(timelineStore.AppendAsync(TimelineEntries.RepeatDetected(number, now, incident.RepeatSummary, incident.RepeatOf, open), ct));
        }

        writes.Add(timelineStore.AppendAsync(TimelineEntries.AlertReceived(number, now, alert), ct));
        writes.Add(timelineStore.AppendAsync(TimelineEntries.Opened(number, now, alert, service.Name, incident.Severity, policy.Name), ct));
        await Task.WhenAll(writes);

        await orchestrations.StartAsync(incident, policy, client, ct);
        metrics.IncidentOpened(service.Name, incident.Severity);
        return true;
    }

    private async Task<AlertIngestResult> OnResolvedAsync(ServiceConfig service, NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var open = await store.FindOpenIncidentAsync(service.Name, alert.DedupKey, ct);
        if (open is not long number)
        {
            // Cleared during a window that suppressed it: marked resolved there, so the window's end opens nothing.
            return await maintenance.TryResolveSuppressedAsync(service.Name, alert.DedupKey, now, ct) is { } windowId
                ? new AlertIngestResult(alert.DedupKey, null, IngestAction.Suppressed, windowId)
                : new AlertIngestResult(alert.DedupKey, null, IngestAction.Ignored);
        }

        var recorded = await alertStore.RecordDeliveryAsync(number, alert, now);
        if (recorded.Result is AlertDeliveryResult.NotOpen or AlertDeliveryResult.NoIncidentRow)
        {
            // Resolved since the key was read, or still being opened: nothing open for this alert to clear yet.
            return new AlertIngestResult(alert.DedupKey, null, IngestAction.Ignored);
        }

        await timelineStore.AppendAsync(TimelineEntries.AlertResolved(number, now, alert), ct);
        if (!recorded.AllAlertsResolved)
        {
            return new AlertIngestResult(alert.DedupKey, number, IngestAction.Appended);
        }

        if (service.AutoResolve)
        {
            var result = await commands.ResolveAsync(number, Attribution.Of("integration:" + alert.Format, Channels.AutoResolve), null, client, now, ct);
            return new AlertIngestResult(alert.DedupKey, number, result.Status == CommandStatus.Done ? IngestAction.Resolved : IngestAction.Appended);
        }

        await commands.SignalAlertsResolvedAsync(number, client, now, ct);
        return new AlertIngestResult(alert.DedupKey, number, IngestAction.Appended);
    }

    private async Task<AlertIngestResult> OnAcknowledgedAsync(ServiceConfig service, NormalizedAlert alert, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var open = await store.FindOpenIncidentAsync(service.Name, alert.DedupKey, ct);
        if (open is not long number)
        {
            return new AlertIngestResult(alert.DedupKey, null, IngestAction.Ignored);
        }

        var result = await commands.AcknowledgeAsync(number, Attribution.Of("integration:" + alert.Format, alert.Format), becomesLead: false, client, now, ct);
        return new AlertIngestResult(alert.DedupKey, number, result.Status == CommandStatus.Done ? IngestAction.Acknowledged : IngestAction.Appended);
    }

    /// <summary>Recently resolved incidents this one repeats, with their post-mortems' open action items.</summary>
    private async Task<IReadOnlyList<PastIncident>> FindRepeatsAsync(Incident incident, TimeSpan window, CancellationToken ct)
    {
        var candidates = (await resolvedIndex.ListSinceAsync(incident.Service, incident.OpenedAt - window, ct))
            .Where(c => c.Number != incident.Number)
            .Select(c => new PastIncident(c.Number, c.Service, c.DedupKey, TitleNormalizer.Normalize(c.Title), c.ResolvedAt, []));
        var matches = RepeatMatcher.FindRepeats(incident.Service, incident.DedupKey, incident.Title, incident.OpenedAt, window, candidates);
        var withItems = new List<PastIncident>(matches.Count);
        foreach (var match in matches)
        {
            var pm = await records.GetPostmortemAsync(match.Number, ct);
            withItems.Add(match with { OpenActionItems = pm?.Postmortem.ActionItems.Where(i => !i.Done).Select(i => i.Title).ToList() ?? [] });
        }

        return withItems;
    }
}

/// <param name="MaintenanceWindow">With <see cref="IngestAction.Suppressed"/>: the window that holds the alert.</param>
public sealed record AlertIngestResult(string DedupKey, long? IncidentNumber, IngestAction Action, string? MaintenanceWindow = null);

public enum IngestAction
{
    Created,
    Appended,
    Resolved,
    Acknowledged,
    /// <summary>A resolve or acknowledge for which no incident is open.</summary>
    Ignored,
    /// <summary>
    /// Held back by a maintenance window (firing, or a resolve of an alert the window holds): recorded on the window,
    /// no incident, nothing paged.
    /// </summary>
    Suppressed,
}
