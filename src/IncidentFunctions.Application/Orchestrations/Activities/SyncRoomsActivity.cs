using IncidentFunctions.Application.Chat;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// Brings each chat room of one incident up to date with its timeline: hands every room the entries it has not
/// handled, then marks them handled. Rooms are independent: one that is down is noted on the timeline once per
/// outage (and once when it is back) and asks to be tried again soon; the others carry on.
/// </summary>
[DurableTask(nameof(SyncRoomsActivity))]
public sealed class SyncRoomsActivity(
    IncidentStore incidents,
    TimelineStore timeline,
    RoomStore rooms,
    IEnumerable<IIncidentRoom> all,
    TimeProvider time,
    Telemetry.IncidentMetrics metrics,
    Health.PipelineHealth pipeline,
    ILogger<SyncRoomsActivity> log) : TaskActivity<SyncRoomsInput, SyncRoomsResult>
{
    /// <summary>How soon a room that could not be reached is tried again.</summary>
    internal static readonly TimeSpan OutageRetry = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Entries handed to a room per step; the rest go in the next step, at once. A room catching up after an outage
    /// must not post for longer than a work item stays invisible (docs/local-runtime.md, pitfall 5).
    /// </summary>
    internal const int MaxEntriesPerStep = 25;

    public override async Task<SyncRoomsResult> RunAsync(TaskActivityContext context, SyncRoomsInput input)
    {
        var ct = CancellationToken.None;
        var number = input.IncidentNumber;
        if (await incidents.GetIncidentAsync(number, ct) is not { } versioned)
        {
            return new SyncRoomsResult(null, Finished: true);
        }

        var incident = versioned.Incident;
        var entries = await timeline.GetWithRowKeysAsync(number, ct);
        DateTimeOffset? wake = null;
        var finished = true;
        foreach (var room in all.Where(r => r.Enabled))
        {
            var health = await rooms.GetStateAsync<RoomHealth>(number, HealthRow(room), ct) ?? new RoomHealth();
            if (health.Finished)
            {
                continue;
            }

            var handled = await rooms.GetHandledAsync(number, room.Name, ct);
            var unhandled = entries.Where(e => !handled.Contains(e.RowKey)).Select(e => new RoomEntry(e.Entry, e.RowKey)).ToList();
            var pending = unhandled.Take(MaxEntriesPerStep).ToList();
            var now = time.GetUtcNow();
            try
            {
                var sync = await room.SyncAsync(new RoomSyncRequest(incident, pending, now, new RoomClaims(rooms, number, room.Name)) { Timeline = [.. entries.Select(e => e.Entry)] }, ct);
                await rooms.MarkHandledAsync(number, room.Name, pending.Select(p => p.RowKey), ct);
                var more = unhandled.Count > pending.Count;
                var done = sync.Finished && !more;
                if (health.DownSince is { } since)
                {
                    await timeline.AppendAsync(TimelineEntries.RoomRestored(number, time.GetUtcNow(), since, new RoomDetails(room.Name)), ct);
                    log.LogInformation("INC {Incident}: {Room} answering again", number, room.Name);
                }

                if (room.Name == Chat.Slack.SlackRoom.RoomName)
                {
                    await pipeline.ClearAsync(Health.PipelineConditions.SlackCredentials, ct);
                }

                if (health.DownSince is not null || done)
                {
                    await rooms.SaveStateAsync(number, HealthRow(room), new RoomHealth { Finished = done }, ct);
                }

                finished &= done;
                wake = Earliest(wake, more ? now : sync.WakeAt);
            }
            catch (RoomUnavailableException e)
            {
                log.LogWarning("INC {Incident}: {Room} unavailable: {Reason}", number, room.Name, e.Reason);
                metrics.ProviderError(room.Name, e.Code);
                if (room.Name == Chat.Slack.SlackRoom.RoomName && e.Code is "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" or "account_inactive")
                {
                    await pipeline.ReportAsync(Health.PipelineConditions.SlackCredentials,
                        $"Slack refuses the bot token ({e.Code}): incident channels are not opened or kept. Check Slack:BotToken.", ct);
                }
                if (health.DownSince is null)
                {
                    await timeline.AppendAsync(TimelineEntries.RoomUnavailable(number, now, now, new RoomDetails(room.Name, Error: e.Reason)), ct);
                    await rooms.SaveStateAsync(number, HealthRow(room), new RoomHealth { DownSince = now }, ct);
                }

                finished = false;
                wake = Earliest(wake, now + OutageRetry);
            }
        }

        return new SyncRoomsResult(wake, finished);
    }

    private static string HealthRow(IIncidentRoom room) => room.Name + "-health";

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>A room's standing for one incident: down since when (one timeline note per outage), or done with it.</summary>
    private sealed record RoomHealth
    {
        public DateTimeOffset? DownSince { get; init; }
        public bool Finished { get; init; }
    }
}

public sealed record SyncRoomsInput(long IncidentNumber);

/// <param name="WakeAt">The earliest time a room asked to be looked at again without a poke.</param>
/// <param name="Finished">No room will do anything more for the incident.</param>
public sealed record SyncRoomsResult(DateTimeOffset? WakeAt, bool Finished);
