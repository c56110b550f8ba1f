using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Counting repeat firings on an open incident, the whole of an alert storm's work. Deliveries for one incident are
/// committed by one writer in this process at a time, as many as have queued up in one entity group transaction
/// (the incident row's count and each alert row's), against ETags remembered from the last commit. A repeat
/// delivery therefore costs one storage round trip, often a share of one, and never a lost ETag race with a
/// neighbour in the same process. Other processes, the incident's own commands and a resolve still move the
/// ETags; the transaction then fails as a whole, the writer reads again and decides again, so the incident row
/// stays the point where "still open" is decided, as before.
/// </summary>
public sealed partial class IncidentStore
{
    /// <summary>Deliveries per transaction: the incident row plus at most this many alert rows fit the 100-operation limit.</summary>
    private const int MaxDeliveriesPerCommit = 500;

    /// <summary>
    /// Distinct alert rows per transaction. A new row carries the whole alert (up to ~50 KB after
    /// <see cref="Truncate"/>); a transaction caps at 4 MiB and 100 operations.
    /// </summary>
    private const int MaxAlertRowsPerCommit = 20;

    private const int MaxCommitAttempts = 10;

    /// <summary>Above this many remembered incidents, idle ones are forgotten (they are re-read when they fire again).</summary>
    private const int MaxRememberedIncidents = 20_000;

    private readonly ConcurrentDictionary<long, CountingLane> _lanes = new();

    /// <summary>
    /// Counts one firing delivery on incident <paramref name="number"/>: its alert count and the alert's own row.
    /// Answers once the count is durable.
    /// </summary>
    public Task<AlertCountOutcome> CountFiringAlertAsync(long number, NormalizedAlert alert, DateTimeOffset at)
    {
        if (_lanes.Count > MaxRememberedIncidents)
        {
            ForgetIdleLanes();
        }

        var lane = _lanes.GetOrAdd(number, n => new CountingLane(n));
        var delivery = new Delivery(alert, AlertRowKey(alert), at);
        bool lead;
        lock (lane)
        {
            lane.Queue.Add(delivery);
            lead = !lane.Draining;
            lane.Draining = true;
        }

        if (lead)
        {
            // Runs inline up to its first storage call, then on the pool; the caller only awaits its own outcome.
            _ = DrainAsync(lane);
        }

        return delivery.Outcome.Task;
    }

    private async Task DrainAsync(CountingLane lane)
    {
        while (true)
        {
            List<Delivery> batch;
            lock (lane)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Draining = false;
                    return;
                }

                batch = lane.TakeBatch(MaxDeliveriesPerCommit, MaxAlertRowsPerCommit);
            }

