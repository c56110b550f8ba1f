using Azure.Data.Tables;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Every resolved incident by service and resolve time. Opening an incident asks which incidents of its service
/// resolved within the repeat window; a filter over the Incidents table answered that by reading every incident
/// ever opened, so each opening got slower as the table grew (./bench.sh, scale). A range of one partition stays
/// as small as the window.
/// </summary>
public sealed class ResolvedIndex(TableServiceClient service, string tablePrefix)
{
    private readonly TableClient _resolved = TableNames.Open(service, tablePrefix, n => n.Resolved);

    /// <summary>Records a resolved incident; idempotent, so a retried resolve or a repair writes the same row.</summary>
    public async Task AddAsync(Incident incident, CancellationToken ct)
    {
        if (incident.ResolvedAt is not { } at)
        {
            throw new ArgumentException($"INC {incident.Number} is not resolved", nameof(incident));
        }

        await _resolved.UpsertEntityAsync(new ResolvedIncidentEntity
        {
            PartitionKey = KeyFor(incident.Service),
            RowKey = RowKey(at, incident.Number),
            Number = incident.Number,
            DedupKey = Truncate(incident.DedupKey, 1024),
            Title = Truncate(incident.Title, 1024),
            ResolvedAt = at,
        }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>Incidents of <paramref name="service"/> resolved at or after <paramref name="since"/>: repeat candidates.</summary>
    public async Task<IReadOnlyList<ResolvedIncident>> ListSinceAsync(string service, DateTimeOffset since, CancellationToken ct)
    {
        var list = new List<ResolvedIncident>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {KeyFor(service)} and RowKey ge {RowKey(since, 0)}");
        await foreach (var e in _resolved.QueryAsync<ResolvedIncidentEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(new ResolvedIncident(e.Number, service, e.DedupKey, e.Title, e.ResolvedAt));
        }

        return list;
    }

    private static string RowKey(DateTimeOffset at, long number) => TimeRowKey(at, number.ToString("D19", CultureInfo.InvariantCulture));
}

/// <summary>What the repeat check needs of a resolved incident.</summary>
public sealed record ResolvedIncident(long Number, string Service, string DedupKey, string Title, DateTimeOffset ResolvedAt);
