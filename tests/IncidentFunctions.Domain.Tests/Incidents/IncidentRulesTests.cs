using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Incidents.IncidentStates;

namespace IncidentFunctions.Domain.Tests.Incidents;

/// <summary>The incident's own moves: acknowledge, escalate, hand over, bring in, severity, resolve, close, agenda.</summary>
public sealed class IncidentRulesTests
{
    [Fact]
    public void A_new_incident_is_triggered_with_nobody_on_it()
    {
        var incident = Triggered();

        Assert.Equal((IncidentStatus.Triggered, null, 1), (incident.Status, incident.Lead, incident.AlertCount));
        Assert.Empty(incident.Responders);
        Assert.Equal(T0, incident.LastAlertAt);
    }

    [Fact]
    public void Acknowledging_a_triggered_incident_makes_the_acknowledger_lead_and_starts_the_update_clock()
    {
        var incident = Triggered().Acknowledge("Alice", becomesLead: true, Cadence, T0.AddMinutes(5));

        Assert.Equal((IncidentStatus.Acknowledged, "Alice", "Alice"), (incident.Status, incident.Lead, incident.AcknowledgedBy));
        Assert.Equal(["Alice"], incident.Responders);
        Assert.Equal(T0.AddMinutes(5), incident.AcknowledgedAt);
        Assert.Equal(T0.AddMinutes(35), incident.NextUpdateDue);
    }

    [Fact]
    public void A_monitoring_tools_acknowledgement_takes_no_lead_and_a_severity_without_cadence_sets_no_deadline()
    {
        var incident = Triggered().Acknowledge("integration:datadog", becomesLead: false, updateCadence: null, T0.AddMinutes(1));

        Assert.Equal((IncidentStatus.Acknowledged, null, "integration:datadog"), (incident.Status, incident.Lead, incident.AcknowledgedBy));
        Assert.Empty(incident.Responders);
        Assert.Null(incident.NextUpdateDue);
    }

