using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// A heartbeat's deadline is a durable timer: kill -9 of the local runtime while it is pending, and again just after
/// it opened the incident, neither loses it nor fires it twice, and it never fires early.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class HeartbeatKillTests
{
    /// <summary>As in <see cref="RuntimeKillTests"/>: the visibility timeout, then the work on 2 shared cores.</summary>
    private static readonly TimeSpan Recovery = FaultRig.VisibilityTimeout + TimeSpan.FromSeconds(75);

    [Fact]
    public async Task Ping_kill_restart_late_kill_restart_ping_one_incident_one_page_then_resolved()
    {
        await using var rig = await FaultRig.StartAsync();
        var name = Payloads.Unique("beat");
        var created = await rig.Driver.PostJsonAsync("api/heartbeats", $$"""{"name":"{{name}}","service":"beat","interval":"10s","grace":"2s"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var ping = await rig.Driver.GetAsync($"api/heartbeats/{name}/ping?key=f-beat", key: null);
        Assert.Equal(HttpStatusCode.Accepted, ping.Status);
        var deadline = ping.Json!["heartbeat"]!["nextDeadline"]!.GetValue<DateTimeOffset>();

        // Killed with the deadline's timer pending: it fires after the restart.
        await rig.Runtime.KillAsync();
        await rig.Runtime.StartAsync();
        var late = await WaitForAsync(rig, name, h => h["status"]!.GetValue<string>() == "late" && h["incident"] is not null, Recovery);
        var id = late["incident"]!.GetValue<long>();
        var opened = (await rig.Driver.IncidentAsync(id))["incident"]!["openedAt"]!.GetValue<DateTimeOffset>();
        Assert.True(opened >= deadline, $"INC {id} opened at {opened:O}, before the deadline {deadline:O}");

        // Killed again just after: the incident's page goes out once, and no second incident is opened for the same silence.
        await rig.Runtime.KillAsync();
        await rig.Runtime.StartAsync();
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Recovery);

        Assert.Equal(HttpStatusCode.Accepted, (await rig.Driver.PostJsonAsync($"api/heartbeats/{name}/ping?key=f-beat", "", key: null)).Status);
        await rig.Driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "resolved", Recovery);
        var incidents = (await rig.Driver.GetAsync("api/incidents")).Json!["incidents"]!.AsArray();
        Assert.Single(incidents, i => i!["title"]!.GetValue<string>().StartsWith($"No heartbeat from {name} ", StringComparison.Ordinal));
        // One page; the notice that it resolved may have come too.
        Assert.Single(rig.TextsTo(FaultRig.Erin, id), m => !m.Body.Contains("resolved", StringComparison.OrdinalIgnoreCase));
        rig.AssertNoDuplicateTexts();
        Assert.Equal("healthy", (await rig.Driver.GetAsync($"api/heartbeats/{name}")).Json!["status"]!.GetValue<string>());
    }

    private static async Task<JsonNode> WaitForAsync(FaultRig rig, string name, Func<JsonNode, bool> condition, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            try
            {
                var reply = await rig.Driver.GetAsync($"api/heartbeats/{name}");
                if (reply.Status == HttpStatusCode.OK && condition(reply.Json!))
                {
                    return reply.Json!;
                }

                Assert.True(DateTimeOffset.UtcNow < until, $"heartbeat {name} never got there: {reply}");
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < until)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }
    }
}
