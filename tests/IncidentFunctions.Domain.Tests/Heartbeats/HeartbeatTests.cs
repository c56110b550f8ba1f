using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Heartbeats;

namespace IncidentFunctions.Domain.Tests.Heartbeats;

public class HeartbeatTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly HeartbeatDefinition Backup = new("backup", "checkout", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));

    [Fact]
    public void A_new_heartbeat_waits_for_its_first_ping_and_times_nothing()
    {
        var heartbeat = Heartbeat.Create(Backup, HeartbeatSource.Api, T0);

        Assert.Equal(HeartbeatStatus.WaitingFirstPing, heartbeat.Status);
        Assert.Null(heartbeat.Deadline);
        Assert.False(heartbeat.IsOverdue(T0.AddDays(30)));
    }

    [Fact]
    public void A_ping_sets_the_deadline_interval_plus_grace_ahead_and_it_is_overdue_at_it_exactly_not_before()
    {
        var (heartbeat, silent) = Heartbeat.Create(Backup, HeartbeatSource.Api, T0).Ping(T0.AddMinutes(1), "10.0.0.7");

        Assert.Null(silent);
        Assert.Equal(HeartbeatStatus.Healthy, heartbeat.Status);
        Assert.Equal(T0.AddMinutes(7), heartbeat.Deadline);
        Assert.False(heartbeat.IsOverdue(T0.AddMinutes(7).AddTicks(-1)));
        Assert.True(heartbeat.IsOverdue(T0.AddMinutes(7)));
        Assert.Throws<InvalidOperationException>(() => heartbeat.MarkLate(T0.AddMinutes(6)));
    }

    [Fact]
    public void Late_since_the_deadline_and_the_next_ping_says_how_long_it_was_silent()
    {
        var pinged = Heartbeat.Create(Backup, HeartbeatSource.Api, T0).Ping(T0, "10.0.0.7").Next;
        var late = pinged.MarkLate(T0.AddMinutes(9));

        Assert.Equal(HeartbeatStatus.Late, late.Status);
        Assert.Equal(T0.AddMinutes(6), late.LateSince);
        Assert.Null(late.Deadline);
        Assert.False(late.IsOverdue(T0.AddHours(1)));

        var (back, silent) = late.Ping(T0.AddMinutes(20), "10.0.0.8");
        Assert.Equal(TimeSpan.FromMinutes(20), silent);
        Assert.Equal((HeartbeatStatus.Healthy, "10.0.0.8", T0.AddMinutes(26)), (back.Status, back.LastPingFrom, back.Deadline));
    }

    [Fact]
    public void Disabled_records_pings_but_times_nothing_and_enabling_waits_for_a_new_first_ping()
    {
        var late = Heartbeat.Create(Backup, HeartbeatSource.Api, T0).Ping(T0, null).Next.MarkLate(T0.AddMinutes(6));
        var off = late.Redefine(Backup with { Enabled = false }, T0.AddMinutes(7));
        Assert.Equal((HeartbeatStatus.Disabled, (DateTimeOffset?)null), (off.Status, off.LateSince));

        var pinged = off.Ping(T0.AddMinutes(8), null).Next;
        Assert.Equal((HeartbeatStatus.Disabled, (DateTimeOffset?)null), (pinged.Status, pinged.Deadline));

        // The ping while it was off does not count: switching it on never pages for the time it was off.
        var on = pinged.Redefine(Backup, T0.AddMinutes(9));
        Assert.Equal((HeartbeatStatus.WaitingFirstPing, T0.AddMinutes(9)), (on.Status, on.CountingSince));
    }

    [Fact]
    public void A_longer_interval_moves_a_healthy_heartbeats_deadline_from_its_last_ping()
    {
        var healthy = Heartbeat.Create(Backup, HeartbeatSource.Configuration, T0).Ping(T0, null).Next;
        var longer = healthy.Redefine(Backup with { Interval = TimeSpan.FromHours(1) }, T0.AddMinutes(2));

        Assert.Equal((HeartbeatStatus.Healthy, T0.AddMinutes(61)), (longer.Status, longer.Deadline));
    }

    [Fact]
    public void Its_alerts_share_one_key_name_the_last_ping_and_say_how_long_it_was_silent()
    {
        var pinged = Heartbeat.Create(Backup, HeartbeatSource.Api, T0).Ping(T0, "203.0.113.9").Next;
        var late = HeartbeatAlerts.Late(pinged, T0.AddMinutes(6));

        Assert.Equal(("heartbeat", "heartbeat:backup", AlertStatus.Firing, AlertSeverity.Critical), (late.Format, late.DedupKey, late.Status, late.Severity));
        Assert.Equal("No heartbeat from backup since 2026-12-07 09:00:00 UTC", late.Title);
        Assert.Equal("203.0.113.9", late.Labels["lastPingFrom"]);
        Assert.Equal(("5m", "1m"), (late.Labels["interval"], late.Labels["grace"]));
        Assert.Equal(T0.AddMinutes(6), late.StartsAt);

        var back = HeartbeatAlerts.Recovered(pinged, TimeSpan.FromSeconds(754.4), T0.AddMinutes(13));
        Assert.Equal((late.DedupKey, AlertStatus.Resolved), (back.DedupKey, back.Status));
        Assert.Equal("Heartbeat from backup again after 12 min 34 s of silence", back.Title);
    }

    [Theory]
    [InlineData("backup", true)]
    [InlineData("cron.nightly_2-eu", true)]
    [InlineData("-leading", false)]
    [InlineData("has/slash", false)]
    [InlineData("", false)]
    public void Names_are_kept_URL_safe(string name, bool ok)
    {
        Assert.Equal(ok, HeartbeatLimits.NameProblem(name) is null);
    }
}
