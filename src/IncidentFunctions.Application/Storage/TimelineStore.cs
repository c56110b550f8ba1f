using System.Net;
using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The timeline, append-only, partitioned by incident with row keys that start with UTC ticks so a partition reads back
/// in time order; and its outbox to the event stream, a second table with one row per entry handed on, so the
/// timeline itself is never rewritten.
/// </summary>
public sealed class TimelineStore(TableServiceClient service, string tablePrefix)
{
    private readonly TableClient _timeline = TableNames.Open(service, tablePrefix, n => n.Timeline);
    private readonly TableClient _published = TableNames.Open(service, tablePrefix, n => n.Published);

    /// <summary>Appends once: the same entry key at the same instant is written once however often it is retried.</summary>
    public async Task AppendAsync(TimelineEntry entry, CancellationToken ct)
    {
        var entity = new TimelineEntity
        {
            PartitionKey = IncidentIds.PartitionKey(entry.IncidentNumber),
            RowKey = RowKey(entry.At, entry.Key),
            IncidentNumber = entry.IncidentNumber,
            At = entry.At,
            Kind = entry.Kind.ToString(),
            Actor = entry.Actor,
            Summary = entry.Summary,
            EntryKey = entry.Key,
            DataJson = entry.Data is { Count: > 0 } ? StoredJson.Serialize(entry.Data) : null,
        };
        try
        {
            await _timeline.AddEntityAsync(entity, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
        }
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetAsync(long number, CancellationToken ct)
    {
        var list = new List<TimelineEntry>();
        var pk = IncidentIds.PartitionKey(number);
        await foreach (var e in _timeline.QueryAsync<TimelineEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToEntry(e));
        }

        return list;
    }

    /// <summary>The timeline with each entry's row key (for outboxes kept elsewhere, such as the chat rooms').</summary>
    public async Task<IReadOnlyList<(TimelineEntry Entry, string RowKey)>> GetWithRowKeysAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var list = new List<(TimelineEntry, string)>();
        await foreach (var e in _timeline.QueryAsync<TimelineEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add((ToEntry(e), e.RowKey));
        }

        return list;
    }

    /// <summary>
    /// The event stream's outbox: timeline entries not yet handed to the stream, in timeline order, each with its
    /// row key for <see cref="MarkPublishedAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<(TimelineEntry Entry, string RowKey)>> GetUnpublishedAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var published = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _published.QueryAsync<TableEntity>(x => x.PartitionKey == pk, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            published.Add(row.RowKey);
        }

        var list = new List<(TimelineEntry, string)>();
        await foreach (var e in _timeline.QueryAsync<TimelineEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            if (!published.Contains(e.RowKey))
            {
                list.Add((ToEntry(e), e.RowKey));
            }
        }

        return list;
    }

    /// <summary>Records entries as handed to the stream: one transaction per 100 rows (they share the incident's partition).</summary>
    public async Task MarkPublishedAsync(long number, IReadOnlyList<string> rowKeys, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        foreach (var chunk in rowKeys.Chunk(100))
        {
            // Upsert: a retried step that already marked some of them must not fail on the ones it finds.
            var actions = chunk.Select(rk => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, rk)));
            await _published.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }
    }

    private static string RowKey(DateTimeOffset at, string key) => StorageKeys.TimeRowKey(at, StorageKeys.KeyFor(key));

    private static TimelineEntry ToEntry(TimelineEntity e) => new(
        e.IncidentNumber,
        e.At,
        Enum.Parse<TimelineEntryKind>(e.Kind),
        e.Actor,
        e.Summary,
        e.EntryKey,
        e.DataJson is null ? null : StoredJson.Deserialize<Dictionary<string, string>>(e.DataJson));
}
