using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>Notes, actions, status updates and scope: the rows responders write while the incident is open.</summary>
public sealed partial class IncidentRecordStore
{
    private const string NotePrefix = "note-";
    private const string ActionPrefix = "action-";
    private const string UpdatePrefix = "update-";
    private const string ScopeRow = "scope";

    /// <summary>Short, URL-safe record ids ("a1b2c3d4").</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public Task AddNoteAsync(long number, IncidentNote note, CancellationToken ct) =>
        AddJsonAsync(number, NotePrefix + Ticks(note.At) + "-" + note.Id, note, ct);

    public Task<IReadOnlyList<IncidentNote>> GetNotesAsync(long number, CancellationToken ct) => ListJsonAsync<IncidentNote>(number, NotePrefix, ct);

    public Task AddActionAsync(long number, IncidentAction action, CancellationToken ct) =>
        AddJsonAsync(number, ActionPrefix + action.Id, action, ct);

    public Task<IReadOnlyList<IncidentAction>> GetActionsAsync(long number, CancellationToken ct) => ListJsonAsync<IncidentAction>(number, ActionPrefix, ct);

    public async Task<(IncidentAction Action, ETag ETag)?> GetActionAsync(long number, string actionId, CancellationToken ct)
    {
        var row = await _records.GetEntityIfExistsAsync<JsonRecordEntity>(IncidentIds.PartitionKey(number), ActionPrefix + actionId, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? (StoredJson.Deserialize<IncidentAction>(row.Value!.Json), row.Value.ETag) : null;
    }

    /// <summary>False when the action changed since it was read (another outcome won).</summary>
    public Task<bool> TryUpdateActionAsync(long number, IncidentAction action, ETag etag, CancellationToken ct) =>
        TryReplaceJsonAsync(number, ActionPrefix + action.Id, action, etag, ct);

    public Task AddUpdateAsync(long number, StatusUpdate update, CancellationToken ct) =>
        AddJsonAsync(number, UpdatePrefix + Ticks(update.At) + "-" + update.Id, update, ct);

    public Task<IReadOnlyList<StatusUpdate>> GetUpdatesAsync(long number, CancellationToken ct) => ListJsonAsync<StatusUpdate>(number, UpdatePrefix, ct);

    public async Task SetScopeAsync(long number, IncidentScope scope, CancellationToken ct)
    {
        await _records.UpsertEntityAsync(new JsonRecordEntity
        {
            PartitionKey = IncidentIds.PartitionKey(number),
            RowKey = ScopeRow,
            Json = StoredJson.Serialize(scope),
        }, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    public async Task<IncidentScope?> GetScopeAsync(long number, CancellationToken ct)
    {
        var row = await _records.GetEntityIfExistsAsync<JsonRecordEntity>(IncidentIds.PartitionKey(number), ScopeRow, cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? StoredJson.Deserialize<IncidentScope>(row.Value!.Json) : null;
    }

    /// <summary>The responders' records of an incident, added to the facts its post-mortem is drafted from.</summary>
    public async Task<PostmortemFacts> AddRecordsToAsync(PostmortemFacts facts, CancellationToken ct) => facts with
    {
        Notes = await GetNotesAsync(facts.IncidentNumber, ct),
        Actions = await GetActionsAsync(facts.IncidentNumber, ct),
        Updates = await GetUpdatesAsync(facts.IncidentNumber, ct),
        Scope = await GetScopeAsync(facts.IncidentNumber, ct),
    };

    private async Task AddJsonAsync<T>(long number, string rowKey, T value, CancellationToken ct)
    {
        try
        {
            await _records.AddEntityAsync(new JsonRecordEntity
            {
                PartitionKey = IncidentIds.PartitionKey(number),
                RowKey = rowKey,
                Json = StoredJson.Serialize(value),
            }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // The same record written twice (a retried request with the same id): keep the first.
        }
    }

    private async Task<bool> TryReplaceJsonAsync<T>(long number, string rowKey, T value, ETag etag, CancellationToken ct)
    {
        try
        {
            await _records.UpdateEntityAsync(new JsonRecordEntity
            {
                PartitionKey = IncidentIds.PartitionKey(number),
                RowKey = rowKey,
                Json = StoredJson.Serialize(value),
            }, etag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<T>> ListJsonAsync<T>(long number, string prefix, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var list = new List<T>();
        await foreach (var e in _records.QueryAsync<JsonRecordEntity>(
            x => x.PartitionKey == pk && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(end) < 0, cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(StoredJson.Deserialize<T>(e.Json));
        }

        return list;
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
