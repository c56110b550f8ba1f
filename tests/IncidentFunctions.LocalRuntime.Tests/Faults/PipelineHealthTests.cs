using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// When paging itself fails because a provider refuses our credentials, /api/health says so (degraded, with the
/// reason) until a send works again; the page's failure is on the incident's timeline with Twilio's code.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class PipelineHealthTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Twilio_refusing_the_credentials_degrades_health_until_a_text_goes_through()
    {
        await using var rig = await FaultRig.StartAsync();
        Assert.Equal("healthy", (await rig.Driver.GetAsync("api/health", key: null)).Json!["status"]!.GetValue<string>());

        // Twilio answers 401 with its error 20003 ("Authenticate"), as for a wrong auth token, until someone fixes it.
        rig.Twilio.FailFor(TimeSpan.FromMinutes(10), 401, 20003, fromFirstRequest: true);
        var refused = await rig.OpenIncidentAsync("f-storm", "Credentials refused");
        var incident = await rig.Driver.WaitForIncidentAsync(refused, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pageFailed"), Deadline);
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "pageFailed" && e.ToJsonString().Contains("20003", StringComparison.Ordinal));

        var degraded = (await UntilAsync(rig, "degraded"))!;
        var condition = Assert.Single(degraded["conditions"]!.AsArray())!;
        Assert.Equal("twilio-credentials", condition["condition"]!.GetValue<string>());
        Assert.Contains("Twilio:AuthToken", condition["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.GetAsync("api/health", key: null)).Status);
        // Said on the event stream too, which depends on no provider: to the team and leadership, in the reports session.
        var degradedEvent = await EventAsync(rig, "pipeline.degraded");
        Assert.Equal("reports", degradedEvent["sessionId"]!.GetValue<string>());
        Assert.Contains("twilio-credentials", degradedEvent.ToJsonString(), StringComparison.Ordinal);

        // The credentials work again (a person fixed them): the next page goes out and health is back.
        rig.ResetTwilioFaults();
        var paged = await rig.OpenIncidentAsync("f-storm", "Credentials fixed");
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {paged} ", StringComparison.Ordinal), Deadline);
        var healthy = (await UntilAsync(rig, "healthy"))!;
        Assert.Null(healthy["conditions"]);
        Assert.Contains("twilio-credentials", (await EventAsync(rig, "pipeline.recovered")).ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>The latest message of <paramref name="type"/> the runtime put on its event queue (the developer's view, /api/dev/events).</summary>
    private static async Task<JsonNode> EventAsync(FaultRig rig, string type)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var messages = (await rig.Driver.GetAsync("api/dev/events")).Json!["messages"]!.AsArray();
            if (messages.LastOrDefault(m => m!.ToJsonString().Contains($"\"{type}\"", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"no {type} event: {messages.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static async Task<JsonNode?> UntilAsync(FaultRig rig, string status)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var health = (await rig.Driver.GetAsync("api/health", key: null)).Json!;
            if (health["status"]!.GetValue<string>() == status)
            {
                return health;
            }

            Assert.True(DateTime.UtcNow < until, $"/api/health never became {status}: {health.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
