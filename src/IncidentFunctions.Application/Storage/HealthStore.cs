using System.Net;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Application.Health;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The pipeline's own conditions, a row each in one partition, so every instance of the app (and /api/health on any
/// of them) sees what one of them found; the recent recoveries (to finish telling them); and which admin was told of
/// which occurrence on which medium (a claim each, so several instances and retries tell once).
/// </summary>
public sealed class HealthStore(TableServiceClient service, string tablePrefix)
{
    private const string Partition = "condition";
    private const string RecoveredPartition = "recovered";
    private const string ToldPartition = "told";
    private const string MarkedPartition = "marked";

    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.Health);

    public async Task<IReadOnlyList<PipelineCondition>> ListAsync(CancellationToken ct)
    {
        var list = new List<PipelineCondition>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(new PipelineCondition(e.RowKey, e.GetString("Reason") ?? "", e.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue));
        }

        return list;
    }

    /// <summary>Insert-if-absent: the first report keeps its "since"; false when the condition was already recorded.</summary>
    public async Task<bool> TryAddAsync(PipelineCondition condition, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition, condition.Name) { ["Reason"] = condition.Reason, ["Since"] = condition.Since }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>False when there was none.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken ct)
    {
        try
        {
            await _table.DeleteEntityAsync(Partition, name, ETag.All, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Keeps a recovery (the occurrence and when it ended), so telling it can be finished by the pipeline watch.</summary>
    public async Task AddRecoveredAsync(PipelineCondition condition, DateTimeOffset at, CancellationToken ct)
    {
        var entity = new TableEntity(RecoveredPartition, $"{condition.Name}:{condition.Since.UtcTicks}")
        {
            ["Condition"] = condition.Name, ["Reason"] = condition.Reason, ["Since"] = condition.Since, ["RecoveredAt"] = at,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>Recoveries at or after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<(PipelineCondition Condition, DateTimeOffset RecoveredAt)>> ListRecoveredAsync(DateTimeOffset since, CancellationToken ct)
    {
        var list = new List<(PipelineCondition, DateTimeOffset)>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == RecoveredPartition, cancellationToken: ct).ConfigureAwait(false))
        {
            if (e.GetDateTimeOffset("RecoveredAt") is { } at && at >= since)
            {
                list.Add((new PipelineCondition(e.GetString("Condition") ?? "", e.GetString("Reason") ?? "", e.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue), at));
            }
        }

        return list;
    }

    /// <summary>Insert-if-absent: true for the one caller that may tell <paramref name="key"/>'s recipient; false when it is taken.</summary>
    public async Task<bool> TryClaimAsync(string key, CancellationToken ct)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(ToldPartition, Key(key)), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Gives a claim back after the message did not go, so a later pass tries again.</summary>
    public async Task ReleaseClaimAsync(string key, CancellationToken ct)
    {
        try
        {
            await _table.DeleteEntityAsync(ToldPartition, Key(key), ETag.All, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>The highest incident number whose timeline has <paramref name="key"/>'s mark (0: none yet).</summary>
    public async Task<long> GetMarkedAsync(string key, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(MarkedPartition, Key(key), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetInt64("UpTo") ?? 0 : 0;
    }

    /// <summary>Only ever raised: a pass that marked fewer (a slower instance) does not lower it.</summary>
    public async Task SetMarkedAsync(string key, long upTo, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(MarkedPartition, Key(key), cancellationToken: ct).ConfigureAwait(false);
        if (row.HasValue && (row.Value!.GetInt64("UpTo") ?? 0) >= upTo)
        {
            return;
        }

        await _table.UpsertEntityAsync(new TableEntity(MarkedPartition, Key(key)) { ["UpTo"] = upTo }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>Row keys may not hold '/', '\', '#', '?': the key's recipient part is an address or a number, so it is hashed.</summary>
    private static string Key(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];
}
