using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Counting deliveries on an open incident, the whole of an alert storm's work. Deliveries for one incident are
/// committed by one writer in this process at a time, as many as have queued up in one write of the incident row
/// (its <see cref="Incident.AlertCount"/> and <see cref="Incident.AlertTallies"/>), against the ETag remembered
/// from the last commit. A repeat delivery therefore costs one single-row write, often a share of one, and never a
/// lost ETag race with a neighbour in the same process. Other processes, the incident's own commands and a resolve
/// still move the ETag; the write then fails, the writer reads the incident again and decides again, so the incident
/// row stays the point where "still open" is decided.
/// </summary>
public sealed partial class AlertStore
{
    /// <summary>Deliveries per commit; a bound on how long one caller waits behind others.</summary>
    private const int MaxDeliveriesPerCommit = 500;

    private const int MaxCommitAttempts = 10;

    /// <summary>
    /// Above this many remembered incidents, idle ones are forgotten (they are re-read when they fire again). A lane of
    /// an incident resolved elsewhere is dropped the next time it is used (its ETag no longer matches, the re-read says
    /// "not open"), or here.
    /// </summary>
    private const int MaxRememberedIncidents = 20_000;

    private readonly ConcurrentDictionary<long, CountingLane> _lanes = new();

    /// <summary>
    /// Commits of counts in flight at once, over all incidents of this store (one per process). A storm on many keys
    /// would otherwise keep a write per sender in storage's queue, and every storage call of a new incident's page
    /// (its opening, its orchestration, its text) would wait behind all of them. Lanes waiting here gather more
    /// deliveries, so they commit them in fewer writes. Measured on Azurite (./bench.sh, storm; README, Performance):
    /// 2 commits took the storm to 770 alerts/s with a new incident's page at 1.35× idle (p50), 4 to 960/s at 1.9×,
    /// 8 to 1,250/s at 2.7×, none to 1,280/s at 4.3×; the page is what matters to whoever is on call.
    /// </summary>
    private static readonly int MaxConcurrentCommits = Math.Max(4, 2 * Environment.ProcessorCount);

    private readonly SemaphoreSlim _commits = new(MaxConcurrentCommits);

