using System.Net;
using IncidentFunctions.LocalRuntime.Tests.EventStream;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// The event stream on the local runtime: without Service Bus, an incident's life arrives on the Storage queue as
/// ordered, uniquely identified events, and what stays inside the incident (notes) does not.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class EventStreamTests(PipelineFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task An_incident_from_alert_to_resolution_is_published_in_order_without_internal_notes()
    {
        var alert = """{"title": "Payments latency above 2 s", "severity": "info", "dedupKey": "KEY"}""".Replace("KEY", Payloads.Unique("events"));
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-loop", alert));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);

        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        Assert.Contains("noted", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}n secret internal finding 7731")).Text);
        var update = await _driver.PostJsonAsync($"api/incidents/{id}/updates",
            """{"text": "Payments slow for some cards; failing over", "audiences": ["team", "leadership"]}""");
        Assert.Equal(HttpStatusCode.Created, update.Status);
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Failed over to the second processor"}""")).Status);

        var reader = EventQueueReader.ForQueue(runtime.TaskHubName);
        var events = await reader.WaitForSessionAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r => r.Any(e => e.Event.Type == "incident.resolved"), Deadline);
        var types = events.Select(e => e.Event.Type).ToList();

        AssertInOrder(types, "incident.opened", "incident.paged", "incident.acknowledged", "incident.lead-changed", "incident.update-posted", "incident.resolved");
        Assert.Equal(events.Count, events.Select(e => e.Envelope.MessageId).Distinct().Count());
        Assert.All(events, e => Assert.Equal(e.Envelope.MessageId, e.Event.Id));
        Assert.All(events, e => Assert.Equal(e.Event.Type, e.Envelope.Subject));
        Assert.All(events, e => Assert.Equal("loop", e.Envelope.ApplicationProperties["service"]));
        Assert.DoesNotContain(events, e => e.Event.Summary.Contains("7731", StringComparison.Ordinal));

        var posted = events.Single(e => e.Event.Type == "incident.update-posted");
        Assert.Equal("team,leadership", posted.Envelope.ApplicationProperties["audience"]);
        Assert.Contains("failing over", posted.Event.Summary, StringComparison.Ordinal);
        var opened = events.First(e => e.Event.Type == "incident.opened");
        Assert.Equal("Payments latency above 2 s", opened.Event.Incident!.Title);

        // The developer's view of the same stream, which leaves the queue alone.
        var recent = await _driver.GetAsync("api/dev/events");
        Assert.Equal(HttpStatusCode.OK, recent.Status);
        var mine = recent.Json!["messages"]!.AsArray().Where(m => m!["sessionId"]!.GetValue<string>() == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var mineIds = mine.Select(m => m!["messageId"]!.GetValue<string>()).ToList();
        // It keeps the latest 200 of the whole runtime, which other tests share: this incident's newest are there, in order.
        Assert.Contains(events[^1].Envelope.MessageId, mineIds);
        Assert.Equal(events.Select(e => e.Envelope.MessageId).Where(mineIds.Contains), mineIds);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _driver.GetAsync("api/dev/events", key: null)).Status);
    }

    private static void AssertInOrder(IReadOnlyList<string> actual, params string[] expected)
    {
        var at = 0;
        foreach (var type in actual)
        {
            if (at < expected.Length && type == expected[at])
            {
                at++;
            }
        }

        Assert.True(at == expected.Length, $"expected {string.Join(" → ", expected)} in order; got {string.Join(", ", actual)}");
    }
}
