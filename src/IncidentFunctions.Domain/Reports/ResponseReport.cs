using System.Text.Json.Serialization;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Reports;

/// <summary>One incident, as far as the response report needs to know it.</summary>
/// <param name="PagedResponders">One entry per page sent, so a responder paged twice appears twice.</param>
public sealed record IncidentFacts(
    long Number,
    string Service,
    IncidentSeverity Severity,
    DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt,
    int UpdatesOnTime,
    int UpdatesLate,
    int UpdatesMissed,
    IReadOnlyList<string> PagedResponders);

/// <summary>
/// How the response went over a period: time to acknowledge and resolve, update punctuality, and who carried the pages.
/// Times are measured from the incident's open: to acknowledgement (MTTA) and to resolution (MTTR).
/// Service and responder names are grouped ignoring case, as the configuration compares them, and shown as first seen.
/// </summary>
public sealed record ResponseReport(
    DateTimeOffset Since,
    int Incidents,
    IReadOnlyList<ResponseTimes> Times,
    UpdatePunctuality Punctuality,
    IReadOnlyList<ServicePunctuality> PunctualityByService,
    IReadOnlyList<ResponderLoad> PageLoad)
{
    /// <summary>The report over incidents opened at or after <paramref name="since"/>.</summary>
    public static ResponseReport Compute(IEnumerable<IncidentFacts> incidents, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var included = incidents.Where(i => i.OpenedAt >= since).OrderBy(i => i.OpenedAt).ThenBy(i => i.Number).ToList();

        var times = included
            .GroupBy(i => (Service: i.Service.ToUpperInvariant(), i.Severity))
            .Select(g => ResponseTimes.Of(g.First().Service, g.Key.Severity, [.. g]))
            .OrderBy(t => t.Service, StringComparer.OrdinalIgnoreCase)
            .ThenBy(t => t.Severity)
            .ToList();

        var byService = included
            .GroupBy(i => i.Service, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ServicePunctuality(g.First().Service, UpdatePunctuality.Of(g)))
            .OrderBy(s => s.Service, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var load = included
            .SelectMany(i => i.PagedResponders.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => (Responder: r.Trim(), Incident: i.Number)))
            .GroupBy(p => p.Responder, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ResponderLoad(g.First().Responder, g.Count(), g.Select(p => p.Incident).Distinct().Count()))
            .OrderByDescending(r => r.Pages)
            .ThenByDescending(r => r.Incidents)
            .ThenBy(r => r.Responder, StringComparer.OrdinalIgnoreCase)
            .ToList();

        return new ResponseReport(since, included.Count, times, UpdatePunctuality.Of(included), byService, load);
    }
}

/// <summary>Response times for one service at one severity. Means and medians are null when no incident got that far.</summary>
/// <param name="Acknowledged">Incidents that were acknowledged (the MTTA sample).</param>
/// <param name="Resolved">Incidents that were resolved (the MTTR sample).</param>
public sealed record ResponseTimes(
    string Service,
    [property: JsonConverter(typeof(CamelCaseEnumConverter<IncidentSeverity>))] IncidentSeverity Severity,
    int Incidents,
    int Acknowledged,
    int Resolved,
    TimeSpan? MeanTimeToAcknowledge,
    TimeSpan? MedianTimeToAcknowledge,
    TimeSpan? MeanTimeToResolve,
    TimeSpan? MedianTimeToResolve)
{
    internal static ResponseTimes Of(string service, IncidentSeverity severity, IReadOnlyList<IncidentFacts> incidents)
    {
        // An acknowledgement or resolution stamped before the open (clock skew between sources) counts as zero.
        var toAck = incidents.Where(i => i.AcknowledgedAt is not null).Select(i => NotNegative(i.AcknowledgedAt!.Value - i.OpenedAt)).ToList();
        var toResolve = incidents.Where(i => i.ResolvedAt is not null).Select(i => NotNegative(i.ResolvedAt!.Value - i.OpenedAt)).ToList();
        return new ResponseTimes(service, severity, incidents.Count, toAck.Count, toResolve.Count,
            Stats.Mean(toAck), Stats.Median(toAck), Stats.Mean(toResolve), Stats.Median(toResolve));
    }

    private static TimeSpan NotNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}

/// <summary>Status updates: posted on time, posted late, or never posted.</summary>
public sealed record UpdatePunctuality(int OnTime, int Late, int Missed)
{
    /// <summary>Every update that was due.</summary>
    public int Due => OnTime + Late + Missed;

    /// <summary>On time as a percentage of <see cref="Due"/> (0–100); null when none was due.</summary>
    public double? PercentOnTime => Due == 0 ? null : 100.0 * OnTime / Due;

    internal static UpdatePunctuality Of(IEnumerable<IncidentFacts> incidents)
    {
        int onTime = 0, late = 0, missed = 0;
        foreach (var i in incidents)
        {
            onTime += i.UpdatesOnTime;
            late += i.UpdatesLate;
            missed += i.UpdatesMissed;
        }

        return new UpdatePunctuality(onTime, late, missed);
    }
}

public sealed record ServicePunctuality(string Service, UpdatePunctuality Punctuality);

/// <param name="Pages">Pages sent to the responder.</param>
/// <param name="Incidents">Distinct incidents they were paged for.</param>
public sealed record ResponderLoad(string Responder, int Pages, int Incidents);

internal static class Stats
{
    public static TimeSpan? Mean(IReadOnlyList<TimeSpan> spans)
    {
        if (spans.Count == 0)
        {
            return null;
        }

        // Summed as Int128 so that many long spans cannot overflow; rounded to the nearest tick.
        Int128 total = 0;
        foreach (var span in spans)
        {
            total += span.Ticks;
        }

        return TimeSpan.FromTicks((long)((total + (spans.Count / 2)) / spans.Count));
    }

    /// <summary>The middle value; for an even count, the mean of the two middle values.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> spans)
    {
        if (spans.Count == 0)
        {
            return null;
        }

        var sorted = spans.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : Mean([sorted[middle - 1], sorted[middle]]);
    }
}
