using System.Text.RegularExpressions;

namespace IncidentFunctions.Domain.Heartbeats;

/// <summary>What a heartbeat may be, checked the same way for the configuration file and the API.</summary>
public static partial class HeartbeatLimits
{
    /// <summary>
    /// Shorter than Opsgenie's one minute so tests and demos need not wait; anything shorter than a few seconds would be
    /// a health check, not a heartbeat, and would spend a durable timer per beat.
    /// </summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);

    /// <summary>A monitor that checks in less than monthly is not watched by a heartbeat.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(31);

    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(1);

    /// <summary>Grace when none is given: a minute, or the interval itself when that is shorter.</summary>
    public static TimeSpan DefaultGrace(TimeSpan interval) => interval < TimeSpan.FromMinutes(1) ? interval : TimeSpan.FromMinutes(1);

    /// <summary>Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100: it is part of the ping URL.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    /// <summary>Why <paramref name="name"/> cannot name a heartbeat, or null.</summary>
    public static string? NameProblem(string name) => NamePattern().IsMatch(name)
        ? null
        : $"'{name}' is not a heartbeat name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters (it goes in the ping URL)";

    public static string? IntervalProblem(TimeSpan interval) =>
        interval < MinInterval ? $"must be at least {MinInterval.TotalSeconds:0}s"
        : interval > MaxInterval ? $"must be at most {MaxInterval.TotalDays:0}d"
        : null;

    public static string? GraceProblem(TimeSpan grace) =>
        grace < TimeSpan.Zero ? "must not be negative"
        : grace > MaxGrace ? $"must be at most {MaxGrace.TotalDays:0}d"
        : null;
}