    /// <summary>
    /// Records one delivery (firing or resolved at its source) on incident <paramref name="number"/>. Answers once it
    /// is durable.
    /// </summary>
    public Task<AlertDeliveryOutcome> RecordDeliveryAsync(long number, NormalizedAlert alert, DateTimeOffset at)
    {
        if (_lanes.Count > MaxRememberedIncidents)
        {
            ForgetIdleLanes();
        }

        var lane = _lanes.GetOrAdd(number, n => new CountingLane(n));
        var delivery = new Delivery(alert, at);
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
            // The batch is taken once a commit may start, so it holds what arrived while this lane waited.
            await _commits.WaitAsync().ConfigureAwait(false);
            try
            {
                if (TakeBatch(lane) is not { } batch)
                {
                    return;
                }

                await CommitOrFailAsync(lane, batch).ConfigureAwait(false);
            }
            finally
            {
                _commits.Release();
            }
        }
    }

    /// <summary>The next deliveries to commit, at most <see cref="MaxDeliveriesPerCommit"/>; null (and the lane idle) when none wait.</summary>
    private static List<Delivery>? TakeBatch(CountingLane lane)
    {
        lock (lane)
        {
            if (lane.Queue.Count == 0)
            {
                lane.Draining = false;
                return null;
            }

            var batch = lane.Queue.Count <= MaxDeliveriesPerCommit ? [.. lane.Queue] : lane.Queue.GetRange(0, MaxDeliveriesPerCommit);
            lane.Queue.RemoveRange(0, batch.Count);
            return batch;
        }
    }

    private async Task CommitOrFailAsync(CountingLane lane, List<Delivery> batch)
    {
        try
        {
            await CommitAsync(lane, batch).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Storage down, or still contended after every attempt: nothing of this batch was written (one write), so
            // its callers fail and their senders retry.
            lane.Current = null;
            foreach (var d in batch)
            {
                d.Outcome.TrySetException(e);
            }
        }
    }

    private async Task CommitAsync(CountingLane lane, List<Delivery> batch)
    {
        var pk = IncidentIds.PartitionKey(lane.Number);
        for (var attempt = 1; ; attempt++)
        {
            if (lane.Current is null)
            {
                var found = await store.GetIncidentAsync(lane.Number, CancellationToken.None).ConfigureAwait(false);
                if (found is null)
                {
                    // Claimed but not yet inserted (or its opener crashed): the ingestor finishes the opening.
                    Complete(batch, new AlertDeliveryOutcome(AlertDeliveryResult.NoIncidentRow, false));
                    return;
                }

                if (found.Incident.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
                {
                    _lanes.TryRemove(new KeyValuePair<long, CountingLane>(lane.Number, lane));
                    Complete(batch, new AlertDeliveryOutcome(AlertDeliveryResult.NotOpen, false));
                    return;
                }

                lane.Current = found;
            }

            var incident = lane.Current.Incident;
            var firstOfFormat = new Dictionary<string, Delivery>(StringComparer.Ordinal);
            foreach (var d in batch)
            {
                if (!incident.AlertTallies.ContainsKey(d.Alert.Format))
                {
                    firstOfFormat.TryAdd(d.Alert.Format, d);
                }

                incident = incident.RecordDelivery(d.Alert.Format, d.Alert.Status != AlertStatus.Resolved, d.At, d.Alert.EndsAt);
            }

            var counts = new TableEntity(pk, IncidentRows.IncidentRowKey)
            {
                [nameof(IncidentEntity.AlertCount)] = incident.AlertCount,
                [nameof(IncidentEntity.LastAlertAt)] = incident.LastAlertAt,
                [nameof(IncidentEntity.AlertTalliesJson)] = IncidentRows.TalliesJson(incident.AlertTallies),
            };

            ETag? written;
            try
            {
                if (firstOfFormat.Count == 0)
                {
                    // The storm's case: one row, one write.
                    written = (await _incidents.UpdateEntityAsync(counts, lane.Current.ETag, TableUpdateMode.Merge).ConfigureAwait(false)).Headers.ETag;
                }
                else
                {
                    // A format seen for the first time: its row and the counts together, or neither.
                    var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateMerge, counts, lane.Current.ETag) };
                    actions.AddRange(firstOfFormat.Values.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                        IncidentRows.ToAlertEntity(pk, d.Alert, d.At))));
                    written = (await _incidents.SubmitTransactionAsync(actions).ConfigureAwait(false)).Value[0].Headers.ETag;
                }
            }
            catch (RequestFailedException e) when (attempt < MaxCommitAttempts &&
                e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Conflict)
            {
                // Someone else moved the incident (another process, a command, a resolve): read it again and decide again.
                lane.Current = null;
                continue;
            }

            lane.Current = written is { } etag ? new VersionedIncident(incident, etag) : null;
            var allResolved = incident.AllAlertsResolvedAtSource;
            foreach (var d in batch)
            {
                var first = firstOfFormat.TryGetValue(d.Alert.Format, out var f) && ReferenceEquals(f, d);
                d.Outcome.TrySetResult(new AlertDeliveryOutcome(first ? AlertDeliveryResult.CountedNewAlert : AlertDeliveryResult.Counted, allResolved));
            }

            return;
        }
    }

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

    private static void Complete(List<Delivery> batch, AlertDeliveryOutcome outcome)
    {
        foreach (var d in batch)
        {
            d.Outcome.TrySetResult(outcome);
        }
    }

    private sealed record Delivery(NormalizedAlert Alert, DateTimeOffset At)
    {
        public TaskCompletionSource<AlertDeliveryOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// One incident's queue of deliveries and the incident as its last commit left it. Only the draining writer
    /// touches <see cref="Current"/>; <see cref="Queue"/> and <see cref="Draining"/> under the lane's lock.
    /// </summary>
    private sealed class CountingLane(long number)
    {
        public long Number { get; } = number;
        public List<Delivery> Queue { get; } = [];
        public bool Draining { get; set; }
        public VersionedIncident? Current { get; set; }
    }
}

/// <param name="AllAlertsResolved">After this delivery, every alert of the incident is resolved at its source.</param>
public sealed record AlertDeliveryOutcome(AlertDeliveryResult Result, bool AllAlertsResolved);

public enum AlertDeliveryResult
{
    Counted,

    /// <summary>Counted, and the first delivery of this alert on the incident: it gets its "alert received" entry.</summary>
    CountedNewAlert,

    /// <summary>The incident has resolved: a firing belongs to a new incident.</summary>
    NotOpen,

    /// <summary>The dedup key is claimed for the incident but its row is not written yet.</summary>
    NoIncidentRow,
}
