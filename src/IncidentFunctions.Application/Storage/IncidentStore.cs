using System.Net;
using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The incident row (one per incident, in its own partition of the Incidents table; mapped in
/// <see cref="IncidentRows"/>), the incident numbers, and the dedup index (IncidentStore.DedupIndex.cs). Every insert
/// is insert-if-absent and every update carries an ETag: callers retry or re-read instead of overwriting.
/// </summary>
public sealed partial class IncidentStore(TableServiceClient service, string tablePrefix)
{
    private const string CounterPartition = "counters";
    private const string IncidentCounterRow = "incident";

    private readonly TableClient _incidents = TableNames.Open(service, tablePrefix, n => n.Incidents);
    private readonly TableClient _counters = TableNames.Open(service, tablePrefix, n => n.Counters);
    private readonly TableClient _open = TableNames.Open(service, tablePrefix, n => n.OpenIncidents);

    /// <summary>One number allocation at a time in this process (see <see cref="AllocateNumberAsync"/>).</summary>
    private readonly SemaphoreSlim _allocating = new(1, 1);

    // ---- incident numbers ------------------------------------------------------------------

    /// <summary>
    /// Next incident number, by optimistic concurrency on one counter row. Callers in this process take turns: when
    /// 20 alerts open incidents at once, each would otherwise read the row, lose the race to 19 others and read it
    /// again, about ten round trips per number (./bench.sh, scale). Other processes still race through the ETag.
    /// </summary>
    public async Task<long> AllocateNumberAsync(CancellationToken ct)
    {
        await _allocating.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await AllocateNumberOnceAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _allocating.Release();
        }
    }

    private async Task<long> AllocateNumberOnceAsync(CancellationToken ct)
    {
        while (true)
        {
            var existing = await _counters.GetEntityIfExistsAsync<CounterEntity>(CounterPartition, IncidentCounterRow, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    await _counters.AddEntityAsync(new CounterEntity { PartitionKey = CounterPartition, RowKey = IncidentCounterRow, Value = 1 }, ct).ConfigureAwait(false);
                    return 1;
                }

                var counter = existing.Value!;
                counter.Value++;
                await _counters.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return counter.Value;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another writer took this number; read again.
            }
        }
    }

    // ---- the incident row ------------------------------------------------------------------

    public async Task<VersionedIncident?> GetIncidentAsync(long number, CancellationToken ct)
    {
        var row = await _incidents.GetEntityIfExistsAsync<IncidentEntity>(IncidentIds.PartitionKey(number), IncidentRows.IncidentRowKey, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? new VersionedIncident(IncidentRows.ToIncident(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>For activities, which only run for incidents that exist.</summary>
    public async Task<Incident> GetRequiredIncidentAsync(long number, CancellationToken ct) =>
        (await GetIncidentAsync(number, ct))?.Incident ?? throw new InvalidOperationException($"INC {number} has no incident row");

    /// <summary>
    /// Inserts a new incident (its <see cref="Incident.AlertTallies"/> already counting the first alert) with the
    /// first alert's row, both or neither. False when the incident row already exists (a retried or concurrent opening).
    /// </summary>
    public async Task<bool> TryOpenIncidentAsync(Incident incident, NormalizedAlert firstAlert, DateTimeOffset at, CancellationToken ct)
    {
        var entity = IncidentRows.ToEntity(incident);
        try
        {
            await _incidents.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, entity),
                new TableTransactionAction(TableTransactionActionType.Add, IncidentRows.ToAlertEntity(entity.PartitionKey, firstAlert, at)),
            ], ct).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict && e.FailedTransactionActionIndex is 0 or null)
        {
            return false;
        }
    }

    /// <summary>Replace guarded by ETag. False when someone else changed the incident first: re-read and decide again.</summary>
    public async Task<bool> TryUpdateIncidentAsync(Incident incident, ETag etag, CancellationToken ct)
    {
        try
        {
            await _incidents.UpdateEntityAsync(IncidentRows.ToEntity(incident), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Incident>> ListIncidentsAsync(IncidentStatus? status, int max, CancellationToken ct)
    {
        var list = (await QueryIncidentsAsync(status is null
            ? TableClient.CreateQueryFilter($"RowKey eq {IncidentRows.IncidentRowKey}")
            : TableClient.CreateQueryFilter($"RowKey eq {IncidentRows.IncidentRowKey} and Status eq {status.Value.ToString()}"), ct)).ToList();

        // Newest first, as an on-call list reads; partitions come back oldest first.
        list.Sort((a, b) => b.Number.CompareTo(a.Number));
        return list.Count > max ? list.GetRange(0, max) : list;
    }

    /// <summary>Every incident opened at or after <paramref name="since"/>, for reports.</summary>
    public Task<IReadOnlyList<Incident>> ListOpenedSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        QueryIncidentsAsync(TableClient.CreateQueryFilter($"RowKey eq {IncidentRows.IncidentRowKey} and OpenedAt ge {since}"), ct);

    /// <summary>Incidents of every service resolved (or since closed) at or after <paramref name="since"/>: the status page's recent history.</summary>
    public Task<IReadOnlyList<Incident>> ListResolvedSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        QueryIncidentsAsync(TableClient.CreateQueryFilter($"RowKey eq {IncidentRows.IncidentRowKey} and ResolvedAt ge {since}"), ct);

    private async Task<IReadOnlyList<Incident>> QueryIncidentsAsync(string filter, CancellationToken ct)
    {
        var list = new List<Incident>();
        await foreach (var e in _incidents.QueryAsync<IncidentEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(IncidentRows.ToIncident(e));
        }

        return list;
    }
}

public sealed record VersionedIncident(Incident Incident, ETag ETag);
