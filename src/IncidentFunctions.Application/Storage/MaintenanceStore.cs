using System.Net;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Domain.Maintenance;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Maintenance windows and the alerts they suppressed, in one table (see <see cref="TableNames.Maintenance"/>). Windows
/// are inserted if absent (a configured occurrence materialised twice is one window) and changed under their ETag (two
/// people ending one window: one wins, the other is told it had ended). A suppressed alert's row key is the hash of its
/// (service, dedup key), not a time: a resolve, a repeat and the window's end each find it by a point read; a window's
/// alerts are few and are listed in time order by their first delivery.
/// </summary>
public sealed class MaintenanceStore(TableServiceClient service, string tablePrefix)
{
    private const string WindowsPartition = "windows";

    /// <summary>Table string properties hold 32K UTF-16 characters; a bounded alert fits after shedding its longest parts.</summary>
    private const int MaxAlertJson = 30_000;

    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.Maintenance);

    /// <summary>Insert-if-absent: false when a window of this id exists already.</summary>
    public async Task<bool> TryAddAsync(MaintenanceWindow window, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(window);
        try
        {
            await _table.AddEntityAsync(ToEntity(window), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<MaintenanceWindow?> GetAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<MaintenanceWindowEntity>(WindowsPartition, KeyFor(id), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? ToWindow(row.Value!) : null;
    }

    /// <summary>Every window, oldest start first.</summary>
    public async Task<IReadOnlyList<MaintenanceWindow>> ListAsync(CancellationToken ct)
    {
        var list = new List<MaintenanceWindow>();
        await foreach (var e in _table.QueryAsync<MaintenanceWindowEntity>(x => x.PartitionKey == WindowsPartition, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToWindow(e));
        }

        return [.. list.OrderBy(w => w.Start).ThenBy(w => w.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Windows whose planned end is after <paramref name="instant"/>: the only ones that can be suppressing then. The
    /// ingestion path reads this, so the ended windows piling up over the months are filtered by the table, not here.
    /// </summary>
    public async Task<IReadOnlyList<MaintenanceWindow>> ListEndingAfterAsync(DateTimeOffset instant, CancellationToken ct)
    {
        var list = new List<MaintenanceWindow>();
        await foreach (var e in _table.QueryAsync<MaintenanceWindowEntity>(x => x.PartitionKey == WindowsPartition && x.End > instant, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToWindow(e));
        }

        return list;
    }

    /// <summary>
    /// Applies <paramref name="change"/> under the window's ETag, reading again when someone else wrote first. The change
    /// returns null to refuse (nothing is written). Null result when there is no such window.
    /// </summary>
    public async Task<(MaintenanceWindow? Before, MaintenanceWindow? After)> UpdateAsync(string id, Func<MaintenanceWindow, MaintenanceWindow?> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<MaintenanceWindowEntity>(WindowsPartition, KeyFor(id), cancellationToken: ct).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return (null, null);
            }

            var current = ToWindow(row.Value!);
            var changed = change(current);
            if (changed is null || changed == current)
            {
                return (current, changed);
            }

            try
            {
                await _table.UpdateEntityAsync(ToEntity(changed), row.Value!.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return (current, changed);
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Someone else's write won: decide again on theirs.
            }
        }
    }

    /// <summary>
    /// Counts a firing delivery of <paramref name="alert"/> on the window: the first inserts its row (true: a new alert
    /// for the stream), a repeat updates the latest delivery and count, and a repeat after a resolve fires again.
    /// Returns the record as written.
    /// </summary>
    public async Task<SuppressedAlert> RecordFiringAsync(string windowId, string serviceName, NormalizedAlert alert, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<SuppressedAlertEntity>(KeyFor(windowId), AlertRowKey(serviceName, alert.DedupKey), cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (!row.HasValue)
                {
                    var added = new SuppressedAlertEntity
                    {
                        PartitionKey = KeyFor(windowId),
                        RowKey = AlertRowKey(serviceName, alert.DedupKey),
                        Service = serviceName,
                        DedupKey = Truncate(alert.DedupKey, 1024),
                        Title = Truncate(alert.Title, 1024),
                        Format = alert.Format,
                        AlertJson = AlertJson(alert),
                        FirstAt = now,
                        LastAt = now,
                        Count = 1,
                    };
                    await _table.AddEntityAsync(added, ct).ConfigureAwait(false);
                    return ToSuppressed(windowId, added);
                }

                var e = row.Value!;
                e.AlertJson = AlertJson(alert);
                e.Title = Truncate(alert.Title, 1024);
                e.LastAt = now > e.LastAt ? now : e.LastAt;
                e.Count++;
                e.Resolved = false;
                e.ResolvedAt = null;
                await _table.UpdateEntityAsync(e, e.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return ToSuppressed(windowId, e);
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // A concurrent delivery of the same alert wrote first: count this one on theirs.
            }
        }
    }

    /// <summary>Marks the window's record of (service, dedup key) resolved; false when the window never suppressed it.</summary>
    public async Task<bool> RecordResolvedAsync(string windowId, string serviceName, string dedupKey, DateTimeOffset now, CancellationToken ct)
    {
        while (true)
        {
            var row = await _table.GetEntityIfExistsAsync<SuppressedAlertEntity>(KeyFor(windowId), AlertRowKey(serviceName, dedupKey), cancellationToken: ct).ConfigureAwait(false);
            if (!row.HasValue)
            {
                return false;
            }

            var e = row.Value!;
            if (e.Resolved || e.ReleasedAt is not null)
            {
                return true;
            }

            e.Resolved = true;
            e.ResolvedAt = now;
            try
            {
                await _table.UpdateEntityAsync(e, e.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // A repeat firing arrived in between: apply the resolve to it (the later delivery decides).
            }
        }
    }

    /// <summary>Every alert the window suppressed, by first delivery.</summary>
    public async Task<IReadOnlyList<SuppressedAlert>> ListSuppressedAsync(string windowId, CancellationToken ct)
    {
        var pk = KeyFor(windowId);
        var list = new List<SuppressedAlert>();
        await foreach (var e in _table.QueryAsync<SuppressedAlertEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToSuppressed(windowId, e));
        }

        return [.. list.OrderBy(a => a.FirstAt).ThenBy(a => a.DedupKey, StringComparer.Ordinal)];
    }

    /// <summary>Records what became of a suppressed alert at the window's end (so a retried end does not act twice).</summary>
    public async Task MarkReleasedAsync(string windowId, string serviceName, string dedupKey, string releasedAs, long? incident, DateTimeOffset now, CancellationToken ct)
    {
        var entity = new TableEntity(KeyFor(windowId), AlertRowKey(serviceName, dedupKey))
        {
            [nameof(SuppressedAlertEntity.ReleasedAt)] = now,
            [nameof(SuppressedAlertEntity.ReleasedAs)] = releasedAs,
            [nameof(SuppressedAlertEntity.ReleasedIncident)] = incident,
        };
        await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, ct).ConfigureAwait(false);
    }

    /// <summary>The alerts.suppressed event of this alert has gone out.</summary>
    public async Task MarkPublishedAsync(string windowId, string serviceName, string dedupKey, CancellationToken ct)
    {
        var entity = new TableEntity(KeyFor(windowId), AlertRowKey(serviceName, dedupKey)) { [nameof(SuppressedAlertEntity.Published)] = true };
        await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, ct).ConfigureAwait(false);
    }

    private static string AlertRowKey(string serviceName, string dedupKey) => "alert-" + HashKey(serviceName.ToLowerInvariant() + "\n" + dedupKey);

    private static string AlertJson(NormalizedAlert alert)
    {
        var json = StoredJson.Serialize(alert);
        if (json.Length > MaxAlertJson)
        {
            json = StoredJson.Serialize(alert with { Description = null, Links = [] });
        }

        return json.Length > MaxAlertJson ? StoredJson.Serialize(alert with { Description = null, Links = [], Labels = new Dictionary<string, string>() }) : json;
    }

    private static MaintenanceWindowEntity ToEntity(MaintenanceWindow w) => new()
    {
        PartitionKey = WindowsPartition,
        RowKey = KeyFor(w.Id),
        ServicesJson = StoredJson.Serialize(w.Services),
        MatchersJson = StoredJson.Serialize(w.Matchers.Patterns),
        Start = w.Start,
        End = w.End,
        Reason = Truncate(w.Reason, 2000),
        CreatedBy = Truncate(w.CreatedBy, 500),
        CreatedAt = w.CreatedAt,
        ConfigName = w.ConfigName,
        EndedAt = w.EndedAt,
        ReleasedAt = w.ReleasedAt,
        StartAnnouncedAt = w.StartAnnouncedAt,
    };

    private static MaintenanceWindow ToWindow(MaintenanceWindowEntity e) =>
        new(e.RowKey, StoredJson.Deserialize<List<string>>(e.ServicesJson), new LabelMatchers(StoredJson.Deserialize<Dictionary<string, string>>(e.MatchersJson)),
            e.Start, e.End, e.Reason, e.CreatedBy, e.CreatedAt, e.ConfigName)
        {
            EndedAt = e.EndedAt,
            ReleasedAt = e.ReleasedAt,
            StartAnnouncedAt = e.StartAnnouncedAt,
        };

    private static SuppressedAlert ToSuppressed(string windowId, SuppressedAlertEntity e) =>
        new(windowId, e.Service, StoredJson.Deserialize<NormalizedAlert>(e.AlertJson), e.FirstAt, e.LastAt, e.Count, e.Resolved, e.ResolvedAt, e.Published,
            e.ReleasedAt, e.ReleasedAs, e.ReleasedIncident);
}
