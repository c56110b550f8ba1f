using System.Net;
using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The records responders keep on an incident, in one table partitioned by incident: notes, actions, status updates,
/// the current scope, the post-mortem and alert feedback. Row keys start with the record kind; time-ordered kinds
/// continue with UTC ticks.
/// </summary>
public sealed partial class IncidentRecordStore(TableServiceClient service, string tablePrefix)
{
    internal const string PostmortemRow = "postmortem";
    private const string FeedbackPrefix = "feedback-";

    private readonly TableClient _records = TableNames.Open(service, tablePrefix, n => n.Records);

    // ---- alert feedback ------------------------------------------------------------------------------------

    /// <summary>A responder's verdict on the alert that opened the incident; one per responder, the latest wins.</summary>
    public async Task SetAlertFeedbackAsync(long number, AlertFeedback feedback, CancellationToken ct)
    {
        await _records.UpsertEntityAsync(new JsonRecordEntity
        {
            PartitionKey = IncidentIds.PartitionKey(number),
            RowKey = FeedbackPrefix + feedback.By.ToLowerInvariant(),
            Json = StoredJson.Serialize(feedback),
        }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertFeedback>> GetAlertFeedbackAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var list = new List<AlertFeedback>();
        await foreach (var e in _records.QueryAsync<JsonRecordEntity>(
            x => x.PartitionKey == pk && x.RowKey.CompareTo(FeedbackPrefix) >= 0 && x.RowKey.CompareTo(FeedbackPrefix + "~") < 0, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(StoredJson.Deserialize<AlertFeedback>(e.Json));
        }

        return list;
    }

    // ---- post-mortem ---------------------------------------------------------------------------------------

    public async Task<VersionedPostmortem?> GetPostmortemAsync(long number, CancellationToken ct)
    {
        var row = await _records.GetEntityIfExistsAsync<TableEntity>(IncidentIds.PartitionKey(number), PostmortemRow, cancellationToken: ct).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return null;
        }

        // "Json", then "Json1", "Json2"… while they exist (a row written before chunking has "Json" alone).
        var json = new System.Text.StringBuilder(row.Value!.GetString("Json") ?? "");
        for (var i = 1; row.Value.GetString($"Json{i}") is { } chunk; i++)
        {
            json.Append(chunk);
        }

        return new VersionedPostmortem(StoredJson.Deserialize<Postmortem>(json.ToString()), row.Value.ETag);
    }

    /// <summary>A string property holds 64 KiB of UTF-16; a little less, so keys and the other properties fit too.</summary>
    internal const int PostmortemChunkChars = 32_000;

    /// <summary>15 chunks of 64 KiB stay under an entity's 1 MiB.</summary>
    internal const int PostmortemMaxChunks = 15;

    /// <summary>
    /// Whether <paramref name="postmortem"/> fits its row. Its sections' own limits allow more than one row holds (and
    /// characters outside the BMP take 12 characters each as stored JSON), so a save that would not fit is refused
    /// before it is tried: storage would otherwise fail it with an error of its own, a 500.
    /// </summary>
    public static bool Fits(Postmortem postmortem) =>
        StoredJson.Serialize(postmortem).Length <= PostmortemChunkChars * PostmortemMaxChunks;

    /// <summary>Insert-if-absent: a retried drafting step keeps the first draft (and any edits made since).</summary>
    public async Task<bool> TryAddPostmortemAsync(Postmortem postmortem, CancellationToken ct)
    {
        try
        {
            await _records.AddEntityAsync(PostmortemEntity(postmortem), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Replace guarded by ETag; false when someone else saved first.</summary>
    public async Task<bool> TryUpdatePostmortemAsync(Postmortem postmortem, ETag etag, CancellationToken ct)
    {
        try
        {
            await _records.UpdateEntityAsync(PostmortemEntity(postmortem), etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>The post-mortem as JSON split over "Json", "Json1"…: one string property would hold only 64 KiB of it.</summary>
    private static TableEntity PostmortemEntity(Postmortem p)
    {
        var json = StoredJson.Serialize(p);
        var entity = new TableEntity(IncidentIds.PartitionKey(p.IncidentNumber), PostmortemRow) { ["Json"] = "" };
        for (int i = 0, at = 0; at < json.Length; i++, at += PostmortemChunkChars)
        {
            // Stored JSON escapes every character outside the BMP, so a cut never splits a surrogate pair.
            entity[i == 0 ? "Json" : $"Json{i}"] = json.Substring(at, Math.Min(PostmortemChunkChars, json.Length - at));
        }

        return entity;
    }
}

public sealed record VersionedPostmortem(Postmortem Postmortem, ETag ETag);

/// <summary>Was the page worth it? Feeds the alert review.</summary>
public sealed record AlertFeedback(string By, bool Useful, string? Comment, DateTimeOffset At);

/// <summary>A record kept whole as JSON (well under the 64 KiB property limit for the records stored this way).</summary>
internal sealed class JsonRecordEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Json { get; set; } = "";
}
