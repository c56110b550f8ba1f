using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Azure Tables persistence. Partitions are per incident (zero-padded number) and timeline row keys start
/// with UTC ticks so a partition reads back in time order. Every insert is insert-if-absent and every update
/// carries an ETag: callers retry or re-read instead of overwriting.
/// </summary>
public sealed partial class IncidentStore
{
    internal const string IncidentRowKey = "incident";
    private const string CounterPartition = "counters";
    private const string IncidentCounterRow = "incident";

    private readonly TableServiceClient _service;
    private readonly TableNames _names;
    private readonly TableClient _incidents;
    private readonly TableClient _timeline;
    private readonly TableClient _open;
    private readonly TableClient _counters;
    private readonly TableClient _resolved;
    private readonly TableClient _sms;
    private readonly TableClient _sends;
    private readonly TableClient _published;

    /// <summary>(service, dedup key) → open incident, as last read or claimed here.</summary>
    private readonly ConcurrentDictionary<string, long> _openByKey = new(StringComparer.Ordinal);

    /// <summary>One number allocation at a time in this process (see <see cref="AllocateNumberAsync"/>).</summary>
    private readonly SemaphoreSlim _allocating = new(1, 1);

    public IncidentStore(TableServiceClient service, string tablePrefix)
    {
        _service = service;
        _names = new TableNames(tablePrefix);
        _incidents = service.GetTableClient(_names.Incidents);
        _timeline = service.GetTableClient(_names.Timeline);
        _open = service.GetTableClient(_names.OpenIncidents);
        _counters = service.GetTableClient(_names.Counters);
        _resolved = service.GetTableClient(_names.Resolved);
        _sms = service.GetTableClient(_names.SmsContexts);
        _sends = service.GetTableClient(_names.Sends);
        _published = service.GetTableClient(_names.Published);
    }

