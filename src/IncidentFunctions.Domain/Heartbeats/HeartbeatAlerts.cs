using System.Globalization;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Postmortems;

namespace IncidentFunctions.Domain.Heartbeats;

/// <summary>
/// The alerts a heartbeat raises, so a missed heartbeat is an incident like any other (severity mapping, maintenance
/// windows, dedup, autoResolve): one firing when it is late, one resolved when it pings again.
/// </summary>
public static class HeartbeatAlerts
{
    public const string Format = "heartbeat";

    public static string DedupKey(string name) => "heartbeat:" + name;

    public static NormalizedAlert Late(Heartbeat heartbeat, DateTimeOffset now)
    {
        var last = heartbeat.LastPingAt ?? heartbeat.CountingSince;
        var definition = heartbeat.Definition;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["heartbeat"] = heartbeat.Name,
            ["lastPingAt"] = last.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["interval"] = Text(definition.Interval),
            ["grace"] = Text(definition.Grace),
        };
        if (heartbeat.LastPingFrom is { } from)
        {
            labels["lastPingFrom"] = from;
        }

        return new NormalizedAlert
        {
            Format = Format,
            DedupKey = DedupKey(heartbeat.Name),
            Title = $"No heartbeat from {heartbeat.Name} since {TimeText.Utc(last)}",
            Severity = definition.Severity,
            Status = AlertStatus.Firing,
            Description = $"{heartbeat.Name} pings every {Text(definition.Interval)} (grace {Text(definition.Grace)}); " +
                          $"the last ping came at {TimeText.Utc(last)}{(heartbeat.LastPingFrom is { } ip ? " from " + ip : "")}, and none by {TimeText.Utc(heartbeat.Deadline ?? now)}.",
            Source = Format,
            Labels = labels,
            StartsAt = heartbeat.Deadline ?? now,
        };
    }

    /// <summary>The heartbeat is back; its incident resolves if the service resolves with its alerts.</summary>
    public static NormalizedAlert Recovered(Heartbeat heartbeat, TimeSpan silentFor, DateTimeOffset now) => new()
    {
        Format = Format,
        DedupKey = DedupKey(heartbeat.Name),
        Title = $"Heartbeat from {heartbeat.Name} again after {TimeText.Short(Round(silentFor))} of silence",
        Severity = heartbeat.Definition.Severity,
        Status = AlertStatus.Resolved,
        Source = Format,
        Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["heartbeat"] = heartbeat.Name },
        EndsAt = now,
    };

    private static TimeSpan Round(TimeSpan span) => TimeSpan.FromSeconds(Math.Round(span.TotalSeconds));

    /// <summary>"5m", "1h30m", "1d", "1d12h": as the configuration and the API write it.</summary>
    public static string Text(TimeSpan span)
    {
        var days = (int)span.TotalDays;
        return new Duration(days, span - TimeSpan.FromDays(days)).ToString();
    }
}
