using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests;

/// <summary>The runtime refuses to start on a bad configuration and says what to fix, everywhere at once.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task An_invalid_config_file_stops_start_up_with_every_problem_and_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"incidents-invalid-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
        {
          "adminApiKey": "valid-admin-key-123",
          "responders": [ { "name": "Alice", "phone": "555-0100" } ],
          "escalationPolicies": [ { "name": "p", "tiers": [ { "targets": [ { "responder": "Alice" } ], "delay": "5m" } ] } ],
          "services": [ { "name": "checkout", "integrationKeys": ["k"], "escalationPolicy": "checkot" } ]
        }
        """);
        try
        {
            var options = new LocalRuntimeOptions
            {
                HttpPort = 0,
                SidecarPort = 0,
                TaskHubName = LocalRuntimeFixture.NewTaskHubName(),
                StorageConnectionString = TestStorage.ConnectionString,
                Settings = new Dictionary<string, string?> { ["INCIDENTS_CONFIG"] = path, ["Logging:LogLevel:Default"] = "None" },
            };

            var error = await Assert.ThrowsAsync<ConfigValidationException>(() => LocalRuntimeHost.StartAsync(options, CancellationToken.None));

            Assert.Contains(error.Problems, p => p.Path == "responders[0].phone" && p.File.EndsWith(Path.GetFileName(path), StringComparison.Ordinal));
            Assert.Contains(error.Problems, p => p.Path == "services[0].escalationPolicy" && p.Message.Contains("checkot", StringComparison.Ordinal));
            Assert.Contains("services[0].escalationPolicy", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_invalid_event_stream_setting_stops_start_up_naming_the_setting()
    {
        var options = new LocalRuntimeOptions
        {
            HttpPort = 0,
            SidecarPort = 0,
            TaskHubName = LocalRuntimeFixture.NewTaskHubName(),
            StorageConnectionString = TestStorage.ConnectionString,
            Settings = new Dictionary<string, string?> { ["IncidentEvents:QueueName"] = "Incident_Events", ["Logging:LogLevel:Default"] = "None" },
        };

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => LocalRuntimeHost.StartAsync(options, CancellationToken.None));

        Assert.Contains("IncidentEvents:QueueName", error.Message);
        Assert.Contains("Incident_Events", error.Message);
    }
}
