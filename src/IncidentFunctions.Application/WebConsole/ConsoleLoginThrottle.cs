namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// Slows guessing of the admin key: after <see cref="MaxFailures"/> wrong keys within <see cref="Window"/>, sign-in
/// is refused until the oldest of them leaves the window. Counted for the whole process, not per client: behind the
/// Functions front end a client's address is not ours to trust, and a guesser can change it at will. The cost is that
/// an attack also keeps responders from signing in for up to a minute; sessions already open keep working.
/// Kept per process, like the ingestion rate limit: each scaled-out instance counts on its own.
/// </summary>
public sealed class ConsoleLoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _failures = new();
    private readonly Lock _gate = new();

    /// <summary>How long until the next attempt is allowed; null when it is allowed now.</summary>
    public TimeSpan? RetryAfter()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Forget(now);
            return _failures.Count >= MaxFailures ? _failures.Peek() + Window - now : null;
        }
    }

    public void Failed()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Forget(now);
            _failures.Enqueue(now);
        }
    }

    private void Forget(DateTimeOffset now)
    {
        while (_failures.Count > 0 && _failures.Peek() + Window <= now)
        {
            _failures.Dequeue();
        }
    }
}
