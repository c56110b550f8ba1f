using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// What the incidents' chat rooms remember (table Rooms). In an incident's partition: each room's state (a JSON
/// document the room owns, row "state:&lt;room&gt;") and one row per timeline entry the room has handled
/// ("&lt;room&gt;|&lt;timeline row key&gt;"), so each room is an outbox of the timeline of its own. Beside them: Slack channel →
/// incident (partition "slack-channel"), and the Slack event ids already taken (partition "slack-event").
/// </summary>
public sealed class RoomStore(TableServiceClient service, string tablePrefix)
{
    private const string ChannelPartition = "slack-channel";
    private const string EventPartition = "slack-event";

    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.Rooms);

    /// <summary>The timeline row keys <paramref name="room"/> has handled for the incident.</summary>
    public async Task<IReadOnlySet<string>> GetHandledAsync(long number, string room, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var (from, to) = Prefix(room + "|");
        var handled = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(x => x.PartitionKey == pk && x.RowKey.CompareTo(from) >= 0 && x.RowKey.CompareTo(to) < 0,
            select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            handled.Add(row.RowKey[(room.Length + 1)..]);
        }

        return handled;
    }

    /// <summary>
    /// Marks one entry handled before the room acts on it (posts it): false when it already was. Claiming first makes a
    /// retried step skip what went out; a send that surely failed gives its claim back (<see cref="ReleaseAsync"/>).
    /// </summary>
    public async Task<bool> TryClaimAsync(long number, string room, string rowKey, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(IncidentIds.PartitionKey(number), Row(room, rowKey)), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task ReleaseAsync(long number, string room, string rowKey, CancellationToken ct) =>
        await _table.DeleteEntityAsync(IncidentIds.PartitionKey(number), Row(room, rowKey), ETag.All, ct).ConfigureAwait(false);

    /// <summary>Marks entries handled (the ones the room had nothing to do for): upserts, one transaction per 100.</summary>
    public async Task MarkHandledAsync(long number, string room, IEnumerable<string> rowKeys, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        foreach (var chunk in rowKeys.Chunk(100))
        {
            var actions = chunk.Select(rk => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, Row(room, rk))));
            await _table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The room's state for the incident, or null before it has any.</summary>
    public async Task<T?> GetStateAsync<T>(long number, string room, CancellationToken ct) where T : class
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(IncidentIds.PartitionKey(number), "state:" + room, ["Json"], ct).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Json") is { Length: > 0 } json ? StoredJson.Deserialize<T>(json) : null;
    }

    /// <summary>Only the incident's room orchestration writes a room's state, one step at a time: a plain upsert.</summary>
    public async Task SaveStateAsync<T>(long number, string room, T state, CancellationToken ct) where T : class =>
        await _table.UpsertEntityAsync(new TableEntity(IncidentIds.PartitionKey(number), "state:" + room) { ["Json"] = StoredJson.Serialize(state) },
            TableUpdateMode.Replace, ct).ConfigureAwait(false);

    /// <summary>Slack channel → incident, for messages and commands that arrive from the channel.</summary>
    public async Task MapChannelAsync(string channelId, long number, CancellationToken ct) =>
        await _table.UpsertEntityAsync(new TableEntity(ChannelPartition, KeyFor(channelId)) { ["IncidentNumber"] = number }, TableUpdateMode.Replace, ct).ConfigureAwait(false);

    /// <summary>The incident whose channel this is, or null (not an incident channel).</summary>
    public async Task<long?> FindIncidentByChannelAsync(string channelId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(ChannelPartition, KeyFor(channelId), ["IncidentNumber"], ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetInt64("IncidentNumber") : null;
    }

    /// <summary>
    /// Records a Slack event id as taken: false when it was already (Slack retries an event it thinks was not
    /// received, with the same id; the second delivery must change nothing).
    /// </summary>
    public async Task<bool> TryTakeEventAsync(string eventId, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(EventPartition, KeyFor(eventId)) { ["ReceivedAt"] = at }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Gives a taken event id back: its handling failed, and Slack's next delivery of it must be handled.</summary>
    public async Task ReleaseEventAsync(string eventId, CancellationToken ct) =>
        await _table.DeleteEntityAsync(EventPartition, KeyFor(eventId), ETag.All, ct).ConfigureAwait(false);

    private static string Row(string room, string rowKey) => room + "|" + rowKey;

    /// <summary>The row key range of everything starting with <paramref name="prefix"/>.</summary>
    private static (string From, string To) Prefix(string prefix) =>
        (prefix, prefix[..^1] + ((char)(prefix[^1] + 1)).ToString(CultureInfo.InvariantCulture));
}
