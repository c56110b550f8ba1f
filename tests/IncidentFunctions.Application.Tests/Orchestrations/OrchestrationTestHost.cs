using System.Net;
using System.Net.Sockets;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using Microsoft.DurableTask;
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

    /// <summary>Starts INC 7 on "checkout" with <paramref name="tiers"/> tiers of <paramref name="delay"/> each.</summary>
    protected async Task<string> StartAsync(int tiers, int repeat, TimeSpan delay, IncidentSeverity severity = IncidentSeverity.Sev3, ResponseTimings? timings = null)
    {
        var id = "incident-" + Guid.NewGuid().ToString("N")[..8];
        var input = new IncidentOrchestrationInput(7, "checkout", "checkout", Enumerable.Repeat(delay, tiers).ToList(), repeat)
        {
            Severity = severity,
            Timings = timings ?? new ResponseTimings(null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), null, TimeSpan.FromDays(1)),
        };
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentOrchestrator), input, new StartOrchestrationOptions(id));
        return id;
    }

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
