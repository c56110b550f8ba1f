using System.Net;
using Azure;
using Azure.Data.Tables;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The flood limit of one phone number: when it was last called, and the calls held back since, waiting to be said in
/// the next one. Kept beside the number's last page (same table, its own row), read and written under its ETag, so two
/// workers placing calls at once agree on which one rings.
/// </summary>
public sealed class CallGateStore(TableServiceClient service, string tablePrefix)
{
    private const string Row = "call-gate";

    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.SmsContexts);

    public async Task<CallGate> GetAsync(string phone, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<CallGateEntity>(KeyFor(phone), Row, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue
            ? new CallGate(row.Value!.LastCallAt, row.Value.LastCallSid, row.Value.Waiting is { Length: > 0 } w ? StoredJson.Deserialize<List<HeldCall>>(w) : []) { Version = row.Value.ETag }
            : new CallGate(null, null, []);
    }

    /// <summary>Writes <paramref name="next"/> if the row is still as <paramref name="read"/> was; false when someone else changed it first.</summary>
    public async Task<bool> TryReplaceAsync(string phone, CallGate read, CallGate next, CancellationToken ct)
    {
        var entity = new CallGateEntity
        {
            PartitionKey = KeyFor(phone),
            RowKey = Row,
            LastCallAt = next.LastCallAt,
            LastCallSid = next.LastCallSid,
            Waiting = next.Waiting.Count == 0 ? null : StoredJson.Serialize(next.Waiting),
        };
        try
        {
            if (read.Version == default)
            {
                await _table.AddEntityAsync(entity, ct).ConfigureAwait(false);
            }
            else
            {
                await _table.UpdateEntityAsync(entity, read.Version, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    private sealed class CallGateEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public DateTimeOffset? LastCallAt { get; set; }
        public string? LastCallSid { get; set; }
        public string? Waiting { get; set; }
    }
}

/// <param name="Waiting">Calls held back since the last one, oldest first: the next call says them all.</param>
public sealed record CallGate(DateTimeOffset? LastCallAt, string? LastCallSid, IReadOnlyList<HeldCall> Waiting)
{
    public ETag Version { get; init; }
}

/// <summary>A call the flood limit held back: its incident and its ledger key.</summary>
public sealed record HeldCall(long Incident, string Key);
