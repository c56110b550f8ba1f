using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// A window's orchestration on the in-memory Durable Task host with recorded steps: it announces the start at the start
/// and hands on at the end, or at once on an early end; a window ended before its start never announces one.
/// </summary>
public sealed class MaintenanceWindowOrchestrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<(string Step, string Window, DateTime At)> _steps = new();

    /// <summary>The windows' rows as the read step finds them.</summary>
    private readonly ConcurrentDictionary<string, MaintenanceWindowInput> _rows = new(StringComparer.Ordinal);
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<MaintenanceWindowOrchestrator>();
            registry.AddActivityFunc<string, MaintenanceWindowInput?>(nameof(ReadMaintenanceWindowActivity), (_, id) => _rows.GetValueOrDefault(id));
            registry.AddActivityFunc<string, bool>(nameof(MaintenanceStartedActivity), (_, id) =>
            {
                _steps.Enqueue(("started", id, DateTime.UtcNow));
                return true;
            });
            registry.AddActivityFunc<string, MaintenanceEndResult>(nameof(MaintenanceEndedActivity), (_, id) =>
            {
                _steps.Enqueue(("ended", id, DateTime.UtcNow));
                return new MaintenanceEndResult(1, [42]);
            });
        }, new DurableTaskTestHostOptions { Port = FreePort() });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Announces_the_start_at_the_start_and_hands_on_at_the_planned_end()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(1);
        var end = start.AddSeconds(2);
        var id = await StartAsync("mw-planned", start, end);

        var state = await CompletionAsync(id);

        Assert.Equal(["started", "ended"], _steps.Select(s => s.Step));
        Assert.True(_steps.First().At >= start.UtcDateTime.AddSeconds(-1), "started before the window's start");
        Assert.True(_steps.Last().At >= end.UtcDateTime.AddSeconds(-1), "handed on before the window's end");
        Assert.Equal([42L], state.ReadOutputAs<MaintenanceEndResult>()!.Opened);
    }

    [Fact]
    public async Task An_early_end_hands_on_at_once_instead_of_at_the_planned_end()
    {
        var id = await StartAsync("mw-early", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(2));
        await UntilAsync(() => _steps.Any(s => s.Step == "started"));

        await _host.Client.RaiseEventAsync(id, MaintenanceWindowOrchestrator.EndEvent, DateTimeOffset.UtcNow);
        await CompletionAsync(id);

        Assert.Equal(["started", "ended"], _steps.Select(s => s.Step));
    }

    [Fact]
    public async Task A_window_ended_before_its_start_never_announces_a_start()
    {
        var id = await StartAsync("mw-cancelled", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));

        await _host.Client.RaiseEventAsync(id, MaintenanceWindowOrchestrator.EndEvent, DateTimeOffset.UtcNow);
        await CompletionAsync(id);

        Assert.Equal(["ended"], _steps.Select(s => s.Step));
    }

    [Fact]
    public async Task An_end_written_on_the_row_before_the_instance_first_ran_is_seen_without_the_event()
    {
        // As after "end now" raced the instance's start: the event may be dropped, the row says it ended.
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var id = await StartAsync("mw-row-ended", start, DateTimeOffset.UtcNow.AddHours(1), storedEnd: start);

        await CompletionAsync(id);

        Assert.Equal(["ended"], _steps.Select(s => s.Step));
    }

    private async Task<string> StartAsync(string windowId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset? storedEnd = null)
    {
        _rows[windowId] = new MaintenanceWindowInput(windowId, start, storedEnd ?? end);
        var id = "maintenance-" + windowId;
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MaintenanceWindowOrchestrator), new MaintenanceWindowInput(windowId, start, end), new StartOrchestrationOptions(id));
        return id;
    }

    private async Task<OrchestrationMetadata> CompletionAsync(string id)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var state = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        return state;
    }

    /// <summary>A poll with a deadline: the engine runs the steps on its own threads.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold in time");
            await Task.Delay(20);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
