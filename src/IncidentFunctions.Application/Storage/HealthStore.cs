using System.Net;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Application.Health;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The pipeline's own conditions, a row each in one partition, so every instance of the app (and /api/health on any
/// of them) sees what one of them found.
/// </summary>
public sealed class HealthStore(TableServiceClient service, string tablePrefix)
{
    private const string Partition = "condition";

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
}
