using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// Every incident command, whichever door it comes through (API, console, SMS, a monitoring tool, the orchestration's
/// own steps), takes one path: load the incident → let its rule method decide (refusals are the domain's) → save the
/// row under its ETag (re-reading and re-deciding when someone else got there first, so two people acking at once get
/// one lead) → write the record and the timeline → tell the orchestration by event, which then only reacts.
/// Inputs arrive validated in shape by the door; this file holds the incident's own moves, the response loop's
/// records are in IncidentCommandService.Records.cs, the post-mortem in IncidentCommandService.Postmortem.cs, what the
/// incident's chat channel adds in IncidentCommandService.Chat.cs.
/// </summary>
public sealed partial class IncidentCommandService(
    IncidentStore store, TimelineStore timelineStore, ResolvedIndex resolvedIndex, IncidentRecordStore records, RoomStore rooms, IncidentConfigProvider config,
    Telemetry.IncidentMetrics metrics)
{
    /// <param name="by">Who acknowledged, and for whom: the one it is for (<see cref="Attribution.Responder"/>) takes the lead.</param>
    public async Task<CommandResult<Incident>> AcknowledgeAsync(long number, Attribution by, bool becomesLead, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var lead = by.Responder;
        var result = await DecideAsync(number, i => i.Acknowledge(lead, becomesLead, config.Current.Response.UpdateCadence(i.Severity), now), ct);
        if (!result.IsDone)
        {
            return result;
        }

        if (result.Value is { AcknowledgedAt: { } acknowledgedAt } acknowledged && acknowledgedAt == now)
        {
            metrics.Acknowledged(acknowledged.Service, acknowledged.Severity, now - acknowledged.OpenedAt);
        }

        await timelineStore.AppendAsync(TimelineEntries.Acknowledged(number, now, by.Shown, by.Via).By(by), ct);
        if (becomesLead)
        {
            await timelineStore.AppendAsync(TimelineEntries.LeadAssigned(number, now, lead).By(by), ct);
        }

        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Acknowledged, lead, now), ct);
        return result;
    }

    /// <summary>Page the next tier now. The row does not change (the orchestration holds the position); the rule decides whether it may.</summary>
    public async Task<CommandResult<Incident>> EscalateAsync(long number, string by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i =>
        {
            i.RequestNextTier();
            return i;
        }, ct);
        if (result.IsDone)
        {
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Escalate, by, now), ct);
        }

        return result;
    }

    public async Task<CommandResult<Incident>> HandOverAsync(long number, string to, string? reason, Attribution by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        string? previous = null;
        var result = await DecideAsync(number, i =>
        {
            previous = i.Lead;
            return i.HandOver(to);
        }, ct);
        if (result.IsDone)
        {
            await timelineStore.AppendAsync(TimelineEntries.LeadChanged(number, now, previous, to, reason).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.LeadChanged, previous, now) { Responders = [to], Reason = reason }, ct);
        }

        return result;
    }

    public async Task<CommandResult<Incident>> AddRespondersAsync(
        long number, IReadOnlyList<string> names, Attribution by, string? reason, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<string> added = [];
        var result = await DecideAsync(number, i =>
        {
            (var next, added) = i.AddResponders(names);
            return next;
        }, ct);
        if (result.IsDone)
        {
            await timelineStore.AppendAsync(TimelineEntries.RespondersAdded(number, now, by.Name, added, reason).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.RespondersAdded, by.Shown, now) { Responders = added, Reason = reason }, ct);
        }

        return result;
    }

    public async Task<CommandResult<Incident>> ChangeSeverityAsync(
        long number, IncidentSeverity severity, string reason, Attribution by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var cadence = config.Current.Response.UpdateCadence(severity);
        var result = await DecideAsync(number, i => i.ChangeSeverity(severity, cadence, now), ct);
        if (result.IsDone)
        {
            await timelineStore.AppendAsync(TimelineEntries.SeverityChanged(number, now, by.Name, severity, reason).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.SeverityChanged, by.Shown, now)
            {
                Severity = severity,
                Cadence = cadence,
                Reason = reason,
            }, ct);
        }

        return result;
    }

    public async Task<CommandResult<Incident>> ResolveAsync(long number, Attribution by, string? summary, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => i.Resolve(by.Shown, now, summary), ct);
        if (!result.IsDone)
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
        await timelineStore.AppendAsync(TimelineEntries.Resolved(number, now, by.Shown, by.Via, summary).By(by), ct);
        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Resolved, by.Shown, now), ct);
        return result;
    }

    /// <summary>
    /// From now on the same alert opens a new incident, and this one is a repeat candidate for it. Idempotent: the
    /// ingestor repeats it when it meets a resolved incident still holding its dedup key.
    /// </summary>
    public Task FinishResolveAsync(Incident resolved, CancellationToken ct) => Task.WhenAll(
        store.ReleaseOpenIncidentAsync(resolved.Service, resolved.DedupKey, resolved.Number, ct),
        resolvedIndex.AddAsync(resolved, ct));

    /// <summary>Resolved and learned from: the orchestration's last step. Refused when already closed (a retried step) or not resolved.</summary>
    public async Task<CommandResult<Incident>> CloseAsync(long number, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => i.Close(now), ct);
        if (result.IsDone)
        {
            await timelineStore.AppendAsync(TimelineEntries.Closed(number, now), ct);
        }

        return result;
    }

    /// <summary>The orchestration's agenda moved the update deadline or counted a miss: the row shows the same.</summary>
    public Task<CommandResult<Incident>> FollowAgendaAsync(long number, int updatesMissed, DateTimeOffset? nextUpdateDue, CancellationToken ct) =>
        DecideAsync(number, i => i.FollowAgenda(updatesMissed, nextUpdateDue), ct);

    /// <summary>Every alert cleared at the source on a service without auto-resolve: the orchestration tells the lead.</summary>
    public Task SignalAlertsResolvedAsync(long number, DurableTaskClient client, DateTimeOffset now, CancellationToken ct) =>
        SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.AlertsResolved, null, now), ct);

    private Task<CommandResult<Incident>> DecideAsync(long number, Func<Incident, Incident> rule, CancellationToken ct) =>
        DecideAsync(number, i =>
        {
            var next = rule(i);
            return (next, next);
        }, ct);

    /// <summary>
    /// The one read-modify-write loop for incident rows: applies the incident's rule under the row's ETag, re-reading
    /// and re-deciding when someone else got there first. A rule that leaves the incident as it was (a record taken,
    /// an escalation allowed) writes nothing. Refusals and wrong input come from the domain as exceptions and leave
    /// here as results.
    /// </summary>
    private async Task<CommandResult<T>> DecideAsync<T>(long number, Func<Incident, (Incident Next, T Made)> rule, CancellationToken ct)
    {
        while (true)
        {
            var found = await store.GetIncidentAsync(number, ct);
            if (found is null)
            {
                return CommandResult<T>.NotFound(number);
            }

            Incident next;
            T made;
            try
            {
                (next, made) = rule(found.Incident);
            }
            catch (IncidentTransitionException e)
            {
                return CommandResult<T>.Refused(found.Incident, e.Message);
            }
            catch (IncidentInputException e)
            {
                return CommandResult<T>.Invalid(found.Incident, e.Field, e.Message);
            }

            // Nothing changed: nothing to write (lists are carried by reference through `with`, so equality is cheap and exact).
            if (next == found.Incident || await store.TryUpdateIncidentAsync(next, found.ETag, ct))
            {
                return CommandResult<T>.Done(made, next);
            }
        }
    }

    /// <summary>
    /// A call of a page reached nobody (busy, no answer, failed, an answering machine): on the timeline, and while the
    /// incident still waits for someone, the page's next rule for that responder goes ahead now.
    /// </summary>
    public async Task CallUnansweredAsync(long number, string responder, string callKey, string status, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        await timelineStore.AppendAsync(TimelineEntries.CallUnanswered(number, now, callKey, status, new SendDetails(responder)), ct);
        if ((await store.GetIncidentAsync(number, ct))?.Incident is { Status: IncidentStatus.Triggered })
        {
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ContactUnanswered, responder, now) { Reason = callKey }, ct);
        }
    }

    private static Task SignalAsync(DurableTaskClient client, long number, IncidentSignal signal, CancellationToken ct) =>
        client.RaiseEventAsync(IncidentIds.InstanceId(number), IncidentSignal.EventName, signal, ct);
}
