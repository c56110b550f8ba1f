using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Heartbeats;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class HeartbeatConfigTests
{
    [Fact]
    public void Without_a_heartbeats_section_there_are_none()
    {
        Assert.Empty(Valid().Heartbeats);
    }

    [Fact]
    public void Heartbeats_are_read_with_their_services_spelling_and_a_default_grace()
    {
        var config = ConfigLoader.Parse(WithSection("heartbeats", """
            [
              { "name": "nightly-backup", "service": "CHECKOUT", "interval": "1d", "grace": "1h", "enabled": false, "severity": "error" },
              { "name": "cron.every-5m", "service": "search", "interval": "5m" },
              { "name": "fast", "service": "search", "interval": "30s" }
            ]
            """), FileName);

        Assert.Equal(
            [
                new HeartbeatDefinition("nightly-backup", "checkout", TimeSpan.FromDays(1), TimeSpan.FromHours(1), Enabled: false, AlertSeverity.Error),
                new HeartbeatDefinition("cron.every-5m", "search", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)),
                // A grace never longer than the interval itself when none is given.
                new HeartbeatDefinition("fast", "search", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            ],
            config.Heartbeats);
    }

    [Theory]
    [InlineData("""[{ "service": "checkout", "interval": "5m" }]""", "heartbeats[0].name", "is required")]
    [InlineData("""[{ "name": "has space", "service": "checkout", "interval": "5m" }]""", "heartbeats[0].name", "not a heartbeat name")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "5m" }, { "name": "A", "service": "search", "interval": "5m" }]""", "heartbeats[1].name", "")]
    [InlineData("""[{ "name": "a", "service": "billing", "interval": "5m" }]""", "heartbeats[0].service", "no service named 'billing'")]
    [InlineData("""[{ "name": "a", "service": "checkout" }]""", "heartbeats[0].interval", "is required")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "2s" }]""", "heartbeats[0].interval", "at least 5s")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "40d" }]""", "heartbeats[0].interval", "at most 31d")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "5m", "grace": "2d" }]""", "heartbeats[0].grace", "at most 1d")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "5m", "severity": "sev1" }]""", "heartbeats[0].severity", "critical, error, warning or info")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "5m", "enabled": "yes" }]""", "heartbeats[0].enabled", "true or false")]
    [InlineData("""[{ "name": "a", "service": "checkout", "interval": "5m", "intervalUnit": "minutes" }]""", "heartbeats[0].intervalUnit", "unknown property")]
    [InlineData("""{ "name": "a" }""", "heartbeats", "must be an array")]
    public void A_bad_heartbeat_is_reported_with_its_path(string section, string path, string message)
    {
        SingleProblem(WithSection("heartbeats", section), path, message);
    }
}
