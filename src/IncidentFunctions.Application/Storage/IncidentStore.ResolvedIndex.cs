using System.Globalization;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Every resolved incident by service and resolve time. Opening an incident asks which incidents of its service
/// resolved within the repeat window; a filter over the Incidents table answered that by reading every incident
/// ever opened, so each opening got slower as the table grew (./bench.sh, scale). A range of one partition stays
/// as small as the window.
/// </summary>
public sealed partial class IncidentStore
{
    /// <summary>Records a resolved incident; idempotent, so a retried resolve or a repair writes the same row.</summary>
    public async Task IndexResolvedAsync(Incident incident, CancellationToken ct)
    {
        if (incident.ResolvedAt is not { } at)
        {
            throw new ArgumentException($"INC {incident.Number} is not resolved", nameof(incident));
        }

        await _resolved.UpsertEntityAsync(new ResolvedIncidentEntity
        {
            PartitionKey = KeyFor(incident.Service),
            RowKey = ResolvedRowKey(at, incident.Number),
            Number = incident.Number,
            DedupKey = Truncate(incident.DedupKey, 1024),
            Title = Truncate(incident.Title, 1024),
            ResolvedAt = at,
        }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>Incidents of <paramref name="service"/> resolved at or after <paramref name="since"/>: repeat candidates.</summary>
    public async Task<IReadOnlyList<ResolvedIncident>> ListResolvedSinceAsync(string service, DateTimeOffset since, CancellationToken ct)
    {
        var from = ResolvedRowKey(since, 0);
        var list = new List<ResolvedIncident>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {KeyFor(service)} and RowKey ge {from}");
        await foreach (var e in _resolved.QueryAsync<ResolvedIncidentEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(new ResolvedIncident(e.Number, service, e.DedupKey, e.Title, e.ResolvedAt));
        }

        return list;
    }

    private static string ResolvedRowKey(DateTimeOffset at, long number) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + number.ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>What the repeat check needs of a resolved incident.</summary>
public sealed record ResolvedIncident(long Number, string Service, string DedupKey, string Title, DateTimeOffset ResolvedAt);
