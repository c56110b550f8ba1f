using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>The tables of one prefix as a whole: created at start-up, dropped by tests, pinged by the health endpoint.</summary>
public sealed class StorageTables(TableServiceClient service, string tablePrefix)
{
    private readonly TableNames _names = new(tablePrefix);

    public async Task EnsureAsync(CancellationToken ct)
    {
        foreach (var name in _names.All)
        {
            await service.CreateTableIfNotExistsAsync(name, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Drops every table of this prefix; tests clean up with it.</summary>
    public async Task DeleteAsync(CancellationToken ct)
    {
        foreach (var name in _names.All)
        {
            await service.DeleteTableAsync(name, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the table endpoint answers; used by the health endpoint.</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await service.GetTableClient(_names.Counters).GetEntityIfExistsAsync<TableEntity>("ping", "ping", ["PartitionKey"], ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException)
        {
            return false;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is RequestFailedException))
        {
            // What Azure.Core throws once its retries of an unreachable endpoint (connection refused) are used up.
            return false;
        }
    }
}
