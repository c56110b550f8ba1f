using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Timeline;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// Acknowledge, resolve and escalate, whichever door they come through (SMS, API, a monitoring tool).
/// The incident row decides, guarded by its ETag, so two people acking at once get one lead;
/// the orchestration is then told by event and only reacts.
/// </summary>
public sealed class IncidentCommands(IncidentStore store, IncidentConfigProvider config)
{
    public async Task<CommandResult> AcknowledgeAsync(long number, string by, bool becomesLead, string via, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        // The update cadence starts when someone takes the lead; the row shows the first deadline at once.
        var result = await TransitionAsync(number, i => i.Acknowledge(by, becomesLead, now) with
        {
            NextUpdateDue = config.Current.Response.UpdateCadence(i.Severity) is { } cadence ? now + cadence : null,
        }, ct);
        if (result.Status != CommandStatus.Done)
        {
            return result;
        }

        await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.Acknowledged, by, $"Acknowledged by {by} via {via}", "acknowledged"), ct);
        if (becomesLead)
        {
            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.LeadAssigned, by, $"{by} is the lead", "lead:" + by), ct);
        }

        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Acknowledged, by, now), ct);
        return result;
    }

    public async Task<CommandResult> ResolveAsync(long number, string by, string via, DurableTaskClient client, DateTimeOffset now, CancellationToken ct, string? summary = null)
    {
        var result = await TransitionAsync(number, i => i.Resolve(by, now, summary), ct);
        if (result.Status != CommandStatus.Done)
        {
            if (result.Incident is { Status: IncidentStatus.Resolved } already)
            {
                // A retry of a resolve that failed half-way: finish what it left.
                await FinishResolveAsync(already, ct);
            }

            return result;
        }

        await FinishResolveAsync(result.Incident!, ct);
        // The summary goes in the entry's data: the post-mortem drafter appends the incident's resolution summary itself.
        await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.Resolved, by, $"Resolved by {by} via {via}", "resolved",
            summary is null ? null : new Dictionary<string, string> { ["summary"] = summary }), ct);
        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Resolved, by, now), ct);
        return result;
    }

    /// <summary>
    /// From now on the same alert opens a new incident, and this one is a repeat candidate for it. Idempotent: the
    /// ingestor repeats it when it meets a resolved incident still holding its dedup key.
    /// </summary>
    public Task FinishResolveAsync(Incident resolved, CancellationToken ct) => Task.WhenAll(
        store.ReleaseOpenIncidentAsync(resolved.Service, resolved.DedupKey, resolved.Number, ct),
        store.IndexResolvedAsync(resolved, ct));

    public async Task<CommandResult> EscalateAsync(long number, string by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var found = await store.GetIncidentAsync(number, ct);
        if (found is null)
        {
            return CommandResult.NotFound(number);
        }

        var incident = found.Incident;
        if (incident.Status == IncidentStatus.Resolved)
        {
            return CommandResult.Refused(incident, $"INC {number} is already resolved");
        }

        if (incident.Status == IncidentStatus.Acknowledged)
        {
            return CommandResult.Refused(incident, $"INC {number} is acknowledged by {incident.Lead ?? incident.AcknowledgedBy}; nobody is being paged");
        }

        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Escalate, by, now), ct);
        return CommandResult.Done(incident);
    }

    /// <summary>Every alert cleared at the source on a service without auto-resolve: the orchestration tells the lead.</summary>
    public Task SignalAlertsResolvedAsync(long number, DurableTaskClient client, DateTimeOffset now, CancellationToken ct) =>
        SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.AlertsResolved, null, now), ct);

    /// <summary>
    /// Applies a domain transition under the row's ETag, re-reading and re-deciding when someone else got there first.
    /// The one read-modify-write loop for incident rows: handlers and activities alike go through it.
    /// </summary>
    internal async Task<CommandResult> TransitionAsync(long number, Func<Incident, Incident> transition, CancellationToken ct)
    {
        while (true)
        {
            var found = await store.GetIncidentAsync(number, ct);
            if (found is null)
            {
                return CommandResult.NotFound(number);
            }

            Incident next;
            try
            {
                next = transition(found.Incident);
            }
            catch (IncidentTransitionException e)
            {
                return CommandResult.Refused(found.Incident, e.Message);
            }

            // Nothing changed: nothing to write (lists are carried by reference through `with`, so equality is cheap and exact).
            if (next == found.Incident || await store.TryUpdateIncidentAsync(next, found.ETag, ct))
            {
                return CommandResult.Done(next);
            }
        }
    }

    private static Task SignalAsync(DurableTaskClient client, long number, IncidentSignal signal, CancellationToken ct) =>
        client.RaiseEventAsync(IncidentIds.InstanceId(number), IncidentSignal.EventName, signal, ct);
}

public sealed record CommandResult(CommandStatus Status, Incident? Incident, string? Reason)
{
    public static CommandResult Done(Incident incident) => new(CommandStatus.Done, incident, null);
    public static CommandResult Refused(Incident incident, string reason) => new(CommandStatus.Refused, incident, reason);
    public static CommandResult NotFound(long number) => new(CommandStatus.NotFound, null, $"INC {number} does not exist");
}

public enum CommandStatus
{
    Done,
    Refused,
    NotFound,
}
