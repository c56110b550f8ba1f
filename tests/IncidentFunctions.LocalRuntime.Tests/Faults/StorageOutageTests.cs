using System.Diagnostics;
using System.Net;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// Azurite stops mid-run and comes back on the same data folder (a private instance: the test process's own
/// Azurite is never touched). The runtime is not restarted: it must recover by itself and finish what was pending at the stop.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    /// <summary>20 s at full scale, as asked; 10 s in ./test.sh, still longer than the escalation timer below and the storage SDK's retries.</summary>
    private static readonly TimeSpan Outage = FaultScale.Pick(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Storage_away_for_a_while_the_runtime_recovers_by_itself_and_finishes_the_escalation_and_the_alert_pending_at_the_stop()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        await using var rig = await FaultRig.StartAsync(storage: azurite.ConnectionString, tierDelay: TimeSpan.FromSeconds(5));

        // Pending at the stop: an escalation timer (Bob is due 5 s after Alice, inside the outage) ...
        var waiting = await rig.OpenIncidentAsync("f-ack", "Escalation due during the outage");
        await rig.Driver.WaitForIncidentAsync(waiting, i => FaultRig.HasText(i, "pageSent", "Alice"), TimeSpan.FromSeconds(60));
        // ... and an alert accepted just before it, whose incident has not paged anyone yet.
        var fresh = await rig.OpenIncidentAsync("f-hold", "Alert posted just before the outage");

        var clock = Stopwatch.StartNew();
        var stopAt = DateTimeOffset.UtcNow;
        await azurite.StopAsync();
        var stopped = clock.Elapsed;
        var unhealthy = await rig.Driver.GetAsync("api/health", key: null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.Status);
        Assert.Equal("unreachable", unhealthy.Json!["storage"]!.GetValue<string>());
        // The deliberate outage: nothing to poll for, the point is the time storage is away.
        var left = Outage - (clock.Elapsed - stopped);
        await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        await azurite.StartAgainAsync();
        output.WriteLine($"storage stopped in {stopped.TotalSeconds:0.0} s, away for {(clock.Elapsed - stopped).TotalSeconds:0.0} s (restart included)");

        var deadline = TimeSpan.FromSeconds(90);
        var carol = await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Carol && m.Body.Contains($"INC {fresh} "), deadline);
        output.WriteLine($"the fresh alert's page went out {(carol.ReceivedAt - stopAt).TotalSeconds:0.0} s after the stop began");
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Bob && m.Body.Contains($"INC {waiting} "), deadline);
        output.WriteLine($"both pages out {clock.Elapsed.TotalSeconds:0.0} s after the stop");

        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.GetAsync("api/health", key: null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.TextAsync(FaultRig.Bob, $"{waiting}a")).Status);
        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.TextAsync(FaultRig.Carol, $"{fresh}a")).Status);
        await rig.Driver.WaitForIncidentAsync(waiting, i => i["incident"]!["lead"]?.GetValue<string>() == "Bob", TimeSpan.FromSeconds(60));
        await rig.Driver.WaitForIncidentAsync(fresh, i => i["incident"]!["lead"]?.GetValue<string>() == "Carol", TimeSpan.FromSeconds(60));

        Assert.Equal(1, rig.Runtime.Starts);
        rig.AssertNoDuplicateTexts();
    }
}
