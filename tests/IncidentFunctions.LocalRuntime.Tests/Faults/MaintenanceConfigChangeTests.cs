using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// Configured recurring windows after a deploy with a changed configuration (a restart of the runtime on a new file):
/// the occurrences already planned follow it. A changed reason shows on them; a removed window's occurrences end at
/// once, so what it covered pages again, and nothing it held is lost.
/// </summary>
public sealed class MaintenanceConfigChangeTests
{
    private const string AdminKey = "mw-config-admin-0123";
    private const string Key = "mw-config-key";
    /// <summary>As the other kill tests allow: work a killed process held comes back after the visibility timeout, and a busy machine adds to it.</summary>
    private static readonly TimeSpan Deadline = FaultRig.VisibilityTimeout + TimeSpan.FromSeconds(75);

    [Fact]
    public async Task Planned_occurrences_follow_the_configuration_after_a_restart_and_end_when_their_window_is_removed()
    {
        // Restarts are kill -9: work a killed process had taken is handed out again after the visibility timeout
        // (5 minutes by default, as on Azure), here the fault tests' few seconds so the test need not wait.
        var builder = new TestWorldBuilder().WithConfig(Config("before the upgrade", withWindows: true)).WithFakeTwilio()
            .WithSetting("LocalRuntime:VisibilityTimeout", FaultRig.VisibilityTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        await using var world = await builder.StartChildProcessAsync();
        var driver = new PipelineDriver(world.Client, AdminKey, world.Twilio.AuthToken, TestWorldBuilder.DefaultFromNumber);

        // The occurrences are planned at start-up, beside the first requests: the alert is sent once one is running.
        // (An alert that beats the very first planning of a window is not held: see README, Maintenance windows.)
        var windows = await ConfiguredAsync(driver, w => w.Count > 0 && w.Any(x => State(x) == "active"));
        var run = Payloads.Unique("cfg-change");
        Assert.Equal("suppressed", Payloads.Result(await PostAsync(driver, run)));
        Assert.All(windows, w => Assert.Equal("before the upgrade", w["reason"]!.GetValue<string>()));

        // A deploy changes the reason: the planned occurrences follow at start-up.
        await RestartWithAsync(world, Config("after the upgrade", withWindows: true));
        windows = await ConfiguredAsync(driver, w => w.Where(x => State(x) != "ended").All(x => x["reason"]!.GetValue<string>() == "after the upgrade"));

        // A deploy removes the windows: every occurrence still to come or running ends, and what was held opens.
        await RestartWithAsync(world, Config("", withWindows: false));
        windows = await ConfiguredAsync(driver, w => w.All(x => State(x) == "ended"));
        Assert.NotEmpty(windows);
        Assert.Equal("created", Payloads.Result(await PostAsync(driver, run + "-after")));
        var held = windows.Single(w => w["suppressedAlerts"]!.GetValue<int>() == 1)["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow + Deadline;
        Reply last;
        while ((last = await driver.GetAsync($"api/maintenance/{held}")).Json!["alerts"]![0]!["incidentId"] is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the alert held by {held} did not open an incident: {last}\n{string.Join("\n", world.Runtime.Log.Split('\n').Where(l => l.Contains("aintenance", StringComparison.Ordinal) || l.Contains("xception", StringComparison.Ordinal) || l.StartsWith("----", StringComparison.Ordinal) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)))}");
            await Task.Delay(200);
        }
    }

    private static async Task RestartWithAsync(ChildProcessWorld world, OnCallConfigBuilder config)
    {
        await world.Runtime.KillAsync();
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"incidents-{world.TaskHub}.json"), config.Build());
        await world.Runtime.StartAsync();
    }

    private static async Task<List<JsonNode>> ConfiguredAsync(PipelineDriver driver, Func<List<JsonNode>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var reply = await driver.GetAsync("api/maintenance");
            if (reply.Status == HttpStatusCode.OK)
            {
                var windows = reply.Json!["windows"]!.AsArray().Where(w => w!["configWindow"] is not null).Select(w => w!).ToList();
                if (condition(windows))
                {
                    return windows;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the configured windows did not reach the expected state; last: {reply}");
            await Task.Delay(200);
        }
    }

    private static string State(JsonNode window) => window["state"]!.GetValue<string>();

    private static Task<Reply> PostAsync(PipelineDriver driver, string dedupKey) =>
        driver.PostAlertAsync("generic", Key, new JsonObject
        {
            ["title"] = "Batch lag", ["dedupKey"] = dedupKey, ["severity"] = "error", ["labels"] = new JsonObject { ["window"] = "always" },
        }.ToJsonString());

    /// <summary>Two overlapping daily windows, so one is always running whatever the time of day.</summary>
    private static OnCallConfigBuilder Config(string reason, bool withWindows)
    {
        var config = new OnCallConfigBuilder().WithAdminKey(AdminKey)
            .Responder("Alice", "+15550300001")
            .Policy("p", TimeSpan.FromMinutes(10), "Alice")
            .Service("batch", Key, "p");
        if (withWindows)
        {
            string[] everyDay = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            var matchers = new Dictionary<string, string> { ["window"] = "always" };
            config.MaintenanceWindow("always early", ["batch"], everyDay, "00:00", "12:30", reason: reason, matchers: matchers)
                .MaintenanceWindow("always late", ["batch"], everyDay, "12:00", "00:30", reason: reason, matchers: matchers);
        }

        return config;
    }
}
