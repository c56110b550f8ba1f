using System.Globalization;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>The response loop's records: notes, actions and outcomes, status updates, scope.</summary>
public sealed partial class IncidentCommandService
{
    public async Task<CommandResult<IncidentNote>> AddNoteAsync(long number, string by, NoteKind kind, string text, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, i.AddNote(IncidentRecordStore.NewId(), by, kind, text, now)), ct);
        if (result.Value is { } note)
        {
            await records.AddNoteAsync(number, note, ct);
            await timelineStore.AppendAsync(new TimelineEntry(number, now, TimelineEntryKind.Note, by,
                $"{KindWord(kind)}: {text}", "note:" + note.Id, new Dictionary<string, string> { ["kind"] = kind.ToString() }), ct);
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
        long number, string by, string what, string why, string expectedEffect, string? undo, bool irreversible,
        DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, i.RecordAction(IncidentRecordStore.NewId(), by, what, why, expectedEffect, undo, irreversible, now)), ct);
        if (result.Value is { } action)
        {
            await records.AddActionAsync(number, action, ct);
            await timelineStore.AppendAsync(new TimelineEntry(number, now, TimelineEntryKind.ActionRecorded, by,
                $"Action: {what} (why: {why}; expected: {expectedEffect}; {(irreversible ? "irreversible" : "undo: " + undo)})", "action:" + action.Id,
                new Dictionary<string, string> { ["actionId"] = action.Id, ["irreversible"] = irreversible ? "true" : "false" }), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ActionRecorded, by, now) { ActionId = action.Id, Irreversible = irreversible }, ct);
        }

        return result;
    }

    /// <summary>The outcome is saved on the action's own row under that row's ETag (the incident row does not change).</summary>
    public async Task<CommandResult<IncidentAction>> RecordOutcomeAsync(
        long number, string actionId, ActionResult result, string observed, string by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
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
                confirmed = incident.RecordOutcome(action, result, observed, by, now);
            }
            catch (IncidentTransitionException e)
            {
                return CommandResult<IncidentAction>.Refused(incident, e.Message);
            }

            if (!await records.TryUpdateActionAsync(number, confirmed, etag, ct))
            {
                continue;
            }

            await timelineStore.AppendAsync(new TimelineEntry(number, now, TimelineEntryKind.ActionConfirmed, by,
                $"Outcome of '{action.What}': {ResultWord(result)}: {observed}", "outcome:" + actionId,
                new Dictionary<string, string> { ["actionId"] = actionId, ["result"] = result.ToString() }), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ActionConfirmed, by, now) { ActionId = actionId }, ct);
            return CommandResult<IncidentAction>.Done(confirmed, incident);
        }
    }

    public async Task<CommandResult<StatusUpdate>> PostUpdateAsync(
        long number, string by, string text, IReadOnlyList<UpdateAudience> audiences, DateTimeOffset? nextUpdateBy, PublicWording forUsers,
        DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        // Only an update to users needs the earlier ones (has the incident been named for users yet?). Updates are only
        // ever added, so once a title is given no later read can lose it; a concurrent first update to users can at
        // worst make this one ask for a title it no longer needs.
        IReadOnlyList<StatusUpdate> earlier = audiences.Contains(UpdateAudience.Users) ? await records.GetUpdatesAsync(number, ct) : [];
        var result = await DecideAsync(number, i => i.PostUpdate(IncidentRecordStore.NewId(), by, text, audiences, nextUpdateBy, forUsers.Title, forUsers.Impact,
            earlier, config.Current.Response.UpdateCadence(i.Severity), now), ct);
        if (result.Value is not { } update)
        {
            return result;
        }

        await records.AddUpdateAsync(number, update, ct);
        var data = new Dictionary<string, string>
        {
            ["audiences"] = string.Join(",", audiences),
            ["late"] = update.WasLate ? "true" : "false",
            ["nextUpdateBy"] = update.NextUpdateBy?.ToString("O", CultureInfo.InvariantCulture) ?? "",
        };
        if (forUsers.Title is { } publicTitle)
        {
            data["publicTitle"] = publicTitle;
        }

        if (forUsers.Impact is { } impact)
        {
            data["impact"] = impact;
        }

        await timelineStore.AppendAsync(new TimelineEntry(number, now, TimelineEntryKind.UpdatePosted, by,
            $"Update to {string.Join(", ", audiences.Select(a => a.ToString().ToLowerInvariant()))}{(update.WasLate ? " (late)" : "")}: {text}", "update:" + update.Id,
            data), ct);
        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.UpdatePosted, by, now) { NextUpdateBy = update.NextUpdateBy, UpdateId = update.Id }, ct);
        return result;
    }

    public async Task<CommandResult<IncidentScope>> SetScopeAsync(long number, IncidentScope scope, DurableTaskClient client, CancellationToken ct)
    {
        var result = await DecideAsync(number, i => (i, i.AssessScope(scope)), ct);
        if (result.IsDone)
        {
            var before = await records.GetScopeAsync(number, ct);
            await records.SetScopeAsync(number, scope, ct);
            await timelineStore.AppendAsync(new TimelineEntry(number, scope.At, TimelineEntryKind.ScopeChanged, scope.By,
                "Scope " + (before is null ? "assessed" : "changed") + ": " + Describe(scope), "scope"), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Recorded, scope.By, scope.At), ct);
        }

        return result;
    }

    private static string KindWord(NoteKind kind) => kind switch
    {
        NoteKind.RootCause => "Root cause",
        NoteKind.Hypothesis => "Hypothesis",
        NoteKind.Finding => "Finding",
        _ => "Note",
    };

    private static string ResultWord(ActionResult result) => result switch
    {
        ActionResult.Worked => "worked",
        ActionResult.NoEffect => "no effect",
        _ => "made worse",
    };

    private static string Describe(IncidentScope s)
    {
        var parts = new List<string>();
        if (s.AffectedServices.Count > 0)
        {
            parts.Add("services " + string.Join(", ", s.AffectedServices));
        }

        if (s.HostsAffected is int hosts)
        {
            parts.Add($"{hosts} hosts");
        }

        if (s.UsersAffected is int users)
        {
            parts.Add($"{users} users");
        }

        parts.Add(s.CustomerVisible ? "customer-visible" : "not customer-visible");
        if (!string.IsNullOrWhiteSpace(s.Notes))
        {
            parts.Add(s.Notes);
        }

        return string.Join("; ", parts);
    }
}
