using System.Net;
using System.Net.Sockets;
using IncidentFunctions.Application.Orchestrations;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The incident orchestrator on the in-memory Durable Task host (its own port per test class instance), with
/// <see cref="ScriptedActivities"/> standing in for the activities, plus the calls every scenario makes.
/// </summary>
public abstract class OrchestrationTestHost : IAsyncLifetime
{
    private DurableTaskTestHost _host = null!;

    internal ScriptedActivities Activities { get; } = new();

    protected DurableTaskClient Client => _host.Client;

    public async Task InitializeAsync()
    {
        _host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<IncidentOrchestrator>();
            Activities.Register(registry);
        }, new DurableTaskTestHostOptions { Port = FreePort() });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    protected Task SignalAsync(string id, IncidentSignal signal) => Client.RaiseEventAsync(id, IncidentSignal.EventName, signal);

    protected async Task<IncidentOutcome> CompletionAsync(string id)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var state = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        return state.ReadOutputAs<IncidentOutcome>()!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
