namespace IncidentFunctions.Domain.Identity;

/// <summary>
/// How often codes may be asked for: per person (so nobody's phone is flooded with codes) and per client address (so
/// one client cannot walk the list of responders). A sliding window over the times of the recent requests.
/// </summary>
public static class SignInThrottle
{
    /// <summary>Codes one person may be sent in <see cref="Window"/>.</summary>
    public const int PerPerson = 3;

    /// <summary>Code requests one client address may make in <see cref="Window"/>, whoever they name.</summary>
    public const int PerAddress = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>When the next request is allowed given the <paramref name="recent"/> ones (any order), or null if now.</summary>
    public static DateTimeOffset? NextAllowed(IEnumerable<DateTimeOffset> recent, int limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recent);
        var inWindow = recent.Where(t => t > now - Window).Order().ToList();
        return inWindow.Count < limit ? null : inWindow[inWindow.Count - limit] + Window;
    }
}
