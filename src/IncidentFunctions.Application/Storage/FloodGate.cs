using System.Net;
using Azure;
using Azure.Data.Tables;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The flood limit of one phone number on one medium: when it was last paged, and the pages held back since, waiting
/// to be said in the next one. Kept beside the number's last page (same table, a row per medium), read and written
/// under its ETag, so two workers paging at once agree on which one goes.
/// </summary>
public sealed class FloodGateStore(TableServiceClient service, string tablePrefix)
{
    private readonly TableClient _table = TableNames.Open(service, tablePrefix, n => n.SmsContexts);

    public async Task<FloodGate> GetAsync(ContactMethodType medium, string phone, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<FloodGateEntity>(KeyFor(phone), Row(medium), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue
            ? new FloodGate(row.Value!.LastSentAt, row.Value.Waiting is { Length: > 0 } w ? StoredJson.Deserialize<List<HeldPage>>(w) : []) { Version = row.Value.ETag }
            : new FloodGate(null, []);
    }

    /// <summary>Writes <paramref name="next"/> if the row is still as <paramref name="read"/> was; false when someone else changed it first.</summary>
    public async Task<bool> TryReplaceAsync(ContactMethodType medium, string phone, FloodGate read, FloodGate next, CancellationToken ct)
    {
        var entity = new FloodGateEntity
        {
            PartitionKey = KeyFor(phone),
            RowKey = Row(medium),
            LastSentAt = next.LastSentAt,
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

    private static string Row(ContactMethodType medium) => "flood-" + ContactMethod.Word(medium);

    private sealed class FloodGateEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public DateTimeOffset? LastSentAt { get; set; }
        public string? Waiting { get; set; }
    }
}

/// <param name="Waiting">Pages held back since the last one, oldest first: the next one says them all.</param>
public sealed record FloodGate(DateTimeOffset? LastSentAt, IReadOnlyList<HeldPage> Waiting)
{
    public ETag Version { get; init; }
}

/// <summary>A page the flood limit held back: its incident and its ledger key.</summary>
public sealed record HeldPage(long Incident, string Key);
