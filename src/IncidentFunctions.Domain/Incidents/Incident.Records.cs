using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Status;

namespace IncidentFunctions.Domain.Incidents;

/// <summary>
/// What responders record on the incident: notes, actions and their outcomes, status updates, scope. The records are
/// stored beside the incident, but whether the incident still takes them is its rule, decided here.
/// </summary>
public sealed partial record Incident
{
    /// <summary>Whether <see cref="AddNote"/> and <see cref="RecordOutcome"/> take records now (so whether to offer them at all).</summary>
    public bool TakesNotesAndOutcomes => Status != IncidentStatus.Closed;

    /// <summary>Notes are welcome until the incident closes: findings often come after it is resolved.</summary>
    public IncidentNote AddNote(string id, string by, NoteKind kind, string text, DateTimeOffset at)
    {
        RequireNotClosed();
        return new IncidentNote(id, at, by, kind, text);
    }

    /// <summary>Actions change the system while the incident is open; after resolution there is nothing to act on.</summary>
    public IncidentAction RecordAction(string id, string by, string what, string why, string expectedEffect, string? undo, bool irreversible, DateTimeOffset at)
    {
        RequireOpen();
        return new IncidentAction(id, at, by, what, why, expectedEffect, undo, irreversible);
    }

    /// <summary>
    /// What an action did. Outcomes are still taken after resolution (the effect is often seen later), not once
    /// closed; an action has one outcome.
    /// </summary>
    public IncidentAction RecordOutcome(IncidentAction action, ActionResult result, string observed, string by, DateTimeOffset at)
    {
        RequireNotClosed();
        if (action.Outcome is not null)
        {
            throw new IncidentTransitionException($"action {action.Id} already has an outcome ({action.Outcome.Result}) recorded by {action.Outcome.By}");
        }

        return action with { Outcome = new ActionOutcome(result, observed, by, at) };
    }

    /// <summary>
    /// A status update: the lead's to keep, so only on an acknowledged incident. It answers the current deadline (late
    /// when after it) and sets the next: its own promise, else one cadence from now. The first update to users must
    /// name the incident for them (<see cref="IncidentInputException"/> on publicTitle otherwise).
    /// </summary>
    /// <param name="earlier">The incident's updates so far (only those to users matter).</param>
    /// <param name="updateCadence">How often the incident's severity wants an update; null when it wants none.</param>
    public (Incident Incident, StatusUpdate Update) PostUpdate(
        string id, string by, string text, IReadOnlyList<UpdateAudience> audiences, DateTimeOffset? nextUpdateBy,
        string? publicTitle, string? impact, IReadOnlyList<StatusUpdate> earlier, TimeSpan? updateCadence, DateTimeOffset at)
    {
        if (Status != IncidentStatus.Acknowledged)
        {
            throw new IncidentTransitionException(Status == IncidentStatus.Triggered
                ? $"INC {Number} has no lead yet: acknowledge it first; updates are the lead's to keep"
                : $"INC {Number} is {StatusWord}");
        }

        if (PublicStatus.NeedsPublicTitle(audiences, publicTitle, earlier))
        {
            throw new IncidentInputException("publicTitle",
                $"the first update to users of INC {Number} must give its publicTitle: the incident's name as users will read it on the status page");
        }

        var due = NextUpdateDue;
        var late = due is { } d && at > d;
        var next = nextUpdateBy ?? (updateCadence is { } cadence ? at + cadence : null);
        var incident = this with
        {
            LastUpdateAt = at,
            NextUpdateDue = next,
            UpdatesLate = UpdatesLate + (late ? 1 : 0),
            UpdatesOnTime = UpdatesOnTime + (late ? 0 : 1),
        };
        return (incident, new StatusUpdate(id, at, by, text, audiences, next, due, late, publicTitle, impact));
    }

    /// <summary>Scope is assessed while the incident is open; afterwards the post-mortem tells the story.</summary>
    public IncidentScope AssessScope(IncidentScope scope)
    {
        RequireOpen();
        return scope;
    }

    private void RequireNotClosed()
    {
        if (!TakesNotesAndOutcomes)
        {
            throw new IncidentTransitionException($"INC {Number} is closed");
        }
    }
}
