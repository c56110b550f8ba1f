namespace IncidentFunctions.Testing;

/// <summary>
/// The tests waiting on a fake for something to arrive (a text, a finished call, a Slack call): a wait returns the first
/// match already there, else the next to arrive, else fails after its timeout with what did arrive. Guarded by the fake's
/// own lock, so "already there" and "arrives" cannot pass each other. Waits complete asynchronously, so completing them
/// under that lock runs no test code inside it.
/// </summary>
internal sealed class Waiters<T>(Lock gate) where T : class
{
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiting = [];

    /// <param name="alreadyThere">The first match already received, read under the lock.</param>
    /// <param name="whatArrived">The timeout's words: what did arrive.</param>
    public async Task<T> WaitAsync(Func<T, bool> match, Func<Func<T, bool>, T?> alreadyThere, TimeSpan timeout, Func<string> whatArrived)
    {
        ArgumentNullException.ThrowIfNull(match);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (alreadyThere(match) is { } existing)
            {
                return existing;
            }

            _waiting.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (gate)
            {
                _waiting.RemoveAll(w => w.Done == done);
            }

            throw new TimeoutException(whatArrived());
        }
    }

    /// <summary>Completes the waits <paramref name="item"/> matches. The caller holds the lock.</summary>
    public void Arrived(T item)
    {
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            if (_waiting[i].Match(item))
            {
                _waiting[i].Done.TrySetResult(item);
                _waiting.RemoveAt(i);
            }
        }
    }

    /// <summary>Cancels every wait (the fake is going away). The caller holds the lock.</summary>
    public void CancelAll()
    {
        foreach (var (_, done) in _waiting)
        {
            done.TrySetCanceled();
        }

        _waiting.Clear();
    }
}
