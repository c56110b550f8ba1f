using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Incidents;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The room orchestration on the in-memory Durable Task host with a scripted sync step: it syncs at start, on every
/// poke and when a room asked to be woken, ends when every room is finished, and keeps its history small; and the
/// incident's orchestration pokes it only when its input says it has rooms (older instances replay as they ran).
/// </summary>
public sealed class RoomOrchestrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<SyncRoomsResult> _script = new();
    private readonly ScriptedActivities _incidentActivities = new();
    private DurableTaskTestHost _host = null!;
    private int _syncs;
    private long _lastSyncTicks;

    private DateTime LastSyncAt => new(Interlocked.Read(ref _lastSyncTicks), DateTimeKind.Utc);

    private int Syncs => Volatile.Read(ref _syncs);

    public async Task InitializeAsync()
    {
        _host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<IncidentRoomOrchestrator>();
            registry.AddOrchestrator<IncidentOrchestrator>();
            _incidentActivities.Register(registry);
            registry.AddActivityFunc<SyncRoomsInput, SyncRoomsResult>(nameof(SyncRoomsActivity), (_, _) =>
            {
                Interlocked.Increment(ref _syncs);
                Interlocked.Exchange(ref _lastSyncTicks, DateTime.UtcNow.Ticks);
                return _script.TryDequeue(out var next) ? next : new SyncRoomsResult(null, Finished: false);
            });
        }, new DurableTaskTestHostOptions { Port = FreePort() });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task It_syncs_at_start_and_on_every_poke_and_ends_when_the_rooms_are_finished()
    {
        var id = await StartRoomAsync(7);
        await UntilAsync(() => Syncs == 1);

        await _host.Client.RaiseEventAsync(id, IncidentRoomOrchestrator.PokeEvent, 7L);
        await UntilAsync(() => Syncs == 2);

        _script.Enqueue(new SyncRoomsResult(null, Finished: true));
        await _host.Client.RaiseEventAsync(id, IncidentRoomOrchestrator.PokeEvent, 7L);
        var state = await CompletionAsync(id);
        Assert.True(state.ReadOutputAs<bool>());
        Assert.Equal(3, Syncs);
    }

    [Fact]
    public async Task A_room_that_asks_to_be_woken_is_synced_then_without_a_poke()
    {
        _script.Enqueue(new SyncRoomsResult(DateTimeOffset.UtcNow.AddSeconds(1), Finished: false));
        _script.Enqueue(new SyncRoomsResult(null, Finished: true));
        var id = await StartRoomAsync(8);

        await CompletionAsync(id);
        Assert.Equal(2, Syncs);
    }

    [Fact]
    public async Task A_long_lived_room_continues_as_new_and_every_poke_is_followed_by_a_sync()
    {
        var id = await StartRoomAsync(9);
        await UntilAsync(() => Syncs == 1);
        for (var i = 0; i < IncidentRoomOrchestrator.StepsPerExecution + 5; i++)
        {
            await _host.Client.RaiseEventAsync(id, IncidentRoomOrchestrator.PokeEvent, 9L);
        }

        var lastPoke = DateTime.UtcNow;

        // One execution syncs at most StepsPerExecution times: more means it continued as new. Pokes still pending then
        // need not be carried over one by one: the new execution starts with a sync, after all of them.
        await UntilAsync(() => Syncs > IncidentRoomOrchestrator.StepsPerExecution && LastSyncAt > lastPoke);
        _script.Enqueue(new SyncRoomsResult(null, Finished: true));
        await _host.Client.RaiseEventAsync(id, IncidentRoomOrchestrator.PokeEvent, 9L);
        await CompletionAsync(id);
    }

    [Fact]
    public async Task The_incident_pokes_its_room_when_its_input_says_it_has_one()
    {
        var room = await StartRoomAsync(11);
        await UntilAsync(() => Syncs == 1);

        var incident = await StartIncidentAsync(11, rooms: true);
        await UntilAsync(() => Syncs >= 2);

        await _host.Client.RaiseEventAsync(incident, IncidentSignal.EventName, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        await _host.Client.WaitForInstanceCompletionAsync(incident, getInputsAndOutputs: false, new CancellationTokenSource(Deadline).Token);
        await _host.Client.TerminateInstanceAsync(room);
    }

    [Fact]
    public async Task An_incident_started_before_rooms_existed_sends_no_pokes()
    {
        var room = await StartRoomAsync(12);
        await UntilAsync(() => Syncs == 1);

        var incident = await StartIncidentAsync(12, rooms: false);
        await UntilAsync(() => _incidentActivities.PublishCalls >= 1);
        await _host.Client.RaiseEventAsync(incident, IncidentSignal.EventName, new IncidentSignal(IncidentSignalKind.Resolved, "Alice", DateTimeOffset.UtcNow));
        await _host.Client.WaitForInstanceCompletionAsync(incident, getInputsAndOutputs: false, new CancellationTokenSource(Deadline).Token);

        Assert.Equal(1, Syncs);
        await _host.Client.TerminateInstanceAsync(room);
    }

    private async Task<string> StartRoomAsync(long number)
    {
        var id = IncidentRoomOrchestrator.InstanceId(number);
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentRoomOrchestrator), new IncidentRoomInput(number), new StartOrchestrationOptions(id));
        return id;
    }

    /// <summary>The incident's own instance, whose pokes go to the room instance of <paramref name="number"/> (the test's room is named so too).</summary>
    private async Task<string> StartIncidentAsync(long number, bool rooms)
    {
        var id = IncidentIds.InstanceId(number);
        var input = new IncidentOrchestrationInput(number, "checkout", "checkout", [TimeSpan.FromMinutes(10)], 0)
        {
            Rooms = rooms,
            Timings = new ResponseTimings(null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), null, TimeSpan.FromDays(1)),
        };
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(IncidentOrchestrator), input, new StartOrchestrationOptions(id));
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
    private async Task UntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"the condition did not hold in time ({Syncs} sync(s))");
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
