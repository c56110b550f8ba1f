using System.Collections.Concurrent;

namespace IncidentFunctions.Application.Ingestion;

/// <summary>
/// Per-integration-key token bucket: a burst of up to one minute's allowance, refilled continuously,
/// like PagerDuty's per-routing-key limit. Per process: on Azure each scaled-out instance counts alone.
/// </summary>
public sealed class IngestRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <returns>Null when allowed, else how long until one more request would be.</returns>
    public TimeSpan? TryAcquire(string key, int perMinute)
    {
        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(perMinute, now));
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.LastRefill, now).TotalSeconds;
            bucket.Tokens = Math.Min(perMinute, bucket.Tokens + elapsed * perMinute / 60.0);
            bucket.LastRefill = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - bucket.Tokens) * 60.0 / perMinute);
        }
    }

    private sealed class Bucket(double tokens, long lastRefill)
    {
        public double Tokens { get; set; } = tokens;
        public long LastRefill { get; set; } = lastRefill;
    }
}
