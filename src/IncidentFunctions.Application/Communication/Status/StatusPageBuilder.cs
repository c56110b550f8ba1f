using Azure;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Status;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Communication.Status;

/// <summary>
/// Builds the status page from the incident and record stores. The page is public and gets most traffic exactly when
/// something is wrong, so one build serves every request for <see cref="Freshness"/> (concurrent requests wait for the
/// same build), and when storage fails the last page is served rather than an error.
/// </summary>
public sealed class StatusPageBuilder(IncidentStore store, IncidentRecordStore records, TimeProvider time, ILogger<StatusPageBuilder> logger)
{
    /// <summary>How long a built page is served; the HTTP cache lifetime matches it.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    // Bounds on one build: a page never needs more, and each incident read is a query of its own.
    private const int MaxOpen = 100;
    private const int MaxResolved = 200;
    private const int ParallelReads = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Built? _built;

    /// <summary>The current page, or null when none could be built and none was built before.</summary>
    public async Task<StatusPage?> GetAsync(CancellationToken ct)
    {
        if (_built is { } fresh && time.GetUtcNow() - fresh.At < Freshness)
        {
            return fresh.Page;
        }

        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (_built is { } built && now - built.At < Freshness)
            {
                return built.Page;
            }

            try
            {
                _built = new Built(await BuildAsync(now, ct), now);
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException)
            {
                logger.LogWarning(e, "Status page could not be built; serving the page from {GeneratedAt}", _built?.Page.GeneratedAt);

                // The stale page keeps its own GeneratedAt; storage is tried again once it has been served a while.
                _built = _built is { } stale ? stale with { At = now } : null;
            }

            return _built?.Page;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<StatusPage> BuildAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Updates are only accepted once an incident is acknowledged, so a triggered incident has nothing users were told.
        var open = await store.ListIncidentsAsync(IncidentStatus.Acknowledged, MaxOpen, ct);
        var resolved = (await store.ListResolvedSinceAsync(now - PublicStatus.RecentlyResolvedWindow, ct))
            .OrderByDescending(i => i.ResolvedAt)
            .Take(MaxResolved);

        var candidates = open.Concat(resolved).ToList();
        var withUpdates = new (Incident, IReadOnlyList<StatusUpdate>)[candidates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => withUpdates[i] = (candidates[i], await records.GetUpdatesAsync(candidates[i].Number, token)));

        return PublicStatus.Compose(withUpdates, now);
    }

    private sealed record Built(StatusPage Page, DateTimeOffset At);
}
