namespace IncidentFunctions.Application.Chat;

/// <summary>
/// One place in chat where an incident is worked or announced (a Slack channel, a Teams channel). Each room is an
/// outbox of the incident's timeline of its own: it is handed the entries it has not handled yet, oldest first, and
/// brings itself up to date with the incident. Rooms run in the incident's room orchestration, never in its paging
/// path: a chat service that is down delays nothing but the room.
/// </summary>
public interface IIncidentRoom
{
    /// <summary>"slack", "teams": names the room's rows and its timeline entries.</summary>
    string Name { get; }

    /// <summary>Configured in this deployment (a Slack token, a Teams webhook).</summary>
    bool Enabled { get; }

    /// <summary>
    /// Acts on <see cref="RoomSyncRequest.Entries"/> (every entry handed over counts as handled once this returns) and
    /// keeps what the room shows current. An entry posted somewhere is claimed first through
    /// <see cref="RoomSyncRequest.Claims"/>, so a retried step never posts it twice. Throws
    /// <see cref="RoomUnavailableException"/> when the chat service cannot be reached or refuses us; the step is tried
    /// again later and the outage is noted on the timeline.
    /// </summary>
    Task<RoomSync> SyncAsync(RoomSyncRequest request, CancellationToken ct);
}

/// <param name="Entries">Timeline entries this room has not handled, in timeline order.</param>
/// <param name="Now">The step's time (closing delays are measured from it).</param>
public sealed record RoomSyncRequest(Incident Incident, IReadOnlyList<RoomEntry> Entries, DateTimeOffset Now, RoomClaims Claims)
{
    /// <summary>The whole timeline, handled or not: for what a room needs from before it existed (who was paged).</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
}

/// <summary>A timeline entry and its row key (the id it is claimed by).</summary>
public sealed record RoomEntry(TimelineEntry Entry, string RowKey);

/// <param name="WakeAt">When the room needs a step though nothing happens (an archive falls due); null: only when something does.</param>
/// <param name="Finished">The room will never do anything again for this incident (closed and archived, or nothing to archive).</param>
public sealed record RoomSync(DateTimeOffset? WakeAt = null, bool Finished = false);

/// <summary>The chat service did not take a call: unreachable, rate-limited past our patience, or refusing our credentials.</summary>
/// <param name="code">What went wrong in a word, for the error counter: Slack's error ("invalid_auth"), "http_404", "unreachable".</param>
public sealed class RoomUnavailableException(string reason, Exception? inner = null, string code = "unreachable") : Exception(reason, inner)
{
    public string Reason { get; } = reason;

    public string Code { get; } = code;
}
