using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Incidents.IncidentStates;

namespace IncidentFunctions.Domain.Tests.Incidents;

/// <summary>Whether the incident takes a note, an action, an outcome, a status update or a scope in each state.</summary>
public sealed class IncidentRecordsTests
{
    private static readonly IReadOnlyList<UpdateAudience> Team = [UpdateAudience.Team];

    [Theory]
    [InlineData(IncidentStatus.Triggered)]
    [InlineData(IncidentStatus.Acknowledged)]
    [InlineData(IncidentStatus.Resolved)]
    public void Notes_are_taken_until_the_incident_closes(IncidentStatus status)
    {
        var note = In(status).AddNote("n1", "Bob", NoteKind.RootCause, "disk filled by logs", T0.AddDays(2));

        Assert.Equal(new IncidentNote("n1", T0.AddDays(2), "Bob", NoteKind.RootCause, "disk filled by logs"), note);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered, true)]
    [InlineData(IncidentStatus.Acknowledged, true)]
    [InlineData(IncidentStatus.Resolved, true)]
    [InlineData(IncidentStatus.Closed, false)]
    public void Notes_and_outcomes_are_offered_exactly_until_the_incident_closes(IncidentStatus status, bool offered)
    {
        Assert.Equal(offered, In(status).TakesNotesAndOutcomes);
    }

    [Fact]
    public void A_note_on_a_closed_incident_is_refused()
    {
        Assert.Equal("INC 12 is closed", Assert.Throws<IncidentTransitionException>(() => Closed().AddNote("n1", "Bob", NoteKind.Finding, "late", T0.AddDays(2))).Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered)]
    [InlineData(IncidentStatus.Acknowledged)]
    public void Actions_are_recorded_while_open(IncidentStatus status)
    {
        var action = Action(In(status));

        Assert.Equal(("a1", "Restart web-1", "nothing to undo"), (action.Id, action.What, action.Undo));
        Assert.True(action.IsOpen);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved, "INC 12 is resolved")]
    [InlineData(IncidentStatus.Closed, "INC 12 is closed")]
    public void An_action_after_the_end_is_refused(IncidentStatus status, string refusal)
    {
        Assert.Equal(refusal, Assert.Throws<IncidentTransitionException>(() => Action(In(status))).Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Acknowledged)]
    [InlineData(IncidentStatus.Resolved)]
    public void An_outcome_confirms_an_action_until_the_incident_closes(IncidentStatus status)
    {
        var action = Action(Acknowledged());

        var confirmed = In(status).RecordOutcome(action, ActionResult.Worked, "health green", "Bob", T0.AddMinutes(12));

        Assert.Equal(new ActionOutcome(ActionResult.Worked, "health green", "Bob", T0.AddMinutes(12)), confirmed.Outcome);
        Assert.False(confirmed.IsOpen);
    }

    [Fact]
    public void A_second_outcome_is_refused_naming_the_first()
    {
        var incident = Acknowledged();
        var confirmed = incident.RecordOutcome(Action(incident), ActionResult.NoEffect, "still failing", "Bob", T0.AddMinutes(12));

        var e = Assert.Throws<IncidentTransitionException>(() => incident.RecordOutcome(confirmed, ActionResult.Worked, "green now", "Alice", T0.AddMinutes(20)));

        Assert.Equal("action a1 already has an outcome (NoEffect) recorded by Bob", e.Message);
    }

    [Fact]
    public void An_outcome_on_a_closed_incident_is_refused()
    {
        var action = Action(Acknowledged());

        Assert.Equal("INC 12 is closed",
            Assert.Throws<IncidentTransitionException>(() => Closed().RecordOutcome(action, ActionResult.Worked, "seen afterwards", "Bob", T0.AddDays(2))).Message);
    }

    [Fact]
    public void An_update_on_time_answers_the_deadline_and_sets_the_next_one_a_cadence_later()
    {
        var (incident, update) = Acknowledged().PostUpdate("u1", "Alice", "rolling back", Team, null, null, null, [], Cadence, T0.AddMinutes(20));

        Assert.Equal((T0.AddMinutes(35), false, T0.AddMinutes(50)), (update.DueAt!.Value, update.WasLate, update.NextUpdateBy!.Value));
        Assert.Equal((1, 0, T0.AddMinutes(50)), (incident.UpdatesOnTime, incident.UpdatesLate, incident.NextUpdateDue!.Value));
        Assert.Equal(T0.AddMinutes(20), incident.LastUpdateAt);
    }

    [Fact]
    public void A_late_update_counts_late_and_its_promise_becomes_the_deadline()
    {
        var (incident, update) = Acknowledged().PostUpdate("u1", "Alice", "still digging", Team, T0.AddMinutes(45), null, null, [], Cadence, T0.AddMinutes(40));

        Assert.True(update.WasLate);
        Assert.Equal((0, 1, T0.AddMinutes(45)), (incident.UpdatesOnTime, incident.UpdatesLate, incident.NextUpdateDue!.Value));
    }

    [Fact]
    public void An_update_before_acknowledgement_is_refused_as_the_leads_to_keep()
    {
        var e = Assert.Throws<IncidentTransitionException>(() => Triggered().PostUpdate("u1", "Bob", "looking", Team, null, null, null, [], Cadence, T0.AddMinutes(1)));

        Assert.Contains("acknowledge it first", e.Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved, "INC 12 is resolved")]
    [InlineData(IncidentStatus.Closed, "INC 12 is closed")]
    public void An_update_after_the_end_is_refused(IncidentStatus status, string refusal)
    {
        Assert.Equal(refusal, Assert.Throws<IncidentTransitionException>(() => In(status).PostUpdate("u1", "Alice", "done", Team, null, null, null, [], Cadence, T0.AddDays(2))).Message);
    }

    [Fact]
    public void The_first_update_to_users_must_name_the_incident_for_them_and_later_ones_need_not()
    {
        var incident = Acknowledged();
        IReadOnlyList<UpdateAudience> users = [UpdateAudience.Users];

        var e = Assert.Throws<IncidentInputException>(() => incident.PostUpdate("u1", "Alice", "slow checkout", users, null, null, null, [], Cadence, T0.AddMinutes(10)));
        Assert.Equal("publicTitle", e.Field);

        var (_, first) = incident.PostUpdate("u1", "Alice", "slow checkout", users, null, "Checkout is slow", "Payments take a minute", [], Cadence, T0.AddMinutes(10));
        var (_, second) = incident.PostUpdate("u2", "Alice", "fix rolling out", users, null, null, null, [first], Cadence, T0.AddMinutes(20));
        Assert.Null(second.PublicTitle);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered)]
    [InlineData(IncidentStatus.Acknowledged)]
    public void Scope_is_assessed_while_open(IncidentStatus status)
    {
        var scope = new IncidentScope(["checkout"], 3, 1200, true, null, T0.AddMinutes(15), "Alice");

        Assert.Same(scope, In(status).AssessScope(scope));
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void Scope_after_the_end_is_refused(IncidentStatus status)
    {
        Assert.Throws<IncidentTransitionException>(() => In(status).AssessScope(new IncidentScope([], null, null, false, null, T0.AddDays(2), "Alice")));
    }
}