            try
            {
                await CommitAsync(lane, batch).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Storage down, or still contended after every attempt: nothing of this batch was written (one
                // transaction), so its callers fail and their senders retry.
                lane.Forget();
                foreach (var d in batch)
                {
                    d.Outcome.TrySetException(e);
                }
            }
        }
    }

    private async Task CommitAsync(CountingLane lane, List<Delivery> batch)
    {
        var pk = IncidentIds.PartitionKey(lane.Number);
        for (var attempt = 1; ; attempt++)
        {
            if (lane.Incident is null)
            {
                var row = await _incidents.GetEntityIfExistsAsync<TableEntity>(pk, IncidentRowKey,
                    [nameof(IncidentEntity.Status), nameof(IncidentEntity.AlertCount), nameof(IncidentEntity.LastAlertAt)]).ConfigureAwait(false);
                if (!row.HasValue)
                {
                    // Claimed but not yet inserted (or its opener crashed): the ingestor finishes the opening.
                    Complete(batch, AlertCountOutcome.NoIncidentRow);
                    return;
                }

                var status = Enum.Parse<IncidentStatus>(row.Value!.GetString(nameof(IncidentEntity.Status)));
                if (status is IncidentStatus.Resolved or IncidentStatus.Closed)
                {
                    _lanes.TryRemove(new KeyValuePair<long, CountingLane>(lane.Number, lane));
                    Complete(batch, AlertCountOutcome.NotOpen);
                    return;
                }

                lane.Incident = new IncidentCount(row.Value.ETag, row.Value.GetInt32(nameof(IncidentEntity.AlertCount)) ?? 0,
                    row.Value.GetDateTimeOffset(nameof(IncidentEntity.LastAlertAt)) ?? DateTimeOffset.MinValue);
            }

            var groups = batch.GroupBy(d => d.RowKey, StringComparer.Ordinal).ToList();
            var unknown = groups.Where(g => !lane.Rows.ContainsKey(g.Key)).Select(g => g.Key).ToList();
            if (unknown.Count > 0)
            {
                var read = await Task.WhenAll(unknown.Select(rk => _incidents.GetEntityIfExistsAsync<TableEntity>(pk, rk,
                    [nameof(AlertEntity.Count), nameof(AlertEntity.LastSeenAt)]))).ConfigureAwait(false);
                for (var i = 0; i < unknown.Count; i++)
                {
                    lane.Rows[unknown[i]] = read[i].HasValue
                        ? new AlertRowCount(read[i].Value!.ETag, read[i].Value!.GetInt32(nameof(AlertEntity.Count)) ?? 0,
                            read[i].Value!.GetDateTimeOffset(nameof(AlertEntity.LastSeenAt)) ?? DateTimeOffset.MinValue)
                        : null;
                }
            }

            var incident = lane.Incident;
            var lastAlertAt = Max(incident.LastAlertAt, batch.Max(d => d.At));
            var actions = new List<TableTransactionAction>(groups.Count + 1)
            {
                new(TableTransactionActionType.UpdateMerge, new TableEntity(pk, IncidentRowKey)
                {
                    [nameof(IncidentEntity.AlertCount)] = incident.AlertCount + batch.Count,
                    [nameof(IncidentEntity.LastAlertAt)] = lastAlertAt,
                }, incident.ETag),
            };
            var added = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in groups)
            {
                var lastSeen = g.Max(d => d.At);
                var endsAt = g.LastOrDefault(d => d.Alert.EndsAt is not null)?.Alert.EndsAt;
                if (lane.Rows[g.Key] is not { } known)
                {
                    var first = g.First();
                    var entity = ToAlertEntity(pk, g.Key, g.Last().Alert, AlertStatus.Firing, first.At);
                    entity.Count = g.Count();
                    entity.FirstSeenAt = g.Min(d => d.At);
                    entity.LastSeenAt = lastSeen;
                    entity.EndsAt = endsAt;
                    actions.Add(new(TableTransactionActionType.Add, entity));
                    added.Add(g.Key);
                    continue;
                }

                var merge = new TableEntity(pk, g.Key)
                {
                    [nameof(AlertEntity.Count)] = known.Count + g.Count(),
                    [nameof(AlertEntity.LastSeenAt)] = Max(known.LastSeenAt, lastSeen),
                    // Firing again after it had resolved at its source.
                    [nameof(AlertEntity.Status)] = nameof(AlertStatus.Firing),
                };
                if (endsAt is not null)
                {
                    merge[nameof(AlertEntity.EndsAt)] = endsAt;
                }

                actions.Add(new(TableTransactionActionType.UpdateMerge, merge, known.ETag));
            }

            Response<IReadOnlyList<Response>> done;
            try
            {
                done = await _incidents.SubmitTransactionAsync(actions).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException e) when (attempt < MaxCommitAttempts &&
                e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound)
            {
                // Someone else moved the incident or an alert row (another process, a command, a resolve): read again.
                lane.Forget();
                continue;
            }

            lane.Incident = ETagOf(done.Value[0]) is { } incidentETag ? new IncidentCount(incidentETag, incident.AlertCount + batch.Count, lastAlertAt) : null;
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var before = lane.Rows[g.Key];
                lane.Rows[g.Key] = ETagOf(done.Value[i + 1]) is { } rowETag
                    ? new AlertRowCount(rowETag, (before?.Count ?? 0) + g.Count(), Max(before?.LastSeenAt ?? DateTimeOffset.MinValue, g.Max(d => d.At)))
                    : null;
                if (lane.Rows[g.Key] is null)
                {
                    lane.Rows.Remove(g.Key);
                }

                var isNew = added.Contains(g.Key);
                foreach (var d in g)
                {
                    d.Outcome.TrySetResult(isNew && ReferenceEquals(d, g.First()) ? AlertCountOutcome.CountedNewAlert : AlertCountOutcome.Counted);
                }
            }

            return;
        }
    }

    /// <summary>The incident resolved here: its lane answers "not open" from storage next time instead of from memory.</summary>
    private void ForgetLane(long number) => _lanes.TryRemove(number, out _);

    private void ForgetIdleLanes()
    {
        foreach (var (number, lane) in _lanes)
        {
            lock (lane)
            {
                if (!lane.Draining && lane.Queue.Count == 0)
                {
                    _lanes.TryRemove(new KeyValuePair<long, CountingLane>(number, lane));
                }
            }
        }
    }

    private static ETag? ETagOf(Response response) => response.Headers.ETag;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void Complete(List<Delivery> batch, AlertCountOutcome outcome)
    {
        foreach (var d in batch)
        {
            d.Outcome.TrySetResult(outcome);
        }
    }

    private sealed record Delivery(NormalizedAlert Alert, string RowKey, DateTimeOffset At)
    {
        public TaskCompletionSource<AlertCountOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record IncidentCount(ETag ETag, int AlertCount, DateTimeOffset LastAlertAt);

    private sealed record AlertRowCount(ETag ETag, int Count, DateTimeOffset LastSeenAt);

    /// <summary>
    /// One incident's queue of deliveries and what its last commit left in storage. Only the draining writer touches
    /// <see cref="Incident"/> and <see cref="Rows"/>; <see cref="Queue"/> and <see cref="Draining"/> under the lane's lock.
    /// </summary>
    private sealed class CountingLane(long number)
    {
        public long Number { get; } = number;
        public List<Delivery> Queue { get; } = [];
        public bool Draining { get; set; }
        public IncidentCount? Incident { get; set; }

        /// <summary>Row key → the row as last written; null: known not to exist yet.</summary>
        public Dictionary<string, AlertRowCount?> Rows { get; } = new(StringComparer.Ordinal);

        public void Forget()
        {
            Incident = null;
            Rows.Clear();
        }

        public List<Delivery> TakeBatch(int maxDeliveries, int maxRows)
        {
            var rows = new HashSet<string>(StringComparer.Ordinal);
            var taken = new List<Delivery>();
            var kept = new List<Delivery>();
            foreach (var d in Queue)
            {
                if (taken.Count < maxDeliveries && (rows.Contains(d.RowKey) || rows.Count < maxRows))
                {
                    rows.Add(d.RowKey);
                    taken.Add(d);
                }
                else
                {
                    kept.Add(d);
                }
            }

            Queue.Clear();
            Queue.AddRange(kept);
            return taken;
        }
    }
}

public enum AlertCountOutcome
{
    Counted,

    /// <summary>Counted, and the first delivery of this alert on the incident: it gets its "alert received" entry.</summary>
    CountedNewAlert,

    /// <summary>The incident has resolved: the delivery belongs to a new incident.</summary>
    NotOpen,

    /// <summary>The dedup key is claimed for the incident but its row is not written yet.</summary>
    NoIncidentRow,
}