    [Fact]
    public void Acknowledging_twice_is_refused_naming_the_lead()
    {
        var e = Assert.Throws<IncidentTransitionException>(() => Acknowledged().Acknowledge("Bob", true, Cadence, T0.AddMinutes(6)));

        Assert.Equal("INC 12 is already acknowledged by Alice", e.Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered, false, true)]
    [InlineData(IncidentStatus.Triggered, true, true)]
    [InlineData(IncidentStatus.Acknowledged, false, false)]
    [InlineData(IncidentStatus.Acknowledged, true, true)]
    [InlineData(IncidentStatus.Resolved, true, false)]
    [InlineData(IncidentStatus.Closed, true, false)]
    public void Pages_go_out_while_triggered_and_help_joins_an_acknowledged_incident(IncidentStatus status, bool asHelp, bool pages)
    {
        Assert.Equal(pages, In(status).TakesPages(asHelp));
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void Acknowledging_a_resolved_or_closed_incident_is_refused(IncidentStatus status)
    {
        var e = Assert.Throws<IncidentTransitionException>(() => In(status).Acknowledge("Bob", true, Cadence, T0.AddDays(2)));

        Assert.Equal("INC 12 is already resolved", e.Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered, true)]
    [InlineData(IncidentStatus.Acknowledged, false)]
    [InlineData(IncidentStatus.Resolved, false)]
    [InlineData(IncidentStatus.Closed, false)]
    public void Only_a_triggered_incident_offers_acknowledgement(IncidentStatus status, bool offered)
    {
        Assert.Equal(offered, In(status).CanBeAcknowledged);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered)]
    [InlineData(IncidentStatus.Acknowledged)]
    public void The_next_tier_may_be_paged_while_the_incident_is_open_after_acknowledgement_as_help(IncidentStatus status)
    {
        In(status).RequestNextTier();
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved, "INC 12 is already resolved")]
    [InlineData(IncidentStatus.Closed, "INC 12 is already resolved and closed")]
    public void Escalating_is_refused_once_the_incident_has_ended(IncidentStatus status, string refusal)
    {
        var e = Assert.Throws<IncidentTransitionException>(() => In(status).RequestNextTier());

        Assert.Equal(refusal, e.Message);
    }

    [Fact]
    public void Handing_over_moves_the_lead_and_puts_the_new_lead_on_the_incident()
    {
        var incident = Acknowledged().HandOver("Bob");

        Assert.Equal("Bob", incident.Lead);
        Assert.Equal(["Alice", "Bob"], incident.Responders);
    }

    [Fact]
    public void Handing_over_without_a_lead_is_refused()
    {
        var e = Assert.Throws<IncidentTransitionException>(() => Triggered().HandOver("Bob"));

        Assert.Contains("has no lead yet", e.Message);
    }

    [Fact]
    public void Handing_over_to_the_current_lead_is_refused_whatever_the_case()
    {
        var e = Assert.Throws<IncidentTransitionException>(() => Acknowledged().HandOver("alice"));

        Assert.Equal("alice is already the lead of INC 12", e.Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved, "INC 12 is resolved")]
    [InlineData(IncidentStatus.Closed, "INC 12 is closed")]
    public void Handing_over_after_the_end_is_refused(IncidentStatus status, string refusal)
    {
        Assert.Equal(refusal, Assert.Throws<IncidentTransitionException>(() => In(status).HandOver("Bob")).Message);
    }

    [Fact]
    public void Bringing_people_in_adds_only_those_not_yet_on_the_incident_once_each()
    {
        var (incident, added) = Acknowledged().AddResponders(["alice", "Bob", "Carol", "bob"]);

        Assert.Equal(["Bob", "Carol"], added);
        Assert.Equal(["Alice", "Bob", "Carol"], incident.Responders);
    }

    [Fact]
    public void Bringing_in_people_is_allowed_before_acknowledgement()
    {
        var (incident, added) = Triggered().AddResponders(["Bob"]);

        Assert.Equal(["Bob"], added);
        Assert.Equal(["Bob"], incident.Responders);
    }

    [Fact]
    public void Bringing_in_only_people_already_on_it_or_nobody_is_refused()
    {
        Assert.Equal("Alice is already on INC 12", Assert.Throws<IncidentTransitionException>(() => Acknowledged().AddResponders(["Alice"])).Message);
        Assert.Contains("nobody is on call", Assert.Throws<IncidentTransitionException>(() => Acknowledged().AddResponders([])).Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void Bringing_people_in_after_the_end_is_refused(IncidentStatus status)
    {
        Assert.Throws<IncidentTransitionException>(() => In(status).AddResponders(["Bob"]));
    }

    [Fact]
    public void A_stricter_severity_brings_the_update_deadline_forward_on_an_acknowledged_incident()
    {
        var incident = Acknowledged().ChangeSeverity(IncidentSeverity.Sev1, TimeSpan.FromMinutes(15), T0.AddMinutes(10));

        Assert.Equal(IncidentSeverity.Sev1, incident.Severity);
        Assert.Equal(T0.AddMinutes(25), incident.NextUpdateDue);
    }

    [Fact]
    public void A_looser_severity_keeps_the_deadline_and_one_without_cadence_removes_it()
    {
        Assert.Equal(T0.AddMinutes(35), Acknowledged().ChangeSeverity(IncidentSeverity.Sev3, TimeSpan.FromHours(2), T0.AddMinutes(10)).NextUpdateDue);
        Assert.Null(Acknowledged().ChangeSeverity(IncidentSeverity.Sev4, null, T0.AddMinutes(10)).NextUpdateDue);
    }

    [Fact]
    public void Severity_of_a_triggered_incident_changes_without_setting_a_deadline()
    {
        var incident = Triggered().ChangeSeverity(IncidentSeverity.Sev1, TimeSpan.FromMinutes(15), T0.AddMinutes(1));

        Assert.Equal((IncidentSeverity.Sev1, (DateTimeOffset?)null), (incident.Severity, incident.NextUpdateDue));
    }

    [Fact]
    public void Changing_to_the_same_severity_is_refused()
    {
        Assert.Equal("INC 12 is already SEV2",
            Assert.Throws<IncidentTransitionException>(() => Acknowledged().ChangeSeverity(IncidentSeverity.Sev2, Cadence, T0.AddMinutes(10))).Message);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void Changing_severity_after_the_end_is_refused(IncidentStatus status)
    {
        Assert.Throws<IncidentTransitionException>(() => In(status).ChangeSeverity(IncidentSeverity.Sev1, Cadence, T0.AddDays(2)));
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered)]
    [InlineData(IncidentStatus.Acknowledged)]
    public void An_open_incident_resolves_with_who_when_and_why(IncidentStatus status)
    {
        var incident = In(status).Resolve("Bob", T0.AddHours(2), "disk cleared");

        Assert.Equal((IncidentStatus.Resolved, "Bob", "disk cleared"), (incident.Status, incident.ResolvedBy, incident.ResolutionSummary));
        Assert.Equal(T0.AddHours(2), incident.ResolvedAt);
        Assert.False(incident.IsOpen);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void Resolving_twice_is_refused(IncidentStatus status)
    {
        Assert.Equal("INC 12 is already resolved", Assert.Throws<IncidentTransitionException>(() => In(status).Resolve("Bob", T0.AddDays(2))).Message);
    }

    [Fact]
    public void A_resolved_incident_closes()
    {
        var incident = Resolved().Close(T0.AddDays(1));

        Assert.Equal((IncidentStatus.Closed, (DateTimeOffset?)T0.AddDays(1)), (incident.Status, incident.ClosedAt));
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered, "can only be closed once resolved")]
    [InlineData(IncidentStatus.Acknowledged, "can only be closed once resolved")]
    [InlineData(IncidentStatus.Closed, "already closed")]
    public void Closing_before_resolution_or_twice_is_refused(IncidentStatus status, string refusal)
    {
        Assert.Contains(refusal, Assert.Throws<IncidentTransitionException>(() => In(status).Close(T0.AddDays(2))).Message);
    }

    [Fact]
    public void The_row_follows_the_agenda_forwards_only()
    {
        var incident = Acknowledged().FollowAgenda(updatesMissed: 1, nextUpdateDue: T0.AddMinutes(65));
        Assert.Equal((1, (DateTimeOffset?)T0.AddMinutes(65)), (incident.UpdatesMissed, incident.NextUpdateDue));

        // A late or repeated agenda step never moves the deadline back nor lowers the count.
        var stale = incident.FollowAgenda(updatesMissed: 0, nextUpdateDue: T0.AddMinutes(35));
        Assert.Equal((1, (DateTimeOffset?)T0.AddMinutes(65)), (stale.UpdatesMissed, stale.NextUpdateDue));
    }

    [Fact]
    public void An_ended_incident_ignores_the_agenda()
    {
        var resolved = Resolved();

        Assert.Same(resolved, resolved.FollowAgenda(3, T0.AddDays(1)));
    }
}
