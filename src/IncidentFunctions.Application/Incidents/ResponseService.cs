using System.Globalization;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Status;
using IncidentFunctions.Domain.Timeline;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// The response loop's commands, whichever door they come through (API or SMS): each checks the incident's state,
/// writes its record, moves the incident row under its ETag, appends to the timeline, then tells the orchestration.
/// Inputs arrive validated in shape; this decides whether the incident allows them.
/// </summary>
public sealed class ResponseService(IncidentStore store, IncidentRecordStore records, IncidentCommands commands, IncidentConfigProvider config)
{
    public async Task<ResponseResult<IncidentNote>> AddNoteAsync(long number, string by, NoteKind kind, string text, DateTimeOffset now, CancellationToken ct)
    {
        var incident = await store.GetIncidentAsync(number, ct);
        if (incident is null)
        {
            return ResponseResult<IncidentNote>.NotFound(number);
        }

        if (incident.Incident.Status == IncidentStatus.Closed)
        {
            return ResponseResult<IncidentNote>.Refused($"INC {number} is closed");
        }

        var note = new IncidentNote(IncidentRecordStore.NewId(), now, by, kind, text);
        await records.AddNoteAsync(number, note, ct);
        await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.Note, by,
            $"{KindWord(kind)}: {text}", "note:" + note.Id, new Dictionary<string, string> { ["kind"] = kind.ToString() }), ct);
        return ResponseResult<IncidentNote>.Done(note);
    }

    public async Task<ResponseResult<IncidentAction>> RecordActionAsync(
        long number, string by, string what, string why, string expectedEffect, string? undo, bool irreversible,
        DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        if (await OpenIncidentAsync(number, ct) is { } refusal)
        {
            return refusal.As<IncidentAction>();
        }

        var action = new IncidentAction(IncidentRecordStore.NewId(), now, by, what, why, expectedEffect, undo, irreversible);
        await records.AddActionAsync(number, action, ct);
        await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.ActionRecorded, by,
            $"Action: {what} (why: {why}; expected: {expectedEffect}; {(irreversible ? "irreversible" : "undo: " + undo)})", "action:" + action.Id,
            new Dictionary<string, string> { ["actionId"] = action.Id, ["irreversible"] = irreversible ? "true" : "false" }), ct);
        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ActionRecorded, by, now) { ActionId = action.Id, Irreversible = irreversible }, ct);
        return ResponseResult<IncidentAction>.Done(action);
    }

    public async Task<ResponseResult<IncidentAction>> RecordOutcomeAsync(
        long number, string actionId, ActionResult result, string observed, string by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var incident = await store.GetIncidentAsync(number, ct);
        if (incident is null)
        {
            return ResponseResult<IncidentAction>.NotFound(number);
        }

        while (true)
        {
            var found = await records.GetActionAsync(number, actionId, ct);
            if (found is not var (action, etag))
            {
                return ResponseResult<IncidentAction>.Missing("actionId", $"INC {number} has no action '{actionId}'");
            }

            if (incident.Incident.Status == IncidentStatus.Closed)
            {
                return ResponseResult<IncidentAction>.Refused($"INC {number} is closed");
            }

            if (action.Outcome is not null)
            {
                return ResponseResult<IncidentAction>.Refused($"action {actionId} already has an outcome ({action.Outcome.Result}) recorded by {action.Outcome.By}");
            }

            var confirmed = action with { Outcome = new ActionOutcome(result, observed, by, now) };
            if (!await records.TryUpdateActionAsync(number, confirmed, etag, ct))
            {
                continue;
            }

            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.ActionConfirmed, by,
                $"Outcome of '{action.What}': {ResultWord(result)}: {observed}", "outcome:" + actionId,
                new Dictionary<string, string> { ["actionId"] = actionId, ["result"] = result.ToString() }), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.ActionConfirmed, by, now) { ActionId = actionId }, ct);
            return ResponseResult<IncidentAction>.Done(confirmed);
        }
    }

    public async Task<ResponseResult<StatusUpdate>> PostUpdateAsync(
        long number, string by, string text, IReadOnlyList<UpdateAudience> audiences, DateTimeOffset? nextUpdateBy, PublicWording forUsers,
        DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<StatusUpdate>? earlier = null;
        while (true)
        {
            var found = await store.GetIncidentAsync(number, ct);
            if (found is null)
            {
                return ResponseResult<StatusUpdate>.NotFound(number);
            }

            var incident = found.Incident;
            if (incident.Status != IncidentStatus.Acknowledged)
            {
                return ResponseResult<StatusUpdate>.Refused(incident.Status == IncidentStatus.Triggered
                    ? $"INC {number} has no lead yet: acknowledge it first; updates are the lead's to keep"
                    : $"INC {number} is {incident.Status.ToString().ToLowerInvariant()}");
            }

            // Updates are only ever added, so once a title is given no later read can lose it; a concurrent first
            // update to users can at worst make this one ask for a title it no longer needs.
            if (audiences.Contains(UpdateAudience.Users))
            {
                earlier ??= await records.GetUpdatesAsync(number, ct);
                if (PublicStatus.NeedsPublicTitle(audiences, forUsers.Title, earlier))
                {
                    return ResponseResult<StatusUpdate>.Invalid("publicTitle",
                        $"the first update to users of INC {number} must give its publicTitle: the incident's name as users will read it on the status page");
                }
            }

            var due = incident.NextUpdateDue;
            var late = due is { } d && now > d;
            var cadence = config.Current.Response.UpdateCadence(incident.Severity);
            var next = nextUpdateBy ?? (cadence is { } c ? now + c : null);
            if (!await store.TryUpdateIncidentAsync(incident.RecordUpdate(now, next, late), found.ETag, ct))
            {
                continue;
            }

            var update = new StatusUpdate(IncidentRecordStore.NewId(), now, by, text, audiences, next, due, late, forUsers.Title, forUsers.Impact);
            await records.AddUpdateAsync(number, update, ct);
            var data = new Dictionary<string, string>
            {
                ["audiences"] = string.Join(",", audiences),
                ["late"] = late ? "true" : "false",
                ["nextUpdateBy"] = next?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            };
            if (forUsers.Title is { } publicTitle)
            {
                data["publicTitle"] = publicTitle;
            }

            if (forUsers.Impact is { } impact)
            {
                data["impact"] = impact;
            }

            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.UpdatePosted, by,
                $"Update to {string.Join(", ", audiences.Select(a => a.ToString().ToLowerInvariant()))}{(late ? " (late)" : "")}: {text}", "update:" + update.Id,
                data), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.UpdatePosted, by, now) { NextUpdateBy = next, UpdateId = update.Id }, ct);
            return ResponseResult<StatusUpdate>.Done(update);
        }
    }

    public async Task<ResponseResult<IncidentScope>> SetScopeAsync(long number, IncidentScope scope, DurableTaskClient client, CancellationToken ct)
    {
        if (await OpenIncidentAsync(number, ct) is { } refusal)
        {
            return refusal.As<IncidentScope>();
        }

        var before = await records.GetScopeAsync(number, ct);
        await records.SetScopeAsync(number, scope, ct);
        await store.AppendTimelineAsync(new TimelineEntry(number, scope.At, TimelineEntryKind.ScopeChanged, scope.By,
            "Scope " + (before is null ? "assessed" : "changed") + ": " + Describe(scope), "scope"), ct);
        await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.Recorded, scope.By, scope.At), ct);
        return ResponseResult<IncidentScope>.Done(scope);
    }

    public async Task<ResponseResult<Incident>> ChangeSeverityAsync(
        long number, IncidentSeverity severity, string reason, string by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var cadence = config.Current.Response.UpdateCadence(severity);
        var result = await TransitionAsync(number, i => i.ChangeSeverity(severity) with
        {
            NextUpdateDue = i.Status != IncidentStatus.Acknowledged ? i.NextUpdateDue : ResponseAgenda.DueAfterCadenceChange(i.NextUpdateDue, cadence, now),
        }, ct);
        if (result.Value is { } incident)
        {
            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.SeverityChanged, by,
                $"Severity changed to SEV{(int)severity}: {reason}", $"severity:{(int)severity}"), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.SeverityChanged, by, now)
            {
                Severity = severity,
                Cadence = config.Current.Response.UpdateCadence(severity),
                Reason = reason,
            }, ct);
        }

        return result;
    }

    public async Task<ResponseResult<Incident>> HandOverAsync(long number, string to, string? reason, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        string? previous = null;
        var result = await TransitionAsync(number, i =>
        {
            previous = i.Lead;
            return i.HandOver(to);
        }, ct);
        if (result.Value is not null)
        {
            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.LeadChanged, previous ?? "api",
                $"Lead handed over from {previous ?? "nobody"} to {to}{(reason is null ? "" : $": {reason}")}", "lead:" + to), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.LeadChanged, previous, now) { Responders = [to], Reason = reason }, ct);
        }

        return result;
    }

    public async Task<ResponseResult<Incident>> AddRespondersAsync(
        long number, IReadOnlyList<string> names, string? by, string? reason, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        if (await OpenIncidentAsync(number, ct) is { } refusal)
        {
            return refusal.As<Incident>();
        }

        // Only people not yet on the incident are added and paged (a policy usually includes the lead).
        IReadOnlyList<string> added = [];
        var result = await TransitionAsync(number, i =>
        {
            added = names.Where(n => !i.Responders.Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (added.Count == 0)
            {
                throw new IncidentTransitionException(names.Count == 0
                    ? $"nobody to bring in to INC {number}: nobody is on call there now"
                    : $"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} already on INC {number}");
            }

            return i.AddResponders(added);
        }, ct);
        if (result.Value is not null)
        {
            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.RespondersAdded, by ?? "api",
                $"Brought in {string.Join(", ", added)}{(reason is null ? "" : $": {reason}")}", $"responders:{now.UtcTicks}"), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.RespondersAdded, by, now) { Responders = added, Reason = reason }, ct);
        }

        return result;
    }

    public async Task<ResponseResult<Incident>> ResolveAsync(long number, string by, string via, string? summary, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        return From(number, await commands.ResolveAsync(number, by, via, client, now, ct, summary));
    }

    // ---- post-mortem ------------------------------------------------------------------------------------------

    public async Task<ResponseResult<Postmortem>> EditPostmortemAsync(long number, PostmortemEdit edit, string by, DateTimeOffset now, CancellationToken ct)
    {
        var result = await SavePostmortemAsync(number, p => p.WithSections(edit), ct);
        if (result.Status == ResponseStatus.Done)
        {
            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.PostmortemEdited, by,
                "Post-mortem edited", $"postmortem-edit:{now.UtcTicks}"), ct);
        }

        return result;
    }

    public async Task<ResponseResult<Postmortem>> CompletePostmortemAsync(long number, string by, DurableTaskClient client, DateTimeOffset now, CancellationToken ct)
    {
        var result = await SavePostmortemAsync(number, p => p.Complete(by, now), ct);
        if (result.Status == ResponseStatus.Done)
        {
            await store.AppendTimelineAsync(new TimelineEntry(number, now, TimelineEntryKind.PostmortemCompleted, by,
                $"Post-mortem completed by {by}", "postmortem-completed"), ct);
            await SignalAsync(client, number, new IncidentSignal(IncidentSignalKind.PostmortemCompleted, by, now), ct);
        }

        return result;
    }

    /// <summary>Applies a change to the stored post-mortem under its ETag; the domain's refusals become 400 or 409.</summary>
    private async Task<ResponseResult<Postmortem>> SavePostmortemAsync(long number, Func<Postmortem, Postmortem> change, CancellationToken ct)
    {
        while (true)
        {
            var found = await records.GetPostmortemAsync(number, ct);
            if (found is null)
            {
                return await MissingPostmortemAsync(number, ct);
            }

            Postmortem changed;
            try
            {
                changed = change(found.Postmortem);
            }
            catch (PostmortemException e) when (e.Problems.Count > 0)
            {
                return ResponseResult<Postmortem>.Invalid(e.Problems[0].Field, e.Problems[0].Message);
            }
            catch (PostmortemException e)
            {
                return ResponseResult<Postmortem>.Refused(e.Message);
            }

            if (!IncidentRecordStore.Fits(changed))
            {
                return ResponseResult<Postmortem>.Invalid("$",
                    $"the post-mortem would be larger than the {IncidentRecordStore.PostmortemChunkChars * IncidentRecordStore.PostmortemMaxChunks / 1000} thousand characters it may hold as stored; shorten a section");
            }

            if (await records.TryUpdatePostmortemAsync(changed, found.ETag, ct))
            {
                return ResponseResult<Postmortem>.Done(changed);
            }
        }
    }

    private async Task<ResponseResult<Postmortem>> MissingPostmortemAsync(long number, CancellationToken ct) =>
        await store.GetIncidentAsync(number, ct) is null
            ? ResponseResult<Postmortem>.NotFound(number)
            : ResponseResult<Postmortem>.Missing("postmortem", $"INC {number} has no post-mortem yet: it is drafted when the incident resolves");

    // ---- shared -------------------------------------------------------------------------------------------------

    private async Task<ResponseResult<Incident>?> OpenIncidentAsync(long number, CancellationToken ct)
    {
        var found = await store.GetIncidentAsync(number, ct);
        if (found is null)
        {
            return ResponseResult<Incident>.NotFound(number);
        }

        return found.Incident.IsOpen ? null : ResponseResult<Incident>.Refused($"INC {number} is {found.Incident.Status.ToString().ToLowerInvariant()}");
    }

    private async Task<ResponseResult<Incident>> TransitionAsync(long number, Func<Incident, Incident> transition, CancellationToken ct)
    {
        return From(number, await commands.TransitionAsync(number, transition, ct));
    }

    private static ResponseResult<Incident> From(long number, CommandResult result) => result.Status switch
    {
        CommandStatus.Done => ResponseResult<Incident>.Done(result.Incident!),
        CommandStatus.NotFound => ResponseResult<Incident>.NotFound(number),
        _ => ResponseResult<Incident>.Refused(result.Reason!),
    };

    private static Task SignalAsync(DurableTaskClient client, long number, IncidentSignal signal, CancellationToken ct) =>
        client.RaiseEventAsync(IncidentIds.InstanceId(number), IncidentSignal.EventName, signal, ct);

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

public enum ResponseStatus
{
    Done,
    NotFound,
    /// <summary>The incident's state does not allow it (409).</summary>
    Refused,
    /// <summary>The input is well-formed but wrong for this incident (400), or names something that is not there (404).</summary>
    Invalid,
    Missing,
}

public sealed record ResponseResult<T>(ResponseStatus Status, T? Value, string? Field, string? Detail)
{
    public static ResponseResult<T> Done(T value) => new(ResponseStatus.Done, value, null, null);
    public static ResponseResult<T> NotFound(long number) => new(ResponseStatus.NotFound, default, "id", $"INC {number} does not exist");
    public static ResponseResult<T> Refused(string detail) => new(ResponseStatus.Refused, default, null, detail);
    public static ResponseResult<T> Invalid(string field, string detail) => new(ResponseStatus.Invalid, default, field, detail);
    public static ResponseResult<T> Missing(string field, string detail) => new(ResponseStatus.Missing, default, field, detail);

    public ResponseResult<TOther> As<TOther>() => new(Status, default, Field, Detail);
}

/// <summary>What an update to users adds for the status page; both null on updates to the team and leadership only.</summary>
public sealed record PublicWording(string? Title, string? Impact)
{
    public static readonly PublicWording None = new(null, null);
}
