using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Storage;

/// <summary>
/// Counting deliveries on Azurite, with two stores standing for two processes: every firing counted exactly once on
/// the incident and on its alert, whatever the races, and nothing counted once the incident resolved.
/// </summary>
public sealed class AlertCountingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private TestStores _a = null!;
    private TestStores _b = null!;

    public async Task InitializeAsync()
    {
        _a = await TestStores.CreateAsync();
        _b = _a.SecondProcess();
    }

    public async Task DisposeAsync() => await _a.DisposeAsync();

    [Fact]
    public async Task Concurrent_deliveries_from_two_processes_are_each_counted_once()
    {
        const int deliveries = 300;
        string[] formats = ["alertmanager", "grafana", "generic"];
        Assert.True(await _a.Incidents.TryOpenIncidentAsync(DiskFull(7, "alertmanager").Build(), Alert("alertmanager"), T0, default));

        var outcomes = (await Task.WhenAll(Enumerable.Range(0, deliveries).Select(i =>
            (i % 2 == 0 ? _a : _b).Alerts.RecordDeliveryAsync(7, Alert(formats[i % 3]), T0.AddMilliseconds(i))))).Select(o => o.Result).ToList();

        Assert.All(outcomes, o => Assert.True(o is AlertDeliveryResult.Counted or AlertDeliveryResult.CountedNewAlert, o.ToString()));
        // The opening wrote alertmanager's row; grafana's and generic's are each new exactly once.
        Assert.Equal(2, outcomes.Count(o => o == AlertDeliveryResult.CountedNewAlert));

        var incident = (await _a.Incidents.GetIncidentAsync(7, default))!.Incident;
        Assert.Equal(1 + deliveries, incident.AlertCount);
        Assert.Equal(T0.AddMilliseconds(deliveries - 1), incident.LastAlertAt);

        var alerts = await _a.Alerts.GetAlertsAsync(7, default);
        Assert.Equal(formats.Order(), alerts.Select(a => a.Format).Order());
        Assert.Equal(1 + deliveries, alerts.Sum(a => a.Count));
        Assert.Equal(1 + deliveries / 3, alerts.Single(a => a.Format == "alertmanager").Count);
        Assert.All(alerts, a => Assert.Equal(nameof(AlertStatus.Firing), a.Status));
    }

    [Fact]
    public async Task A_process_that_remembers_an_incident_learns_it_was_resolved_elsewhere()
    {
        Assert.True(await _a.Incidents.TryOpenIncidentAsync(DiskFull(8, "generic").Build(), Alert("generic"), T0, default));
        Assert.Equal(AlertDeliveryResult.Counted, (await _a.Alerts.RecordDeliveryAsync(8, Alert("generic"), T0.AddSeconds(1))).Result);

        // Resolved through the other store: the first one's remembered ETag is now stale.
        var found = (await _b.Incidents.GetIncidentAsync(8, default))!;
        Assert.True(await _b.Incidents.TryUpdateIncidentAsync(found.Incident.Resolve("alice", T0.AddSeconds(2), null), found.ETag, default));

        Assert.Equal(AlertDeliveryResult.NotOpen, (await _a.Alerts.RecordDeliveryAsync(8, Alert("generic"), T0.AddSeconds(3))).Result);
        Assert.Equal(2, (await _a.Incidents.GetIncidentAsync(8, default))!.Incident.AlertCount);
        Assert.Equal(2, Assert.Single(await _a.Alerts.GetAlertsAsync(8, default)).Count);
    }

    [Fact]
    public async Task A_claimed_incident_without_its_row_is_reported_as_such()
    {
        Assert.Equal(AlertDeliveryResult.NoIncidentRow, (await _a.Alerts.RecordDeliveryAsync(9, Alert("generic"), T0)).Result);
        Assert.Null(await _a.Incidents.GetIncidentAsync(9, default));
        Assert.Empty(await _a.Alerts.GetAlertsAsync(9, default));
    }

    [Fact]
    public async Task Opening_writes_the_incident_and_its_first_alert_or_neither()
    {
        Assert.True(await _a.Incidents.TryOpenIncidentAsync(DiskFull(10, "generic").Build(), Alert("generic"), T0, default));
        Assert.False(await _b.Incidents.TryOpenIncidentAsync(DiskFull(10, "grafana").Title("second").Build(), Alert("grafana"), T0, default));

        Assert.Equal("Disk full", (await _a.Incidents.GetIncidentAsync(10, default))!.Incident.Title);
        Assert.Equal("generic", Assert.Single(await _a.Alerts.GetAlertsAsync(10, default)).Format);
    }

    [Fact]
    public async Task Resolved_incidents_are_listed_by_service_and_resolve_time()
    {
        var old = DiskFull(11).Resolved("alice", at: T0.AddDays(-40)).Build();
        var recent = DiskFull(12).Resolved("alice", "restarted", T0.AddDays(-2)).Build();
        var other = DiskFull(13).Service("search").Resolved("bob", at: T0.AddDays(-1)).Build();
        foreach (var incident in new[] { old, recent, other, recent })
        {
            await _a.Resolved.AddAsync(incident, default);
        }

        var listed = await _a.Resolved.ListSinceAsync("checkout", T0.AddDays(-30), default);
        Assert.Equal(new ResolvedIncident(12, "checkout", "disk-full", "Disk full", T0.AddDays(-2)), Assert.Single(listed));
        Assert.Equal([13L], (await _a.Resolved.ListSinceAsync("search", T0.AddDays(-30), default)).Select(r => r.Number));
    }

    [Fact]
    public async Task Every_alert_resolving_at_its_source_is_reported_and_a_new_firing_undoes_it()
    {
        Assert.True(await _a.Incidents.TryOpenIncidentAsync(DiskFull(14, "generic").Build(), Alert("generic"), T0, default));
        Assert.False((await _a.Alerts.RecordDeliveryAsync(14, Alert("grafana"), T0.AddSeconds(1))).AllAlertsResolved);

        Assert.False((await _b.Alerts.RecordDeliveryAsync(14, Alert("generic", AlertStatus.Resolved), T0.AddSeconds(2))).AllAlertsResolved);
        Assert.True((await _a.Alerts.RecordDeliveryAsync(14, Alert("grafana", AlertStatus.Resolved), T0.AddSeconds(3))).AllAlertsResolved);
        Assert.All(await _a.Alerts.GetAlertsAsync(14, default), a => Assert.Equal(nameof(AlertStatus.Resolved), a.Status));

        Assert.False((await _b.Alerts.RecordDeliveryAsync(14, Alert("generic"), T0.AddSeconds(4))).AllAlertsResolved);
        var incident = (await _a.Incidents.GetIncidentAsync(14, default))!.Incident;
        // Resolutions change an alert's state, not the count of firings.
        Assert.Equal((3, T0.AddSeconds(4)), (incident.AlertCount, incident.LastAlertAt));
        var alerts = (await _a.Alerts.GetAlertsAsync(14, default)).ToDictionary(a => a.Format);
        Assert.Equal((2, nameof(AlertStatus.Firing)), (alerts["generic"].Count, alerts["generic"].Status));
        Assert.Equal((1, nameof(AlertStatus.Resolved)), (alerts["grafana"].Count, alerts["grafana"].Status));
    }

    /// <summary>Every incident here has the same alert (dedup key), as repeats of one problem do.</summary>
    private static IncidentBuilder DiskFull(long number, string firstFormat = "generic") => new IncidentBuilder()
        .Number(number).Service("checkout").Title("Disk full").DedupKey("disk-full").Policy("default").OpenedAt(T0).FirstAlertFrom(firstFormat);

    private static NormalizedAlert Alert(string format, AlertStatus status = AlertStatus.Firing) => new()
    {
        Format = format,
        DedupKey = "disk-full",
        Title = "Disk full",
        Severity = AlertSeverity.Critical,
        Status = status,
    };
}