    public async Task EnsureTablesAsync(CancellationToken ct)
    {
        foreach (var name in _names.All)
        {
            await _service.CreateTableIfNotExistsAsync(name, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Drops every table of this prefix; tests clean up with it.</summary>
    public async Task DeleteTablesAsync(CancellationToken ct)
    {
        foreach (var name in _names.All)
        {
            await _service.DeleteTableAsync(name, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the table endpoint answers; used by the health endpoint.</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await _counters.GetEntityIfExistsAsync<CounterEntity>(CounterPartition, IncidentCounterRow, cancellationToken: ct).ConfigureAwait(false);
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

    // ---- dedup index -------------------------------------------------------------------------

    public async Task<long?> FindOpenIncidentAsync(string service, string dedupKey, CancellationToken ct)
    {
        var row = await _open.GetEntityIfExistsAsync<OpenIncidentEntity>(KeyFor(service), HashKey(dedupKey), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.IncidentNumber : null;
    }

    /// <summary>
    /// <see cref="FindOpenIncidentAsync"/> remembered in this process, for firing alerts. A remembered incident may
    /// have resolved elsewhere since: <see cref="CountFiringAlertAsync"/> then says so, and the caller calls
    /// <see cref="ForgetOpenIncident"/> and asks storage.
    /// </summary>
    public async Task<long?> FindOpenIncidentRememberedAsync(string service, string dedupKey, CancellationToken ct)
    {
        var key = OpenKey(service, dedupKey);
        if (_openByKey.TryGetValue(key, out var number))
        {
            return number;
        }

        var found = await FindOpenIncidentAsync(service, dedupKey, ct).ConfigureAwait(false);
        if (found is long n)
        {
            Remember(key, n);
        }

        return found;
    }

    public void ForgetOpenIncident(string service, string dedupKey, long number)
    {
        _openByKey.TryRemove(new KeyValuePair<string, long>(OpenKey(service, dedupKey), number));
        ForgetLane(number);
    }

    private void Remember(string key, long number)
    {
        if (_openByKey.Count > MaxRememberedIncidents)
        {
            // Crude but bounded; a forgotten key costs one read the next time it fires.
            _openByKey.Clear();
        }

        _openByKey[key] = number;
    }

    private static string OpenKey(string service, string dedupKey) => KeyFor(service) + "\n" + HashKey(dedupKey);

    /// <summary>Claims (service, dedup key) for an incident. False when another incident holds it: join that one.</summary>
    public async Task<bool> TryClaimOpenIncidentAsync(string service, string dedupKey, long number, CancellationToken ct)
    {
        try
        {
            await _open.AddEntityAsync(new OpenIncidentEntity
            {
                PartitionKey = KeyFor(service),
                RowKey = HashKey(dedupKey),
                IncidentNumber = number,
                DedupKey = dedupKey,
            }, ct).ConfigureAwait(false);
            Remember(OpenKey(service, dedupKey), number);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Frees the dedup key when its incident resolves, only if it still points at that incident.</summary>
    public async Task ReleaseOpenIncidentAsync(string service, string dedupKey, long number, CancellationToken ct)
    {
        ForgetOpenIncident(service, dedupKey, number);
        var row = await _open.GetEntityIfExistsAsync<OpenIncidentEntity>(KeyFor(service), HashKey(dedupKey), cancellationToken: ct).ConfigureAwait(false);
        if (!row.HasValue || row.Value!.IncidentNumber != number)
        {
            return;
        }

        try
        {
            await _open.DeleteEntityAsync(row.Value.PartitionKey, row.Value.RowKey, row.Value.ETag, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed)
        {
        }
    }

    // ---- incidents ---------------------------------------------------------------------------

    public async Task<VersionedIncident?> GetIncidentAsync(long number, CancellationToken ct)
    {
        var row = await _incidents.GetEntityIfExistsAsync<IncidentEntity>(IncidentIds.PartitionKey(number), IncidentRowKey, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? new VersionedIncident(ToIncident(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>For activities, which only run for incidents that exist.</summary>
    public async Task<Incident> GetRequiredIncidentAsync(long number, CancellationToken ct) =>
        (await GetIncidentAsync(number, ct))?.Incident ?? throw new InvalidOperationException($"INC {number} has no incident row");

    /// <summary>Insert-if-absent. False when the incident row already exists (a retried creation).</summary>
    public async Task<bool> TryAddIncidentAsync(Incident incident, CancellationToken ct)
    {
        try
        {
            await _incidents.AddEntityAsync(ToEntity(incident), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Replace guarded by ETag. False when someone else changed the incident first: re-read and decide again.</summary>
    public async Task<bool> TryUpdateIncidentAsync(Incident incident, ETag etag, CancellationToken ct)
    {
        try
        {
            await _incidents.UpdateEntityAsync(ToEntity(incident), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
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
            ? TableClient.CreateQueryFilter($"RowKey eq {IncidentRowKey}")
            : TableClient.CreateQueryFilter($"RowKey eq {IncidentRowKey} and Status eq {status.Value.ToString()}"), ct)).ToList();

        // Newest first, as an on-call list reads; partitions come back oldest first.
        list.Sort((a, b) => b.Number.CompareTo(a.Number));
        return list.Count > max ? list.GetRange(0, max) : list;
    }

    /// <summary>Every incident opened at or after <paramref name="since"/>, for reports.</summary>
    public Task<IReadOnlyList<Incident>> ListOpenedSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        QueryIncidentsAsync(TableClient.CreateQueryFilter($"RowKey eq {IncidentRowKey} and OpenedAt ge {since}"), ct);


    /// <summary>Incidents of every service resolved (or since closed) at or after <paramref name="since"/>: the status page's recent history.</summary>
    public Task<IReadOnlyList<Incident>> ListResolvedSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        QueryIncidentsAsync(TableClient.CreateQueryFilter($"RowKey eq {IncidentRowKey} and ResolvedAt ge {since}"), ct);

    private async Task<IReadOnlyList<Incident>> QueryIncidentsAsync(string filter, CancellationToken ct)
    {
        var list = new List<Incident>();
        await foreach (var e in _incidents.QueryAsync<IncidentEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToIncident(e));
        }

        return list;
    }

    // ---- timeline ------------------------------------------------------------------------------

    /// <summary>Appends once: the same entry key at the same instant is written once however often it is retried.</summary>
    public async Task AppendTimelineAsync(TimelineEntry entry, CancellationToken ct)
    {
        var entity = new TimelineEntity
        {
            PartitionKey = IncidentIds.PartitionKey(entry.IncidentNumber),
            RowKey = TimelineRowKey(entry.At, entry.Key),
            IncidentNumber = entry.IncidentNumber,
            At = entry.At,
            Kind = entry.Kind.ToString(),
            Actor = entry.Actor,
            Summary = entry.Summary,
            EntryKey = entry.Key,
            DataJson = entry.Data is { Count: > 0 } ? JsonSerializer.Serialize(entry.Data) : null,
        };
        try
        {
            await _timeline.AddEntityAsync(entity, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
        }
    }

    public async Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(long number, CancellationToken ct)
    {
        var list = new List<TimelineEntry>();
        var pk = IncidentIds.PartitionKey(number);
        await foreach (var e in _timeline.QueryAsync<TimelineEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToTimelineEntry(e));
        }

        return list;
    }

    /// <summary>
    /// The event stream's outbox: timeline entries not yet handed to the stream, in timeline order, each with its
    /// row key for <see cref="MarkPublishedAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<(TimelineEntry Entry, string RowKey)>> GetUnpublishedTimelineAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var published = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _published.QueryAsync<TableEntity>(x => x.PartitionKey == pk, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            published.Add(row.RowKey);
        }

        var list = new List<(TimelineEntry, string)>();
        await foreach (var e in _timeline.QueryAsync<TimelineEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            if (!published.Contains(e.RowKey))
            {
                list.Add((ToTimelineEntry(e), e.RowKey));
            }
        }

        return list;
    }

    /// <summary>Records entries as handed to the stream: one transaction per 100 rows (they share the incident's partition).</summary>
    public async Task MarkPublishedAsync(long number, IReadOnlyList<string> rowKeys, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        foreach (var chunk in rowKeys.Chunk(100))
        {
            // Upsert: a retried step that already marked some of them must not fail on the ones it finds.
            var actions = chunk.Select(rk => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, rk)));
            await _published.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }
    }

    private static TimelineEntry ToTimelineEntry(TimelineEntity e) => new(
        e.IncidentNumber,
        e.At,
        Enum.Parse<TimelineEntryKind>(e.Kind),
        e.Actor,
        e.Summary,
        e.EntryKey,
        e.DataJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(e.DataJson));

    // ---- SMS context and send ledger ------------------------------------------------------------

    public async Task SetLastPagedAsync(string phone, long number, DateTimeOffset at, CancellationToken ct)
    {
        await _sms.UpsertEntityAsync(new SmsContextEntity { PartitionKey = KeyFor(phone), IncidentNumber = number, PagedAt = at }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public async Task<long?> GetLastPagedAsync(string phone, CancellationToken ct)
    {
        var row = await _sms.GetEntityIfExistsAsync<SmsContextEntity>(KeyFor(phone), "last", cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.IncidentNumber : null;
    }

    public async Task<SendRecord?> GetSendAsync(long number, string idempotencyKey, CancellationToken ct)
    {
        var row = await _sends.GetEntityIfExistsAsync<SendEntity>(IncidentIds.PartitionKey(number), KeyFor(idempotencyKey), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? ToSend(row.Value!) : null;
    }

    public async Task RecordSendAsync(long number, string idempotencyKey, SendRecord send, CancellationToken ct)
    {
        await _sends.UpsertEntityAsync(ToEntity(number, idempotencyKey, send), TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="pending"/> before a send: insert-if-absent when <paramref name="replacing"/> is null, else a
    /// replace under the ETag <paramref name="replacing"/> was read with. False when another execution got there first.
    /// </summary>
    public async Task<bool> TryRecordPendingSendAsync(long number, string idempotencyKey, SendRecord pending, SendRecord? replacing, CancellationToken ct)
    {
        var entity = ToEntity(number, idempotencyKey, pending);
        try
        {
            if (replacing is null)
            {
                await _sends.AddEntityAsync(entity, ct).ConfigureAwait(false);
            }
            else
            {
                await _sends.UpdateEntityAsync(entity, replacing.Version, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    private static SendEntity ToEntity(long number, string idempotencyKey, SendRecord send) => new()
    {
        PartitionKey = IncidentIds.PartitionKey(number),
        RowKey = KeyFor(idempotencyKey),
        Recipient = send.Recipient,
        Phone = send.Phone,
        Purpose = send.Purpose,
        Outcome = send.Outcome,
        Sid = send.Sid,
        ErrorCode = send.ErrorCode,
        At = send.At,
        Body = send.Body,
        AttemptedAt = send.AttemptedAt,
        Attempts = send.Attempts,
        LeaseUntil = send.LeaseUntil,
    };

    public async Task<IReadOnlyList<SendRecord>> GetSendsAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var list = new List<SendRecord>();
        await foreach (var e in _sends.QueryAsync<SendEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToSend(e));
        }

        return list;
    }

    // ---- mapping -------------------------------------------------------------------------------

    internal static string TimelineRowKey(DateTimeOffset at, string key) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + KeyFor(key);

    /// <summary>Row/partition keys may not hold / \ # ? or control characters; escape them reversibly enough to stay unique.</summary>
    internal static string KeyFor(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        var key = sb.ToString();
        return key.Length <= 200 ? key : HashKey(key);
    }

    /// <summary>Dedup keys are arbitrary source strings; their hash is a safe, bounded row key.</summary>
    internal static string HashKey(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static SendRecord ToSend(SendEntity e) => new(e.Recipient, e.Phone, e.Purpose, e.Outcome, e.Sid, e.ErrorCode, e.At)
    {
        Body = e.Body,
        AttemptedAt = e.AttemptedAt,
        Attempts = e.Attempts,
        LeaseUntil = e.LeaseUntil,
        Version = e.ETag,
    };

    private static IncidentEntity ToEntity(Incident i) => new()
    {
        PartitionKey = IncidentIds.PartitionKey(i.Number),
        RowKey = IncidentRowKey,
        Number = i.Number,
        Service = i.Service,
        Title = i.Title,
        Severity = i.Severity.ToString(),
        DedupKey = i.DedupKey,
        EscalationPolicy = i.EscalationPolicy,
        PlaybookUrlsJson = ListJson(i.PlaybookUrls),
        RespondersJson = ListJson(i.Responders),
        RepeatOfJson = i.RepeatOf.Count == 0 ? null : JsonSerializer.Serialize(i.RepeatOf),
        RepeatSummary = i.RepeatSummary,
        NextUpdateDue = i.NextUpdateDue,
        LastUpdateAt = i.LastUpdateAt,
        UpdatesOnTime = i.UpdatesOnTime,
        UpdatesLate = i.UpdatesLate,
        UpdatesMissed = i.UpdatesMissed,
        ResolutionSummary = i.ResolutionSummary,
        ClosedAt = i.ClosedAt,
        Status = i.Status.ToString(),
        Lead = i.Lead,
        AcknowledgedBy = i.AcknowledgedBy,
        AlertCount = i.AlertCount,
        AlertTalliesJson = TalliesJson(i.AlertTallies),
        OpenedAt = i.OpenedAt,
        LastAlertAt = i.LastAlertAt,
        AcknowledgedAt = i.AcknowledgedAt,
        ResolvedAt = i.ResolvedAt,
        ResolvedBy = i.ResolvedBy,
    };

    private static Incident ToIncident(IncidentEntity e) => Incident.Restore(
        number: e.Number,
        service: e.Service,
        title: e.Title,
        severity: Enum.Parse<IncidentSeverity>(e.Severity),
        dedupKey: e.DedupKey,
        escalationPolicy: e.EscalationPolicy,
        playbookUrls: e.PlaybookUrlsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(e.PlaybookUrlsJson)!,
        responders: e.RespondersJson is null ? [] : JsonSerializer.Deserialize<List<string>>(e.RespondersJson)!,
        repeatOf: e.RepeatOfJson is null ? [] : JsonSerializer.Deserialize<List<long>>(e.RepeatOfJson)!,
        repeatSummary: e.RepeatSummary,
        status: Enum.Parse<IncidentStatus>(e.Status),
        lead: e.Lead,
        acknowledgedBy: e.AcknowledgedBy,
        openedAt: e.OpenedAt,
        acknowledgedAt: e.AcknowledgedAt,
        resolvedAt: e.ResolvedAt,
        resolvedBy: e.ResolvedBy,
        resolutionSummary: e.ResolutionSummary,
        closedAt: e.ClosedAt,
        nextUpdateDue: e.NextUpdateDue,
        lastUpdateAt: e.LastUpdateAt,
        updatesOnTime: e.UpdatesOnTime,
        updatesLate: e.UpdatesLate,
        updatesMissed: e.UpdatesMissed,
        alertCount: e.AlertCount,
        alertTallies: ParseTallies(e.AlertTalliesJson),
        lastAlertAt: e.LastAlertAt);

    private static AlertEntity ToAlertEntity(string pk, string rk, NormalizedAlert a, AlertStatus status, DateTimeOffset at) => new()
    {
        PartitionKey = pk,
        RowKey = rk,
        Format = a.Format,
        DedupKey = Truncate(a.DedupKey, 1024),
        Title = Truncate(a.Title, 1024),
        Severity = a.Severity.ToString(),
        SourceSeverity = a.SourceSeverity is null ? null : Truncate(a.SourceSeverity, 64),
        Status = status.ToString(),
        Source = a.Source is null ? null : Truncate(a.Source, 1024),
        Description = a.Description is null ? null : Truncate(a.Description, 8192),
        LabelsJson = a.Labels.Count == 0 ? null : Truncate(JsonSerializer.Serialize(a.Labels), 30_000),
        LinksJson = a.Links.Count == 0 ? null : Truncate(JsonSerializer.Serialize(a.Links), 8_000),
        Count = 1,
        FirstSeenAt = at,
        LastSeenAt = at,
        StartsAt = a.StartsAt,
        EndsAt = a.EndsAt,
    };

    private static Dictionary<string, AlertTally> ParseTallies(string? json) =>
        json is null ? new Dictionary<string, AlertTally>() : JsonSerializer.Deserialize<Dictionary<string, AlertTally>>(json)!;

    private static string? TalliesJson(IReadOnlyDictionary<string, AlertTally> tallies) => tallies.Count == 0 ? null : JsonSerializer.Serialize(tallies);

    private static string? ListJson(IReadOnlyList<string> list) => list.Count == 0 ? null : JsonSerializer.Serialize(list);

    // Table properties cap at 64 KiB; a source's huge annotation must not make the whole alert unstorable.
    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

public sealed record VersionedIncident(Incident Incident, ETag ETag);


/// <param name="At">The step's instant (the activity's input), the same on every retry.</param>
public sealed record SendRecord(string Recipient, string Phone, string Purpose, string Outcome, string? Sid, int? ErrorCode, DateTimeOffset At)
{
    /// <summary>The words sent (or about to be): what a retry of a pending send looks for at the provider.</summary>
    public string? Body { get; init; }

    /// <summary>When the (last) execution began sending; for a pending send, the earliest the provider can have it.</summary>
    public DateTimeOffset? AttemptedAt { get; init; }

    /// <summary>HTTP attempts the sending execution made, when known.</summary>
    public int? Attempts { get; init; }

    /// <summary>
    /// Until when the execution that wrote this pending row may still be sending; null once it stopped without an answer
    /// (and on rows written before leases).
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>The row's ETag as read, for a conditional replace.</summary>
    public ETag Version { get; init; }
}

public sealed record StoredAlert(
    string Format, string DedupKey, string Title, string Severity, string? SourceSeverity, string Status, string? Source, string? Description,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyList<AlertLink> Links, int Count,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);
