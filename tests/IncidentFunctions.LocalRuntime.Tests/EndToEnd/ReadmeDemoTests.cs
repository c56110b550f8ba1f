using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// README's walkthrough as a newcomer runs it: the shipped sample configuration, no Twilio account (pages go to the
/// outbox), the sample auth token for signing replies, and the Alertmanager fixture from ../shared/fixtures.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class ReadmeDemoTests(LocalRuntimeFixture runtime, ITestOutputHelper output)
{
    private const string Alice = "+15550100001";
    private readonly PipelineDriver _driver = new(runtime.Client, "local-admin-key", "local-twilio-auth-token", "+15550100000");

    [Fact]
    public async Task Alertmanager_fixture_pages_Alice_in_the_outbox_and_her_signed_a_acknowledges_it()
    {
        var body = await DemoBodyAsync();
        var accepted = await _driver.PostAlertAsync("alertmanager", "sample-checkout-key", body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var alerts = accepted.Json!["alerts"]!.AsArray();
        Assert.All(alerts, a => Assert.Equal("created", a!["result"]!.GetValue<string>()));
        var ids = alerts.Select(a => a!["incidentId"]!.GetValue<long>()).ToList();
        foreach (var id in ids)
        {
            var page = await WaitForOutboxAsync(m => m["to"]!.GetValue<string>() == Alice && m["body"]!.GetValue<string>().Contains($"Reply {id}a"));
            output.WriteLine("outbox page: " + page["body"]);
        }

        // A bare "a" answers the last incident paged to Alice's number; both were paged at once, so either may be last.
        var reply = await _driver.TextAsync(Alice, "a");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var last = ids.Single(id => reply.Text.Contains($"INC {id} acknowledged — you are the lead", StringComparison.Ordinal));

        var incident = await _driver.IncidentAsync(last);
        Assert.Equal(("acknowledged", "Alice"), (incident["incident"]!["status"]!.GetValue<string>(), incident["incident"]!["lead"]!.GetValue<string>()));
        Assert.Equal("checkout", incident["incident"]!["service"]!.GetValue<string>());
    }

    private async Task<string> DemoBodyAsync()
    {
        var dir = SharedFixtures.FindDirectory("alertmanager");
        var file = dir is null ? null : Path.Combine(dir, "firing-two-alerts.json");
        if (file is not null && File.Exists(file))
        {
            return await File.ReadAllTextAsync(file);
        }

        output.WriteLine(SharedFixtures.AbsentMessage("alertmanager") + " Using a payload written from the documented format instead.");
        return Payloads.Alertmanager(Guid.NewGuid().ToString("N")[..16], "DemoAlert");
    }

    private async Task<JsonNode> WaitForOutboxAsync(Func<JsonNode, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var outbox = await _driver.GetAsync("api/dev/outbox");
            Assert.Equal(HttpStatusCode.OK, outbox.Status);
            var found = outbox.Json!["messages"]!.AsArray().FirstOrDefault(m => match(m!));
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "no matching page in the outbox: " + outbox.Text);
            await Task.Delay(100);
        }
    }
}
