using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Status;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Domain.Tests.Status;

public sealed class PublicStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly UpdateAudience[] Users = [UpdateAudience.Users];
    private static readonly UpdateAudience[] Team = [UpdateAudience.Team];

    private static readonly IncidentBuilder ReplicaLag = new IncidentBuilder()
        .Number(7).Service("payments-db").Title("PostgresReplicaLag db-7 > 30s").DedupKey("lag-db-7").OpenedAt(T0);

    [Fact]
    public void An_incident_with_only_team_and_leadership_updates_is_not_visible_to_users()
    {
        var updates = new[] { Update(5, Team), Update(10, [UpdateAudience.Team, UpdateAudience.Leadership]) };

        Assert.Null(PublicStatus.Present(Acknowledged(), updates));
    }

    [Fact]
    public void One_update_addressed_to_users_among_others_makes_the_incident_visible()
    {
        Assert.NotNull(PublicStatus.Present(Acknowledged(), [Update(5, Team), Update(10, [UpdateAudience.Leadership, UpdateAudience.Users], title: "Checkout slow")]));
    }

    [Fact]
    public void The_first_update_to_users_must_carry_a_public_title()
    {
        Assert.True(PublicStatus.NeedsPublicTitle(Users, null, []));
        Assert.True(PublicStatus.NeedsPublicTitle(Users, "  ", [Update(5, Team)]));
        Assert.False(PublicStatus.NeedsPublicTitle(Users, "Checkout slow", []));
    }

    [Fact]
    public void Later_updates_to_users_may_leave_the_title_out()
    {
        Assert.False(PublicStatus.NeedsPublicTitle(Users, null, [Update(5, Users, title: "Checkout slow")]));
    }

    [Fact]
    public void An_incident_told_to_users_before_titles_existed_needs_one_with_its_next_update_to_users()
    {
        Assert.True(PublicStatus.NeedsPublicTitle(Users, null, [Update(5, Users)]));
    }

    [Fact]
    public void Updates_not_addressed_to_users_never_need_a_title()
    {
        Assert.False(PublicStatus.NeedsPublicTitle([UpdateAudience.Team, UpdateAudience.Leadership], null, []));
    }

    [Fact]
    public void Wording_for_users_on_an_update_not_addressed_to_them_names_its_field()
    {
        Assert.Equal("publicTitle", PublicStatus.MisaddressedField(Team, "Checkout slow", "Slow pages"));
        Assert.Equal("impact", PublicStatus.MisaddressedField([UpdateAudience.Leadership], null, "Slow pages"));
        Assert.Null(PublicStatus.MisaddressedField(Team, null, null));
        Assert.Null(PublicStatus.MisaddressedField([UpdateAudience.Team, UpdateAudience.Users], "Checkout slow", "Slow pages"));
    }

    [Fact]
    public void Title_and_impact_are_the_latest_given_and_updates_read_newest_first_without_team_only_ones()
    {
        var updates = new[]
        {
            Update(5, Users, "We are looking into slow checkout", title: "Checkout slow", impact: "Pages take 10 s"),
            Update(10, Team, "Rolled back the db migration"),
            Update(20, Users, "A fix is rolling out", title: "Checkout payments failing for some customers"),
        };

        var shown = PublicStatus.Present(Acknowledged(), updates)!;

        Assert.Equal("Checkout payments failing for some customers", shown.Title);
        Assert.Equal("Pages take 10 s", shown.Impact);
        Assert.Equal(["A fix is rolling out", "We are looking into slow checkout"], shown.Updates.Select(u => u.Text));
        Assert.Equal("u5", shown.Id);
        Assert.Equal(T0.AddMinutes(20), shown.LastUpdatedAt);
    }

    [Fact]
    public void Without_any_public_title_the_page_says_service_disruption_and_never_the_alert_title()
    {
        var shown = PublicStatus.Present(Acknowledged(), [Update(5, Users)])!;

        Assert.Equal(PublicStatus.UntitledIncident, shown.Title);
        Assert.DoesNotContain("db-7", shown.Title);
    }

    [Fact]
    public void Next_update_is_the_latest_users_promise_not_a_later_team_promise()
    {
        var incident = Acknowledged(cadence: TimeSpan.FromMinutes(88));
        var updates = new[] { Update(5, Users, title: "Checkout slow", next: T0.AddMinutes(35)), Update(10, Team, next: T0.AddMinutes(90)) };

        Assert.Equal(T0.AddMinutes(35), PublicStatus.Present(incident, updates)!.NextUpdateBy);
    }

    [Fact]
    public void Next_update_falls_back_to_the_incidents_deadline_when_the_users_update_promised_none()
    {
        var incident = Acknowledged(cadence: TimeSpan.FromMinutes(63));

        Assert.Equal(T0.AddMinutes(65), PublicStatus.Present(incident, [Update(5, Users, title: "Checkout slow")])!.NextUpdateBy);
    }

    [Theory]
    [InlineData(IncidentStatus.Triggered, PublicState.Investigating)]
    [InlineData(IncidentStatus.Acknowledged, PublicState.Investigating)]
    [InlineData(IncidentStatus.Resolved, PublicState.Resolved)]
    [InlineData(IncidentStatus.Closed, PublicState.Resolved)]
    public void Users_see_investigating_while_open_and_resolved_after(IncidentStatus status, PublicState expected)
    {
        var incident = status switch
        {
            IncidentStatus.Triggered => ReplicaLag.Build(),
            IncidentStatus.Acknowledged => Acknowledged(),
            IncidentStatus.Resolved => Resolved(T0.AddHours(1), "fixed"),
            _ => Resolved(T0.AddHours(1), "fixed").Close(T0.AddDays(1)),
        };
        Assert.Equal(status, incident.Status);

        Assert.Equal(expected, PublicStatus.StateOf(incident));
    }

    [Fact]
    public void A_resolved_incident_shows_its_resolution_and_promises_no_next_update()
    {
        var resolved = Resolved(T0.AddHours(1), "Rolled back the release");

        var shown = PublicStatus.Present(resolved, [Update(5, Users, title: "Checkout slow", next: T0.AddMinutes(35))])!;

        Assert.Equal((PublicState.Resolved, "Rolled back the release", T0.AddHours(1)), (shown.Status, shown.ResolutionSummary, shown.ResolvedAt));
        Assert.Null(shown.NextUpdateBy);
        Assert.Equal(T0.AddHours(1), shown.LastUpdatedAt);
    }

    [Fact]
    public void Resolved_incidents_stay_on_the_page_for_exactly_seven_days()
    {
        var now = T0.AddDays(7);
        var justInside = (Resolved(T0, "in") with { Number = 1 }, (IReadOnlyList<StatusUpdate>)[Update(-5, Users, title: "Inside")]);
        var justOutside = (Resolved(T0.AddTicks(-1), "out") with { Number = 2 }, (IReadOnlyList<StatusUpdate>)[Update(-5, Users, title: "Outside")]);

        var page = PublicStatus.Compose([justInside, justOutside], now);

        Assert.Equal(["Inside"], page.RecentlyResolved.Select(p => p.Title));
    }

    [Fact]
    public void All_operational_when_no_open_incident_is_visible_even_if_one_is_being_worked_on_internally()
    {
        var internalOnly = (Acknowledged(), (IReadOnlyList<StatusUpdate>)[Update(5, Team)]);
        var resolved = (Resolved(T0.AddHours(1), "fixed") with { Number = 2 }, (IReadOnlyList<StatusUpdate>)[Update(5, Users, title: "Checkout slow")]);

        var page = PublicStatus.Compose([internalOnly, resolved], T0.AddHours(2));

        Assert.True(page.AllOperational);
        Assert.Empty(page.Open);
        Assert.Single(page.RecentlyResolved);
    }

    [Fact]
    public void Open_incidents_are_listed_most_recently_updated_first()
    {
        var older = (Acknowledged() with { Number = 1 }, (IReadOnlyList<StatusUpdate>)[Update(5, Users, title: "Older")]);
        var newer = (Acknowledged() with { Number = 2 }, (IReadOnlyList<StatusUpdate>)[Update(30, Users, title: "Newer")]);

        var page = PublicStatus.Compose([older, newer], T0.AddHours(1));

        Assert.False(page.AllOperational);
        Assert.Equal(["Newer", "Older"], page.Open.Select(p => p.Title));
    }

    /// <summary>Acknowledged by Alice two minutes in; with a cadence, the next update is due that long after.</summary>
    private static Incident Acknowledged(TimeSpan? cadence = null) => AcknowledgedBuilder(cadence).Build();

    private static Incident Resolved(DateTimeOffset at, string summary) => AcknowledgedBuilder().Resolved("Alice", summary, at).Build();

    private static IncidentBuilder AcknowledgedBuilder(TimeSpan? cadence = null) =>
        ReplicaLag.Acknowledged("Alice", becomesLead: true, cadence, T0.AddMinutes(2));

    private static StatusUpdate Update(int minute, IReadOnlyList<UpdateAudience> audiences, string? text = null, string? title = null, string? impact = null, DateTimeOffset? next = null) =>
        new($"u{minute}", T0.AddMinutes(minute), "Alice", text ?? $"update at {minute}", audiences, next, null, false, title, impact);
}
