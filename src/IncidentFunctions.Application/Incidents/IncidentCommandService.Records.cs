using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>The response loop's records: notes, actions and outcomes, status updates, scope.</summary>
public sealed partial class IncidentCommandService
{
    /// <param name="by">Who wrote it and through what: a note from the incident channel ("slack") is offered to the post-mortem beside its pins.</param>
    public async Task<CommandResult<IncidentNote>> AddNoteAsync(long number, Attribution by, NoteKind kind, string text, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, i.AddNote(IncidentRecordStore.NewId(), by.Shown, kind, text, now)), ct);
        if (result.Value is { } note)
        {
            await records.AddNoteAsync(number, note, ct);
            await timelineStore.AppendAsync(TimelineEntries.Note(number, note).By(by), ct);
        }

        return result;
    }

    /// <summary>
    /// A responder's verdict on the alert that paged them, for the alert review: taken in any state (it usually comes
    /// after the resolve), one per responder, the latest wins.
    /// </summary>
    public async Task<CommandResult<AlertFeedback>> RecordAlertFeedbackAsync(long number, string by, bool useful, string? comment, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, new AlertFeedback(by, useful, comment, now)), ct);
        if (result.Value is { } feedback)
        {
            await records.SetAlertFeedbackAsync(number, feedback, ct);
        }

        return result;
    }

    public async Task<CommandResult<IncidentAction>> RecordActionAsync(
        long number, Attribution by, string what, string why, string expectedEffect, string? undo, bool irreversible,
        DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, i.RecordAction(IncidentRecordStore.NewId(), by.Shown, what, why, expectedEffect, undo, irreversible, now)), ct);
        if (result.Value is { } action)
        {
            await records.AddActionAsync(number, action, ct);
            await timelineStore.AppendAsync(TimelineEntries.ActionRecorded(number, action).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ActionRecorded, by.Shown, now) { ActionId = action.Id, Irreversible = irreversible }, ct);
        }

        return result;
    }

    /// <summary>The outcome is saved on the action's own row under that row's ETag (the incident row does not change).</summary>
    public async Task<CommandResult<IncidentAction>> RecordOutcomeAsync(
        long number, string actionId, ActionResult result, string observed, Attribution by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var found = await store.GetIncidentAsync(number, ct);
        if (found is null)
        {
            return CommandResult<IncidentAction>.NotFound(number);
        }

        var incident = found.Incident;
        while (true)
        {
            if (await records.GetActionAsync(number, actionId, ct) is not var (action, etag))
            {
                return CommandResult<IncidentAction>.Missing(incident, "actionId", $"INC {number} has no action '{actionId}'");
            }

            IncidentAction confirmed;
            try
            {
                confirmed = incident.RecordOutcome(action, result, observed, by.Shown, now);
            }
            catch (IncidentTransitionException e)
            {
                return CommandResult<IncidentAction>.Refused(incident, e.Message);
            }

            if (!await records.TryUpdateActionAsync(number, confirmed, etag, ct))
            {
                continue;
            }

            await timelineStore.AppendAsync(TimelineEntries.ActionConfirmed(number, now, by.Name, action, result, observed).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ActionConfirmed, by.Shown, now) { ActionId = actionId }, ct);
            return CommandResult<IncidentAction>.Done(confirmed, incident);
        }
    }

    public async Task<CommandResult<StatusUpdate>> PostUpdateAsync(
        long number, Attribution by, string text, IReadOnlyList<UpdateAudience> audiences, DateTimeOffset? nextUpdateBy, PublicWording forUsers,
        DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        // Only an update to users needs the earlier ones (has the incident been named for users yet?). Updates are only
        // ever added, so once a title is given no later read can lose it; a concurrent first update to users can at
        // worst make this one ask for a title it no longer needs.
        IReadOnlyList<StatusUpdate> earlier = audiences.Contains(UpdateAudience.Users) ? await records.GetUpdatesAsync(number, ct) : [];
        var result = await DecideAsync(number, i => i.PostUpdate(IncidentRecordStore.NewId(), by.Shown, text, audiences, nextUpdateBy, forUsers.Title, forUsers.Impact,
            earlier, config.Current.Response.UpdateCadence(i.Severity), now), ct);
        if (result.Value is not { } update)
        {
            return result;
        }

        await records.AddUpdateAsync(number, update, ct);
        await timelineStore.AppendAsync(TimelineEntries.UpdatePosted(number, update).By(by), ct);
        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.UpdatePosted, by.Shown, now) { NextUpdateBy = update.NextUpdateBy, UpdateId = update.Id }, ct);
        return result;
    }

    public async Task<CommandResult<IncidentScope>> SetScopeAsync(long number, IncidentScope scope, Attribution by, DurableTaskClient client, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, i.AssessScope(scope)), ct);
        if (result.IsDone)
        {
            var before = await records.GetScopeAsync(number, ct);
            await records.SetScopeAsync(number, scope, ct);
            await timelineStore.AppendAsync(TimelineEntries.ScopeChanged(number, scope, firstAssessment: before is null).By(by), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Recorded, scope.By, scope.At), ct);
        }

        return result;
    }
}
