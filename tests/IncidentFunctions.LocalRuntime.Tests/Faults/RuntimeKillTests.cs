using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// kill -9 of the local runtime (a child process), then a restart on the same task hub and worker id: incidents carry
/// on, no accepted alert is lost, and nobody is texted twice for the same step.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class RuntimeKillTests(ITestOutputHelper output)
{
    /// <summary>
    /// A killed process's in-flight work reappears after the visibility timeout; then the work itself, on 2 cores that
    /// other builds share (load averages of 10 were seen): a deadline, not a wait.
    /// </summary>
    private static readonly TimeSpan Recovery = FaultRig.VisibilityTimeout + TimeSpan.FromSeconds(75);

    [Fact]
    public async Task Killed_while_an_incident_waits_for_an_ack_the_escalation_still_fires_and_the_ack_works()
    {
        await using var rig = await FaultRig.StartAsync(tierDelay: TimeSpan.FromSeconds(8));
        var id = await rig.OpenIncidentAsync("f-ack", "Waiting for an ack");
        await rig.Driver.WaitForIncidentAsync(id, i => FaultRig.HasText(i, "pageSent", "Alice"), TimeSpan.FromSeconds(60));

        await rig.Runtime.KillAsync();
        await rig.Runtime.StartAsync();

        // The tier's durable timer survived the crash: Bob is paged without anyone asking.
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Bob && m.Body.Contains($"INC {id} "), Recovery);
        var reply = await rig.Driver.TextAsync(FaultRig.Bob, $"{id}a");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var acked = await rig.Driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "acknowledged", TimeSpan.FromSeconds(60));

        Assert.Equal("Bob", acked["incident"]!["lead"]!.GetValue<string>());
        Assert.Single(rig.TextsTo(FaultRig.Alice, id), m => !m.Body.Contains("acknowledged by", StringComparison.Ordinal));
        Assert.Single(rig.TextsTo(FaultRig.Bob, id));
        rig.AssertNoDuplicateTexts();
    }

    [Fact]
    public async Task Killed_between_the_send_and_its_timeline_entry_the_page_is_found_at_Twilio_and_not_sent_again()
    {
        await using var rig = await FaultRig.StartAsync(tierDelay: TimeSpan.FromSeconds(4));
        var held = rig.Twilio.HoldAfterAccepting(m => m.To == FaultRig.Carol);
        var id = await rig.OpenIncidentAsync("f-hold", "Killed mid-send");

        // Twilio has the text; the runtime has not heard back, so neither the ledger nor the timeline knows.
        var sent = await held.WaitAsync(TimeSpan.FromSeconds(60));
        await rig.Runtime.KillAsync();
        rig.Twilio.ReleaseHeld();
        await rig.Runtime.StartAsync();

        var incident = await rig.Driver.WaitForIncidentAsync(id, i => FaultRig.HasText(i, "pageSent", "Carol"), Recovery);
        var page = FaultRig.Timeline(incident).Single(e => FaultRig.Kind(e) == "pageSent" && FaultRig.Data(e, "to") == "Carol");
        Assert.Equal(sent.Sid, FaultRig.Data(page, "sid"));
        Assert.Equal("true", FaultRig.Data(page, "foundAtProvider"));
        Assert.Single(rig.AttemptsTo(FaultRig.Carol, id));
        Assert.NotEmpty(rig.Twilio.Lookups);

        // And the incident carries on: the next tier after the delay, then an ack.
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Bob && m.Body.Contains($"INC {id} "), Recovery);
        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.TextAsync(FaultRig.Carol, $"{id}a")).Status);
        await rig.Driver.WaitForIncidentAsync(id, i => i["incident"]!["lead"]?.GetValue<string>() == "Carol", TimeSpan.FromSeconds(60));
        rig.AssertNoDuplicateTexts();
    }

    [Fact]
    public async Task Killed_during_an_alert_storm_no_accepted_alert_is_lost_and_every_incident_pages_once()
    {
        var (alerts, keys, senders) = FaultScale.Pick((300, 10, 4), (3000, 50, 8));
        await using var rig = await FaultRig.StartAsync();
        var run = Payloads.Unique("storm");
        var next = -1;
        var accepted = 0;
        var unanswered = 0;
        var killAt = alerts / 3;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task SendAsync()
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < alerts)
            {
                var body = Payloads.Generic($"Storm {n % keys}", $"{run}-{n % keys}");
                while (true)
                {
                    try
                    {
                        var reply = await rig.Driver.PostAlertAsync("generic", "f-storm", body);
                        if (reply.Status == HttpStatusCode.Accepted)
                        {
                            if (Interlocked.Increment(ref accepted) == killAt)
                            {
                                killed.TrySetResult();
                            }

                            break;
                        }

                        // 5xx while the runtime is half up (storage calls failing): like a monitoring tool, send it again.
                        Assert.True((int)reply.Status >= 500, reply.ToString());
                    }
                    catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
                    {
                        // Nothing listening (killed, not restarted yet): not received, so certainly not written. Send it again.
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // Cut off mid-request by the kill: it may or may not have been written. A monitoring tool sends it
                        // again; count it so the totals can allow for the ones that might have been.
                        Interlocked.Increment(ref unanswered);
                    }

                    await Task.Delay(50);
                }
            }
        }

        var sending = Enumerable.Range(0, senders).Select(_ => Task.Run(SendAsync)).ToArray();
        await killed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await rig.Runtime.KillAsync();
        await rig.Runtime.StartAsync();
        await Task.WhenAll(sending).WaitAsync(TimeSpan.FromMinutes(5));

        // Every incident pages Erin, once; and takes an ack.
        var incidents = await StormIncidentsAsync(rig, keys);
        foreach (var incident in incidents)
        {
            var id = incident["id"]!.GetValue<long>();
            await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {id} "), Recovery);
        }

        foreach (var incident in incidents)
        {
            var id = incident["id"]!.GetValue<long>();
            Assert.Equal(HttpStatusCode.OK, (await rig.Driver.TextAsync(FaultRig.Erin, $"{id}a")).Status);
            await rig.Driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "acknowledged", TimeSpan.FromSeconds(60));
            Assert.Single(rig.TextsTo(FaultRig.Erin, id));
        }

        // Nothing answered 202 is lost; at most the requests cut off by the kill were counted without an answer.
        var counted = (await StormIncidentsAsync(rig, keys)).Sum(i => i["alertCount"]!.GetValue<int>());
        output.WriteLine($"{alerts} alerts over {keys} keys from {senders} senders, killed after {killAt}: {accepted} answered 202, {unanswered} cut off mid-request, alertCount sum {counted}");
        Assert.True(counted >= accepted && counted <= accepted + unanswered,
            $"alertCount sums to {counted}; {accepted} alerts were answered 202 and {unanswered} requests were cut off mid-way");
        Assert.Equal(alerts, accepted);
        rig.AssertNoDuplicateTexts();
    }

    /// <summary>The storm's incidents, once there is one per dedup key (fails with what there is after the deadline).</summary>
    private static async Task<IReadOnlyList<JsonNode>> StormIncidentsAsync(FaultRig rig, int keys)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var list = await rig.Driver.GetAsync("api/incidents");
            Assert.Equal(HttpStatusCode.OK, list.Status);
            var storm = list.Json!["incidents"]!.AsArray().Select(i => i!).Where(i => i["service"]!.GetValue<string>() == "storm").ToList();
            if (storm.Count == keys || DateTime.UtcNow > deadline)
            {
                Assert.True(storm.Count == keys, $"{storm.Count} storm incidents for {keys} dedup keys: {list.Text}");
                return storm;
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>The fault scenarios run one at a time: each starts runtimes and floods them, on 2 shared cores.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
