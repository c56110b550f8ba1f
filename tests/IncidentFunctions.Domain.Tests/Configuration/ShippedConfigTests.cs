using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Heartbeats;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Tests.Configuration;

/// <summary>The sample configuration in config/incidents.json loads and says what the README promises.</summary>
public class ShippedConfigTests
{
    private static readonly IncidentConfig Config = ConfigLoader.Load(Path.Combine(RepositoryRoot(), "config", "incidents.json"));

    [Fact]
    public void The_shipped_config_has_the_local_admin_key()
    {
        Assert.Equal("local-admin-key", Config.AdminApiKey);
    }

    [Fact]
    public void The_shipped_nightly_backup_heartbeat_watches_checkout_daily_with_an_hour_of_grace()
    {
        var heartbeat = Assert.Single(Config.Heartbeats);

        Assert.Equal(new HeartbeatDefinition("nightly-backup", "checkout", TimeSpan.FromDays(1), TimeSpan.FromHours(1), Enabled: true, AlertSeverity.Error), heartbeat);
    }

    [Fact]
    public void The_shipped_checkout_service_pages_Alice_then_Bob_five_minutes_apart_twice()
    {
        var checkout = Config.FindServiceByIntegrationKey("sample-checkout-key");

        Assert.NotNull(checkout);
        Assert.Equal("checkout", checkout.Name);
        Assert.True(checkout.AutoResolve);
        Assert.StartsWith("https://", checkout.PlaybookUrl, StringComparison.Ordinal);

        var policy = Config.GetPolicy(checkout.EscalationPolicy);
        Assert.Equal(1, policy.Repeat);
        Assert.Equal(2, policy.Tiers.Count);
        Assert.Equal([EscalationTarget.ForResponder("Alice")], policy.Tiers[0].Targets);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Tiers[0].Delay);
        Assert.Equal([EscalationTarget.ForResponder("Bob")], policy.Tiers[1].Targets);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Tiers[1].Delay);
        Assert.Equal("+15550100001", Config.FindResponder("Alice")?.Phone);
        Assert.Equal("+15550100002", Config.FindResponder("Bob")?.Phone);
    }

    [Fact]
    public void The_shipped_payments_service_pages_a_weekly_London_schedule_of_Alice_Bob_and_Carol()
    {
        var payments = Config.FindServiceByIntegrationKey("sample-payments-key");

        Assert.NotNull(payments);
        Assert.Equal("payments", payments.Name);
        var policy = Config.GetPolicy(payments.EscalationPolicy);
        var scheduleName = policy.Tiers.SelectMany(t => t.Targets).Select(t => t.Schedule).First(s => s is not null)!;
        var schedule = Config.FindSchedule(scheduleName);
        Assert.NotNull(schedule);
        Assert.Equal("Europe/London", schedule.TimeZone);
        Assert.Equal(["Alice", "Bob", "Carol"], schedule.Rotation.Responders);
        Assert.Equal(Duration.FromDays(7), schedule.Rotation.Length);
        Assert.NotEmpty(schedule.Overrides);
        Assert.Equal("+15550100003", Config.FindResponder("Carol")?.Phone);
    }

    [Fact]
    public void The_shipped_schedule_hands_off_weekly_and_its_override_wins()
    {
        var schedule = Config.FindSchedule("payments-weekly")!;
        var @override = schedule.Overrides[0];
        var firstHandOff = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero); // London is on GMT in January

        Assert.Equal("Alice", schedule.OnCallAt(firstHandOff));
        Assert.Equal("Bob", schedule.OnCallAt(firstHandOff.AddDays(7)));
        Assert.Equal("Carol", schedule.OnCallAt(firstHandOff.AddDays(14)));
        Assert.NotEqual(@override.Responder, schedule.ShiftAt(@override.Start)?.Responder);
        Assert.Equal(@override.Responder, schedule.OnCallAt(@override.Start));
    }

    [Fact]
    public void The_shipped_leadership_is_Lee_by_phone_and_email()
    {
        var lee = Assert.Single(Config.Leadership);
        Assert.Equal(("Lee", "+15550100009"), (lee.Name, lee.Phone));
        Assert.Equal(
            [new(ContactMethodType.Sms, "+15550100009"), new(ContactMethodType.Voice, "+15550100009"), new ContactMethod(ContactMethodType.Email, "lee@example.com")],
            lee.ContactMethods);
    }

    [Fact]
    public void The_shipped_response_and_severity_sections_spell_out_the_defaults()
    {
        Assert.Equal(ResponsePolicy.Default, Config.Response);
        Assert.Equal(SeverityPolicy.Default.ByAlertSeverity, Config.Severity.ByAlertSeverity);
        Assert.Equal(
            SeverityPolicy.Default.BySource.OrderBy(format => format.Key, StringComparer.Ordinal).Select(format => (format.Key, Words: format.Value.OrderBy(word => word.Key, StringComparer.Ordinal).ToList())),
            Config.Severity.BySource.OrderBy(format => format.Key, StringComparer.Ordinal).Select(format => (format.Key, Words: format.Value.OrderBy(word => word.Key, StringComparer.Ordinal).ToList())));
        Assert.Equal(IncidentSeverity.Sev1, Config.Severity.Map("azure-monitor", AlertSeverity.Warning, "Sev0"));
        Assert.Equal(IncidentSeverity.Sev2, Config.Severity.Map("datadog", AlertSeverity.Info, "P2"));
        Assert.Equal(IncidentSeverity.Sev3, Config.Severity.Map("alertmanager", AlertSeverity.Warning, "warning"));
    }

    [Fact]
    public void The_shipped_checkout_playbook_matches_the_shared_Alertmanager_fixture_alerts_before_the_service_playbook()
    {
        // Titles and labels as alertmanager/firing-two-alerts.json in the shared fixtures parses them.
        var labels = new Dictionary<string, string> { ["alertname"] = "InstanceDown", ["instance"] = "localhost:8081" };

        var playbooks = Config.FindPlaybooks("checkout", "Instance localhost:8081 down", labels);

        Assert.Equal(2, playbooks.Count);
        Assert.Equal("Instance*down", playbooks[0].AlertPattern);
        Assert.Equal(["Alice"], playbooks[0].Owners);
        Assert.StartsWith("https://", Assert.Single(playbooks[0].Urls), StringComparison.Ordinal);
        Assert.Equal(Config.FindService("checkout")!.PlaybookUrl, Assert.Single(playbooks[1].Urls));
        Assert.Single(Config.FindPlaybooks("checkout", "CheckoutLatencyHigh", new Dictionary<string, string>()));
        Assert.Single(Config.FindPlaybooks("payments", "Instance localhost:8082 down", labels));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IncidentFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No IncidentFunctions.sln above {AppContext.BaseDirectory}");
    }
}
