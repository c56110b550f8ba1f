using System.Collections.Concurrent;
using System.Net;
using Azure;
using static IncidentFunctions.Application.Storage.StorageKeys;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// (service, dedup key) → the open incident, in the OpenIncidents table: the row exists exactly while the incident is
/// open, and claiming it insert-if-absent is what makes one incident per key, not reading first.
/// </summary>
public sealed partial class IncidentStore
{
    /// <summary>Above this many remembered keys, the memory is cleared (a forgotten key costs one read when it fires again).</summary>
    private const int MaxRememberedKeys = 20_000;

    /// <summary>(service, dedup key) → open incident, as last read or claimed here.</summary>
    private readonly ConcurrentDictionary<string, long> _openByKey = new(StringComparer.Ordinal);

    public async Task<long?> FindOpenIncidentAsync(string service, string dedupKey, CancellationToken ct)
    {
        var row = await _open.GetEntityIfExistsAsync<OpenIncidentEntity>(KeyFor(service), HashKey(dedupKey), cancellationToken: ct).ConfigureAwait(false);
        return row.HasValue ? row.Value!.IncidentNumber : null;
    }

    /// <summary>
    /// <see cref="FindOpenIncidentAsync"/> remembered in this process, for firing alerts. A remembered incident may
    /// have resolved elsewhere since: <see cref="AlertStore.RecordDeliveryAsync"/> then says so, and the caller calls
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

    public void ForgetOpenIncident(string service, string dedupKey, long number) =>
        _openByKey.TryRemove(new KeyValuePair<string, long>(OpenKey(service, dedupKey), number));

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

    private void Remember(string key, long number)
    {
        if (_openByKey.Count > MaxRememberedKeys)
        {
            // Crude but bounded; a forgotten key costs one read the next time it fires.
            _openByKey.Clear();
        }

        _openByKey[key] = number;
    }

    private static string OpenKey(string service, string dedupKey) => KeyFor(service) + "\n" + HashKey(dedupKey);
}
