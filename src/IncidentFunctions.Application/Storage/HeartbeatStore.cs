using System.Net;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Heartbeats;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Heartbeats and where each stands (last ping, lateness), one row each in one partition: there are tens, not
/// thousands, and the list reads them all. The row key is the name in lower case, as names are matched without case.
/// Every change is a replace under the ETag read, so a ping and an API change at the same moment both land.
/// </summary>
public sealed class HeartbeatStore(TableServiceClient service, string tablePrefix)
{
    private const string Partition = "heartbeat";

    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.Heartbeats);

    public async Task<Heartbeat?> GetAsync(string name, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<HeartbeatEntity>(Partition, RowKey(name), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? ToHeartbeat(row.Value!) : null;
    }

    /// <summary>Every heartbeat, by name.</summary>
    public async Task<IReadOnlyList<Heartbeat>> ListAsync(CancellationToken ct)
    {
        var list = new List<Heartbeat>();
        await foreach (var e in _table.QueryAsync<HeartbeatEntity>(x => x.PartitionKey == Partition, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToHeartbeat(e));
        }

        return [.. list.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Insert-if-absent: false when a heartbeat of that name (in any case) exists.</summary>
    public async Task<bool> TryAddAsync(Heartbeat heartbeat, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        try
        {
            await _table.AddEntityAsync(ToEntity(heartbeat), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the heartbeat as stored (null from it: leave it as it is), reading again
    /// when someone else wrote in between. Null when there is no such heartbeat; else what it was and what it is now.
    /// </summary>
    public async Task<HeartbeatChange?> UpdateAsync(string name, Func<Heartbeat, Heartbeat?> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<HeartbeatEntity>(Partition, RowKey(name), cancellationToken: ct).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return null;
            }

            var before = ToHeartbeat(row.Value!);
            if (change(before) is not { } after || after == before)
            {
                return new HeartbeatChange(before, before);
            }

            try
            {
                await _table.UpdateEntityAsync(ToEntity(after), row.Value!.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return new HeartbeatChange(before, after);
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Someone else's write won: apply the change to theirs.
            }
        }
    }

    /// <summary>False when there was none.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        try
        {
            await _table.DeleteEntityAsync(Partition, RowKey(name), ETag.All, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string RowKey(string name) => name.ToLowerInvariant();

    private static HeartbeatEntity ToEntity(Heartbeat heartbeat) => new()
    {
        PartitionKey = Partition,
        RowKey = RowKey(heartbeat.Name),
        Json = StoredJson.Serialize(heartbeat),
    };

    private static Heartbeat ToHeartbeat(HeartbeatEntity entity) => StoredJson.Deserialize<Heartbeat>(entity.Json);
}

/// <summary>A heartbeat before and after one change (the same when nothing changed).</summary>
public sealed record HeartbeatChange(Heartbeat Before, Heartbeat After);

internal sealed class HeartbeatEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The whole <see cref="Heartbeat"/>: its definition and its state change together.</summary>
    public string Json { get; set; } = "{}";
}
