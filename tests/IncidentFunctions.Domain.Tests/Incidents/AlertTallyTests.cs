using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Domain.Tests.Incidents;

public sealed class AlertTallyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly Incident Opened = new IncidentBuilder().Title("Disk full").OpenedAt(T0).FirstAlertFrom("alertmanager").Build();

    [Fact]
    public void A_firing_counts_on_the_incident_and_on_its_alert()
    {
        var i = Opened.RecordDelivery("alertmanager", firing: true, T0.AddMinutes(1), null)
            .RecordDelivery("grafana", firing: true, T0.AddMinutes(2), null);

        Assert.Equal((3, T0.AddMinutes(2)), (i.AlertCount, i.LastAlertAt));
        Assert.Equal(new AlertTally(2, T0, T0.AddMinutes(1), false, null), i.AlertTallies["alertmanager"]);
        Assert.Equal(AlertTally.FirstFiring(T0.AddMinutes(2), null), i.AlertTallies["grafana"]);
        Assert.Single(Opened.AlertTallies);
    }

    [Fact]
    public void A_resolution_changes_the_alert_not_the_count_and_a_late_one_does_not_move_last_seen_back()
    {
        var i = Opened.RecordDelivery("alertmanager", firing: false, T0.AddMinutes(5), T0.AddMinutes(4));
        Assert.Equal((1, T0), (i.AlertCount, i.LastAlertAt));
        Assert.Equal(new AlertTally(1, T0, T0.AddMinutes(5), true, T0.AddMinutes(4)), i.AlertTallies["alertmanager"]);
        Assert.True(i.AllAlertsResolvedAtSource);

        var late = i.RecordDelivery("alertmanager", firing: false, T0.AddMinutes(3), null);
        Assert.Equal(T0.AddMinutes(5), late.AlertTallies["alertmanager"].LastSeenAt);
        Assert.Equal(T0.AddMinutes(3), late.AlertTallies["alertmanager"].EndsAt);
    }

    [Fact]
    public void Every_alert_must_be_resolved_and_firing_again_undoes_it()
    {
        var i = Opened.RecordDelivery("pagerduty", firing: false, T0.AddMinutes(1), null);
        Assert.False(i.AllAlertsResolvedAtSource);

        i = i.RecordDelivery("alertmanager", firing: false, T0.AddMinutes(2), null);
        Assert.True(i.AllAlertsResolvedAtSource);
        Assert.Equal(0, i.AlertTallies["pagerduty"].Fired);

        Assert.False(i.RecordDelivery("alertmanager", firing: true, T0.AddMinutes(3), null).AllAlertsResolvedAtSource);
        Assert.False((Opened with { AlertTallies = new Dictionary<string, AlertTally>() }).AllAlertsResolvedAtSource);
    }
}
