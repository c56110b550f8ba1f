using IncidentFunctions.Application.Chat;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.Logging.Abstractions;
using IncidentFunctions.Application.Tests.Notifications.Sms;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// The rooms' step on real stores (the tests' Azurite) with a room that records what it is handed: each entry handed
/// once, a backlog in short steps, an outage noted once and its end once, a finished room left alone.
/// </summary>
public sealed class SyncRoomsActivityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly RecordingRoom _room = new();
    private TestStores _stores = null!;

    public async Task InitializeAsync()
    {
        _stores = await TestStores.CreateAsync();
        await _stores.OpenAsync(new IncidentBuilder().Number(5).OpenedAt(Start).Build());
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task Each_entry_is_handed_once_and_a_backlog_goes_in_steps_that_ask_for_the_next_at_once()
    {
        await NotesAsync(30);

        var first = await RunAsync();
        var second = await RunAsync();
        var third = await RunAsync();

        Assert.Equal([SyncRoomsActivity.MaxEntriesPerStep, 5, 0], _room.Handed.Select(h => h.Count));
        Assert.Equal(_time.GetUtcNow(), first.WakeAt);
        Assert.Null(second.WakeAt);
        Assert.False(third.Finished);
        Assert.Equal(30, _room.Handed.SelectMany(h => h).Select(e => e.RowKey).Distinct().Count());
    }

    [Fact]
    public async Task An_outage_is_noted_once_retried_in_a_minute_and_its_end_noted_once_with_nothing_lost()
    {
        await NotesAsync(3);
        _room.Fails = true;

        var down = await RunAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        await RunAsync();
        _room.Fails = false;
        _time.Advance(TimeSpan.FromMinutes(1));
        await RunAsync();

        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromMinutes(2) + SyncRoomsActivity.OutageRetry, down.WakeAt);
        var timeline = await _stores.Timeline.GetAsync(5, default);
        var unavailable = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.RoomUnavailable);
        Assert.Contains("chat service on fire", unavailable.Summary, StringComparison.Ordinal);
        Assert.Single(timeline, e => e.Kind == TimelineEntryKind.RoomRestored);
        // The entries the failed steps held were handed again when the room answered.
        Assert.Equal(3, _room.Handed[^1].Count);
    }

    [Fact]
    public async Task A_finished_room_is_not_asked_again()
    {
        _room.Finish = true;
        Assert.True((await RunAsync()).Finished);
        await NotesAsync(2);

        Assert.True((await RunAsync()).Finished);
        Assert.Single(_room.Handed);
    }

    private Task<SyncRoomsResult> RunAsync() =>
        new SyncRoomsActivity(_stores.Incidents, _stores.Timeline, _stores.Rooms, [_room], _time, IncidentFunctions.Application.Telemetry.IncidentMetrics.Unobserved, _stores.PipelineHealth(_time, new NoEvents()), NullLogger<SyncRoomsActivity>.Instance)
            .RunAsync(null!, new SyncRoomsInput(5));

    private async Task NotesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _stores.Timeline.AppendAsync(TimelineEntries.Note(5, new IncidentNote($"n{i}", Start.AddSeconds(i), "Alice", NoteKind.Finding, $"finding {i}")), default);
        }
    }

    private sealed class RecordingRoom : IIncidentRoom
    {
        public List<IReadOnlyList<RoomEntry>> Handed { get; } = [];

        public bool Fails { get; set; }

        public bool Finish { get; set; }

        public string Name => "recording";

        public bool Enabled => true;

        public Task<RoomSync> SyncAsync(RoomSyncRequest request, CancellationToken ct)
        {
            if (Fails)
            {
                throw new RoomUnavailableException("chat service on fire");
            }

            Handed.Add(request.Entries.Where(e => e.Entry.Kind == TimelineEntryKind.Note).ToList());
            return Task.FromResult(new RoomSync(Finished: Finish));
        }
    }

    /// <summary>The room's outages say nothing on the stream here; the pipeline's own conditions have their own tests.</summary>
    private sealed class NoEvents : IncidentFunctions.Application.Communication.Events.IEventPublisher
    {
        public string Transport => "none";

        public Task PublishAsync(IReadOnlyList<IncidentFunctions.Application.Communication.Events.EventMessage> messages, CancellationToken ct) => Task.CompletedTask;
    }
}
