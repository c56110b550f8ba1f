using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Testing.World;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

[Collection(PipelineCollection.Name)]
public sealed class ReconcilerTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task An_open_incident_whose_orchestration_died_is_restarted_and_still_answers_an_ack()
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-checkout", Payloads.Generic("Orphaned incident", Payloads.Unique("orphan"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(30));

        var client = runtime.Host.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = IncidentIds.InstanceId(id);
        await client.TerminateInstanceAsync(instanceId, "simulating a crashed orchestration");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await client.WaitForInstanceCompletionAsync(instanceId, cts.Token);
        }

        var restarted = await runtime.Host.Services.GetRequiredService<IncidentReconciler>().RunAsync(client, CancellationToken.None);
        Assert.Contains(id, restarted);

        // The restarted orchestration re-pages tier 1 (a new step), and an ack reaches it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (runtime.Twilio.Messages.Count(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ")) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the restarted orchestration did not page tier 1");
            await Task.Delay(100);
        }

        var ack = await _driver.TextAsync(PipelineFixture.Alice, $"{id}a");
        Assert.Contains($"INC {id} acknowledged", ack.Text);
        var state = await client.GetInstanceAsync(instanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, state!.RuntimeStatus);

        // Healthy incidents are left alone.
        Assert.DoesNotContain(id, await runtime.Host.Services.GetRequiredService<IncidentReconciler>().RunAsync(client, CancellationToken.None));
    }

    [Fact]
    public async Task An_incident_still_being_opened_is_left_to_its_opener_and_one_left_orphaned_is_started()
    {
        var store = runtime.Host.Services.GetRequiredService<Application.Storage.IncidentStore>();
        var reconciler = runtime.Host.Services.GetRequiredService<IncidentReconciler>();
        var client = runtime.Host.Services.GetRequiredService<DurableTaskClient>();
        var now = DateTimeOffset.UtcNow;

        // Rows written as the ingestor writes them, without the orchestration it would schedule next.
        var young = await OrphanAsync(store, now);
        var old = await OrphanAsync(store, now - IncidentReconciler.OpeningGrace - TimeSpan.FromSeconds(1));

        var restarted = await reconciler.RunAsync(client, CancellationToken.None);
        Assert.DoesNotContain(young, restarted);
        Assert.Null(await client.GetInstanceAsync(IncidentIds.InstanceId(young)));
        Assert.Contains(old, restarted);
        Assert.NotNull(await client.GetInstanceAsync(IncidentIds.InstanceId(old)));
    }

    private static async Task<long> OrphanAsync(Application.Storage.IncidentStore store, DateTimeOffset openedAt)
    {
        var number = await store.AllocateNumberAsync(default);
        var incident = new IncidentBuilder()
            .Number(number).Title("Opened, never started").Severity(Domain.Response.IncidentSeverity.Sev3).DedupKey(Payloads.Unique("orphan"))
            .Policy("slow").OpenedAt(openedAt)
            .Build();
        Assert.True(await store.TryOpenIncidentAsync(incident, TestStores.FirstAlertOf(incident), openedAt, default));
        return number;
    }
}
