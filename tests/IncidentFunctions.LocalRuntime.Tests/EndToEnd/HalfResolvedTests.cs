using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// A resolve that stopped after writing the incident row (a crash, storage failing) leaves the dedup key pointing
/// at a resolved incident. The next firing of that alert must open a new incident, marked as a repeat, instead of
/// spinning on the old one.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HalfResolvedTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task The_next_firing_opens_a_new_incident_and_repairs_the_key()
    {
        var key = Payloads.Unique("half-resolved");
        var first = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Queue backlog", key)));
        Assert.Equal("appended", Payloads.Result(await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Queue backlog", key))));

        // Only the incident row's transition, as if the resolve died right after it.
        var store = runtime.Host.Services.GetRequiredService<IncidentStore>();
        var found = (await store.GetIncidentAsync(first, default))!;
        Assert.True(await store.TryUpdateIncidentAsync(found.Incident.Resolve("alice", DateTimeOffset.UtcNow, null), found.ETag, default));
        Assert.Equal(first, await store.FindOpenIncidentAsync("checkout", key, default));

        var again = await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Queue backlog", key));
        Assert.Equal("created", Payloads.Result(again));
        var second = Payloads.IncidentId(again);
        Assert.NotEqual(first, second);

        Assert.Equal(second, await store.FindOpenIncidentAsync("checkout", key, default));
        Assert.Contains(await runtime.Host.Services.GetRequiredService<Application.Storage.ResolvedIndex>().ListSinceAsync("checkout", DateTimeOffset.UtcNow.AddHours(-1), default), r => r.Number == first);
        var repeat = await _driver.IncidentAsync(second);
        Assert.Equal([first], repeat["incident"]!["repeatOf"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Equal(2, (await _driver.IncidentAsync(first))["incident"]!["alertCount"]!.GetValue<int>());
    }
}
