using System.Net;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Application.Notifications;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// What was sent to whom: the idempotency ledger of outbound messages, one row per (incident, step, recipient) keyed
/// by the step's idempotency key, so a retried step finds its send instead of contacting the person again; and, per
/// phone, the incident last paged to it, so a bare "a" knows what it answers. An incident's sends are its partition
/// (<see cref="IncidentIds.PartitionKey"/>); a pager test's are a partition of their own (<see cref="PagerTestPartition"/>),
/// so no report or incident reader ever counts them.
/// </summary>
public sealed class SendLedger(TableServiceClient service, string tablePrefix)
{
    private const string LastPagedRow = "last";

    private readonly TableClient _sends = TableNames.Open(service, tablePrefix, n => n.Sends);
    private readonly TableClient _lastPaged = TableNames.Open(service, tablePrefix, n => n.SmsContexts);

    public async Task SetLastPagedAsync(string phone, long number, DateTimeOffset at, CancellationToken ct)
    {
        await _lastPaged.UpsertEntityAsync(new SmsContextEntity { PartitionKey = KeyFor(phone), RowKey = LastPagedRow, IncidentNumber = number, PagedAt = at },
            TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public async Task<long?> GetLastPagedAsync(string phone, CancellationToken ct)
    {
        var row = await _lastPaged.GetEntityIfExistsAsync<SmsContextEntity>(KeyFor(phone), LastPagedRow, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.IncidentNumber : null;
    }

    /// <summary>The partition of <paramref name="request"/>'s send: its incident's, or its pager test's.</summary>
    public static string PartitionFor(NotificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PagerTest is { } test ? PagerTestPartition(test.TestId)
            : request.SignIn is { } signIn ? "signin-" + KeyFor(signIn.Responder)
            : IncidentIds.PartitionKey(request.IncidentNumber);
    }

    /// <summary>A pager test's sends: never a number, so never an incident's partition.</summary>
    public static string PagerTestPartition(string testId) => "pagertest-" + KeyFor(testId);

    public Task<SendRecord?> GetSendAsync(long number, string idempotencyKey, CancellationToken ct) =>
        GetSendAsync(IncidentIds.PartitionKey(number), idempotencyKey, ct);

    public async Task<SendRecord?> GetSendAsync(string partition, string idempotencyKey, CancellationToken ct)
    {
        var row = await _sends.GetEntityIfExistsAsync<SendEntity>(partition, KeyFor(idempotencyKey), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? ToSend(row.Value!) : null;
    }

    /// <summary>How often an execution waiting on another's lease reads the ledger row again.</summary>
    public static readonly TimeSpan LeasePoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The send of <paramref name="idempotencyKey"/> once no other execution holds a live lease on it: while one does (it
    /// may be sending right now), waits for its outcome, reading the row every <see cref="LeasePoll"/>, until the lease runs out.
    /// </summary>
    public async Task<SendRecord?> GetUnleasedSendAsync(string partition, string idempotencyKey, TimeProvider time, CancellationToken ct)
    {
        var previous = await GetSendAsync(partition, idempotencyKey, ct).ConfigureAwait(false);
        while (previous is { Outcome: SendOutcomes.Pending, LeaseUntil: { } until })
        {
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(left < LeasePoll ? left : LeasePoll, time, ct).ConfigureAwait(false);
            previous = await GetSendAsync(partition, idempotencyKey, ct).ConfigureAwait(false);
        }

        return previous;
    }

    public Task<IReadOnlyList<SendRecord>> GetSendsAsync(long number, CancellationToken ct) => GetSendsAsync(IncidentIds.PartitionKey(number), ct);

    public async Task<IReadOnlyList<SendRecord>> GetSendsAsync(string partition, CancellationToken ct)
    {
        var pk = partition;
        var list = new List<SendRecord>();
        await foreach (var e in _sends.QueryAsync<SendEntity>(x => x.PartitionKey == pk, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(ToSend(e));
        }

        return list;
    }

    public async Task RecordSendAsync(string partition, string idempotencyKey, SendRecord send, CancellationToken ct)
    {
        await _sends.UpsertEntityAsync(ToEntity(partition, idempotencyKey, send), TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="pending"/> before a send: insert-if-absent when <paramref name="replacing"/> is null, else a
    /// replace under the ETag <paramref name="replacing"/> was read with. False when another execution got there first.
    /// </summary>
    public async Task<bool> TryRecordPendingSendAsync(string partition, string idempotencyKey, SendRecord pending, SendRecord? replacing, CancellationToken ct)
    {
        var entity = ToEntity(partition, idempotencyKey, pending);
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

    private static SendEntity ToEntity(string partition, string idempotencyKey, SendRecord send) => new()
    {
        PartitionKey = partition,
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
        Medium = send.Medium == ContactMethodType.Sms ? null : ContactMethod.Word(send.Medium),
        Bundle = send.Bundle.Count == 0 ? null : string.Join(',', send.Bundle.Select(n => n.ToString(CultureInfo.InvariantCulture))),
    };

    private static SendRecord ToSend(SendEntity e) => new(e.Recipient, e.Phone, e.Purpose, e.Outcome, e.Sid, e.ErrorCode, e.At)
    {
        Body = e.Body,
        AttemptedAt = e.AttemptedAt,
        Attempts = e.Attempts,
        LeaseUntil = e.LeaseUntil,
        Medium = ContactMethod.TryParseType(e.Medium, out var medium) ? medium : ContactMethodType.Sms,
        Bundle = e.Bundle is { Length: > 0 } b ? [.. b.Split(',').Select(n => long.Parse(n, CultureInfo.InvariantCulture))] : [],
        Version = e.ETag,
    };
}

/// <param name="Phone">Where it went: the number texted, or for a mail the address.</param>
/// <param name="At">The step's instant (the activity's input), the same on every retry.</param>
public sealed record SendRecord(string Recipient, string Phone, string Purpose, string Outcome, string? Sid, int? ErrorCode, DateTimeOffset At)
{
    /// <summary>A call that also said other incidents held back by the flood limit: their numbers (a 4 acknowledges them too).</summary>
    public IReadOnlyList<long> Bundle { get; init; } = [];

    /// <summary>What carried it; rows written before calls and mail are texts.</summary>
    public ContactMethodType Medium { get; init; } = ContactMethodType.Sms;

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
