namespace IncidentFunctions.Domain.Reports;

/// <summary>One alert rule's part in one incident.</summary>
/// <param name="Rule">The dedup key or alert name the rule is known by.</param>
/// <param name="Pages">Pages sent for the incident.</param>
/// <param name="TimeToAck">Open to acknowledgement; null when nobody acknowledged.</param>
/// <param name="IsRepeat">The incident repeated an earlier one.</param>
/// <param name="Useful">The responders' verdict on the alert; null when nobody gave one.</param>
public sealed record AlertRuleFacts(
    string Service, string Rule, long IncidentNumber, int AlertCount, int Pages, TimeSpan? TimeToAck, bool IsRepeat, bool? Useful);

/// <summary>How one alert rule behaved over the period.</summary>
/// <param name="NoiseScore">See <see cref="AlertReview"/> for the formula; higher is noisier.</param>
public sealed record AlertRuleReview(
    string Service,
    string Rule,
    int Incidents,
    int Alerts,
    int Pages,
    TimeSpan? MeanTimeToAcknowledge,
    int Repeats,
    int Useful,
    int NotUseful,
    double AlertsPerIncident,
    double NoiseScore);

/// <summary>
/// Which alert rules cost responders the most for the least, to review and tune. One row per rule (service and rule
/// name, service ignoring case), noisiest first.
/// <para>
/// NoiseScore = alerts per incident + <see cref="RepeatWeight"/> × repeat incidents + <see cref="NotUsefulWeight"/> × not-useful verdicts.
/// Alerts per incident measures flapping and duplicates; a repeat means the cause was not fixed or the rule fires on
/// something nobody acts on; a responder saying "not useful" is the strongest signal, so it weighs most.
/// "Useful" verdicts are reported but do not lower the score: a useful rule can still be noisy.
/// </para>
/// </summary>
public static class AlertReview
{
    public const double RepeatWeight = 2;
    public const double NotUsefulWeight = 5;

    public static IReadOnlyList<AlertRuleReview> Compute(IEnumerable<AlertRuleFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return
        [
            .. facts
                .GroupBy(f => (Service: f.Service.ToUpperInvariant(), f.Rule))
                .Select(Review)
                .OrderByDescending(r => r.NoiseScore)
                .ThenByDescending(r => r.Alerts)
                .ThenBy(r => r.Service, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.Rule, StringComparer.Ordinal),
        ];
    }

    private static AlertRuleReview Review(IEnumerable<AlertRuleFacts> rows)
    {
        var list = rows.ToList();
        var incidents = list.Select(r => r.IncidentNumber).Distinct().Count();
        var alerts = list.Sum(r => r.AlertCount);
        var repeats = list.Where(r => r.IsRepeat).Select(r => r.IncidentNumber).Distinct().Count();
        var notUseful = list.Count(r => r.Useful == false);
        var acks = list.Where(r => r.TimeToAck is not null).Select(r => r.TimeToAck!.Value).ToList();
        var alertsPerIncident = (double)alerts / incidents;
        return new AlertRuleReview(
            list[0].Service,
            list[0].Rule,
            incidents,
            alerts,
            list.Sum(r => r.Pages),
            Stats.Mean(acks),
            repeats,
            list.Count(r => r.Useful == true),
            notUseful,
            alertsPerIncident,
            alertsPerIncident + (RepeatWeight * repeats) + (NotUsefulWeight * notUseful));
    }
}
