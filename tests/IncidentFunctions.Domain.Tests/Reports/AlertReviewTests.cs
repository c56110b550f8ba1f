using IncidentFunctions.Domain.Reports;
using static IncidentFunctions.Domain.Tests.Reports.ReportTestData;

namespace IncidentFunctions.Domain.Tests.Reports;

public class AlertReviewTests
{
    [Fact]
    public void Each_rule_is_summed_over_its_incidents()
    {
        var review = AlertReview.Compute(
        [
            Rule("disk-full", 1, alerts: 4, pages: 2, ackMinutes: 4, useful: true),
            Rule("disk-full", 2, alerts: 8, pages: 1, ackMinutes: null, repeat: true, useful: false),
            Rule("disk-full", 3, alerts: 3, pages: 3, ackMinutes: 10),
        ]);

        var rule = Assert.Single(review);
        Assert.Equal(("checkout", "disk-full", 3, 15, 6), (rule.Service, rule.Rule, rule.Incidents, rule.Alerts, rule.Pages));
        Assert.Equal(TimeSpan.FromMinutes(7), rule.MeanTimeToAcknowledge);
        Assert.Equal((1, 1, 1), (rule.Repeats, rule.Useful, rule.NotUseful));
        Assert.Equal(5.0, rule.AlertsPerIncident);
    }

    [Fact]
    public void The_noise_score_is_alerts_per_incident_plus_weighted_repeats_and_not_useful_verdicts()
    {
        var rule = Assert.Single(AlertReview.Compute(
        [
            Rule("cpu", 1, alerts: 10, repeat: true, useful: false),
            Rule("cpu", 2, alerts: 2, repeat: true, useful: false),
            Rule("cpu", 3, alerts: 3, useful: true),
        ]));

        // 15 alerts / 3 incidents + 2 × 2 repeats + 5 × 2 not useful; the useful verdict does not lower it.
        Assert.Equal(5 + (AlertReview.RepeatWeight * 2) + (AlertReview.NotUsefulWeight * 2), rule.NoiseScore);
        Assert.Equal(19.0, rule.NoiseScore);
    }

    [Fact]
    public void Rules_come_noisiest_first()
    {
        var review = AlertReview.Compute(
        [
            Rule("quiet", 1, alerts: 1, useful: true),
            Rule("flapping", 2, alerts: 40),
            Rule("ignored", 3, alerts: 2, useful: false),
            Rule("recurring", 4, alerts: 1, repeat: true),
            Rule("recurring", 5, alerts: 1, repeat: true),
        ]);

        Assert.Equal(["flapping", "ignored", "recurring", "quiet"], review.Select(r => r.Rule));
        Assert.Equal([40.0, 7.0, 5.0, 1.0], review.Select(r => r.NoiseScore));
    }

    [Fact]
    public void The_same_rule_name_on_two_services_is_two_rules()
    {
        var review = AlertReview.Compute([Rule("cpu", 1, service: "checkout"), Rule("cpu", 2, service: "payments"), Rule("cpu", 3, service: "Payments")]);

        Assert.Equal([("payments", 2), ("checkout", 1)], review.Select(r => (r.Service, r.Incidents)));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_alerts_then_name()
    {
        var review = AlertReview.Compute(
        [
            Rule("b", 1, alerts: 2),
            Rule("b", 2, alerts: 2),
            Rule("c", 3, alerts: 2),
            Rule("a", 4, alerts: 2),
        ]);

        Assert.Equal(["b", "a", "c"], review.Select(r => r.Rule));
    }

    [Fact]
    public void A_rule_nobody_acknowledged_has_no_mean_time_to_acknowledge()
    {
        Assert.Null(Assert.Single(AlertReview.Compute([Rule("x", 1, ackMinutes: null)])).MeanTimeToAcknowledge);
    }

    [Fact]
    public void No_facts_give_an_empty_review()
    {
        Assert.Empty(AlertReview.Compute([]));
    }
}
