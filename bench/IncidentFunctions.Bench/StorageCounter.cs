using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace IncidentFunctions.Bench;

/// <summary>
/// Counts every request the runtime's storage clients send (the Durable backend's and the application's, retries
/// included), by owner and service, through <see cref="LocalRuntime.LocalRuntimeOptions.StoragePolicy"/>. Chosen
/// over Azurite's debug log because Azurite here is shared with other work and runs without one.
/// </summary>
internal sealed class StorageCounter(string taskHub, string connectionString) : HttpPipelinePolicy
{
    /// <summary>Port → service, from the storage's endpoints: the benchmark's Azurite listens on ports the OS picked.</summary>
    private readonly Dictionary<int, string> _services = ServicesByPort(connectionString);
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Count, double Ms)> _byOperation = new(StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var t = Stopwatch.GetTimestamp();
        _counts.AddOrUpdate(Classify(message.Request.Uri.ToUri()), 1, (_, n) => n + 1);
        ProcessNext(message, pipeline);
        Time(message, t);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var t = Stopwatch.GetTimestamp();
        _counts.AddOrUpdate(Classify(message.Request.Uri.ToUri()), 1, (_, n) => n + 1);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Time(message, t);
    }

    /// <summary>Count and total time per operation (method and resource, keys left out), most time first: where tuning pays.</summary>
    public IEnumerable<string> Hotspots(int top) =>
        _byOperation.OrderByDescending(kv => kv.Value.Ms).Take(top)
            .Select(kv => $"{kv.Key}: {kv.Value.Count}× {kv.Value.Ms / kv.Value.Count:0.0} ms = {kv.Value.Ms / 1000:0.0} s");

    private void Time(HttpMessage message, long started)
    {
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var path = message.Request.Uri.ToUri().AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = path.Length > 1 ? path[1] : "";
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        // "Incidents(PartitionKey=…,RowKey=…)" is a point operation; "Incidents()" or "Incidents" with $filter a query.
        var kind = paren < 0 ? resource : resource[..paren] + (resource.EndsWith("()", StringComparison.Ordinal) ? "()" : "(key)");
        if (kind.StartsWith(taskHub, StringComparison.OrdinalIgnoreCase))
        {
            kind = kind[taskHub.Length..];
        }

        var key = $"{message.Request.Method} {kind}{(path.Length > 2 ? "/" + path[2] : "")}";
        _byOperation.AddOrUpdate(key, (1, ms), (_, v) => (v.Count + 1, v.Ms + ms));
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, long> Difference(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before) =>
        after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key), StringComparer.Ordinal);

    /// <summary>"durable blob", "durable queue", "durable table", "app table", "app queue" by port and resource name.</summary>
    private string Classify(Uri uri)
    {
        // Azurite's path style: /devstoreaccount1/<resource>[/...]; the resource is a container, queue or table(…).
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : "";
        var service = _services.GetValueOrDefault(uri.Port, "other");

        // The Durable backend names everything after the hub: <hub>-control-NN and <hub>-workitems queues,
        // <hub>History / <hub>Instances / <hub>Partitions tables, <hub>-leases and other containers. The application's
        // tables are <hub><Name> too (the hub is its table prefix), and its event queue is the hub's name in lower case.
        var durable = service switch
        {
            "blob" => true,
            "queue" => resource.Contains("-control-", StringComparison.Ordinal) || resource.EndsWith("-workitems", StringComparison.Ordinal),
            "table" => resource.StartsWith(taskHub + "History", StringComparison.OrdinalIgnoreCase)
                || resource.StartsWith(taskHub + "Instances", StringComparison.OrdinalIgnoreCase)
                || resource.StartsWith(taskHub + "Partitions", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        return (durable ? "durable " : "app ") + service;
    }

    private static Dictionary<int, string> ServicesByPort(string connectionString)
    {
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return new() { [10000] = "blob", [10001] = "queue", [10002] = "table" };
        }

        var services = new Dictionary<int, string>();
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(kv[1], UriKind.Absolute, out var uri))
            {
                services[uri.Port] = kv[0][..^"Endpoint".Length].ToLowerInvariant();
            }
        }

        return services;
    }
}
