using System.Text.Json;
using IncidentFunctions.Domain.Reports;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Reports.ReportTestData;

namespace IncidentFunctions.Domain.Tests.Reports;

public class ResponseReportTests
{
    [Fact]
    public void Mean_and_median_time_to_acknowledge_and_resolve_are_exact()
    {
        var report = ResponseReport.Compute(
            [Incident(1, ackMinutes: 2, resolveMinutes: 30), Incident(2, ackMinutes: 4, resolveMinutes: 60), Incident(3, ackMinutes: 12, resolveMinutes: 150)],
            T0);

        var times = Assert.Single(report.Times);
        Assert.Equal(("checkout", IncidentSeverity.Sev2, 3, 3, 3), (times.Service, times.Severity, times.Incidents, times.Acknowledged, times.Resolved));
        Assert.Equal(TimeSpan.FromMinutes(6), times.MeanTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(4), times.MedianTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(80), times.MeanTimeToResolve);
        Assert.Equal(TimeSpan.FromMinutes(60), times.MedianTimeToResolve);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        var report = ResponseReport.Compute(
            [Incident(1, ackMinutes: 1), Incident(2, ackMinutes: 2), Incident(3, ackMinutes: 5), Incident(4, ackMinutes: 100)],
            T0);

        Assert.Equal(TimeSpan.FromMinutes(3.5), report.Times[0].MedianTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(27), report.Times[0].MeanTimeToAcknowledge);
    }

    [Fact]
    public void Unacknowledged_and_unresolved_incidents_are_left_out_of_those_averages_only()
    {
        var report = ResponseReport.Compute(
            [Incident(1, ackMinutes: 3, resolveMinutes: 40), Incident(2, acknowledged: false, resolveMinutes: 90), Incident(3, ackMinutes: 7, resolved: false)],
            T0);

        var times = Assert.Single(report.Times);
        Assert.Equal((3, 2, 2), (times.Incidents, times.Acknowledged, times.Resolved));
        Assert.Equal(TimeSpan.FromMinutes(5), times.MeanTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(65), times.MeanTimeToResolve);
    }

    [Fact]
    public void A_group_with_nothing_acknowledged_has_no_averages()
    {
        var times = Assert.Single(ResponseReport.Compute([Incident(1, acknowledged: false, resolved: false)], T0).Times);

        Assert.Null(times.MeanTimeToAcknowledge);
        Assert.Null(times.MedianTimeToAcknowledge);
        Assert.Null(times.MeanTimeToResolve);
        Assert.Null(times.MedianTimeToResolve);
    }

    [Fact]
    public void Times_are_grouped_by_service_and_severity_in_name_then_severity_order()
    {
        var report = ResponseReport.Compute(
            [
                Incident(1, service: "payments", severity: IncidentSeverity.Sev1, ackMinutes: 1),
                Incident(2, service: "checkout", severity: IncidentSeverity.Sev3, ackMinutes: 10),
                Incident(3, service: "Checkout", severity: IncidentSeverity.Sev3, ackMinutes: 20),
                Incident(4, service: "checkout", severity: IncidentSeverity.Sev1, ackMinutes: 2),
            ],
            T0);

        Assert.Equal(
            [("checkout", IncidentSeverity.Sev1, 1), ("checkout", IncidentSeverity.Sev3, 2), ("payments", IncidentSeverity.Sev1, 1)],
            report.Times.Select(t => (t.Service, t.Severity, t.Incidents)));
        Assert.Equal(TimeSpan.FromMinutes(15), report.Times[1].MeanTimeToAcknowledge);
    }

    [Fact]
    public void Update_punctuality_is_counted_overall_and_per_service()
    {
        var report = ResponseReport.Compute(
            [
                Incident(1, onTime: 3, late: 1),
                Incident(2, onTime: 1, late: 1, missed: 2),
                Incident(3, service: "payments", onTime: 2),
            ],
            T0);

        Assert.Equal(new UpdatePunctuality(6, 2, 2), report.Punctuality);
        Assert.Equal(10, report.Punctuality.Due);
        Assert.Equal(60.0, report.Punctuality.PercentOnTime);
        Assert.Equal(
            [new ServicePunctuality("checkout", new UpdatePunctuality(4, 2, 2)), new ServicePunctuality("payments", new UpdatePunctuality(2, 0, 0))],
            report.PunctualityByService);
        Assert.Equal(50.0, report.PunctualityByService[0].Punctuality.PercentOnTime);
        Assert.Equal(100.0, report.PunctualityByService[1].Punctuality.PercentOnTime);
    }

    [Fact]
    public void Punctuality_with_nothing_due_has_no_percentage()
    {
        Assert.Null(ResponseReport.Compute([Incident(1)], T0).Punctuality.PercentOnTime);
    }

    [Fact]
    public void Page_load_counts_pages_and_distinct_incidents_per_responder_busiest_first()
    {
        var report = ResponseReport.Compute(
            [
                Incident(1, paged: ["Alice", "Bob", "Alice"]),
                Incident(2, paged: ["bob", "Carol"]),
                Incident(3, paged: ["Alice"]),
                Incident(4, paged: ["Dave", "Bob"]),
            ],
            T0);

        Assert.Equal(
            [new ResponderLoad("Alice", 3, 2), new ResponderLoad("Bob", 3, 3), new ResponderLoad("Carol", 1, 1), new ResponderLoad("Dave", 1, 1)],
            report.PageLoad.OrderByDescending(r => r.Pages).ThenBy(r => r.Responder, StringComparer.Ordinal));
        Assert.Equal(["Bob", "Alice", "Carol", "Dave"], report.PageLoad.Select(r => r.Responder));
    }

    [Fact]
    public void Only_incidents_opened_at_or_after_since_count()
    {
        var since = T0.AddDays(2);

        var report = ResponseReport.Compute(
            [
                Incident(1, openedDay: 1, ackMinutes: 100, onTime: 5, paged: ["Alice"]),
                Incident(2, openedDay: 2, ackMinutes: 4, late: 1, paged: ["Bob"]),
                Incident(3, openedDay: 3, ackMinutes: 6, paged: ["Bob"]),
            ],
            since);

        Assert.Equal(since, report.Since);
        Assert.Equal(2, report.Incidents);
        Assert.Equal(TimeSpan.FromMinutes(5), report.Times[0].MeanTimeToAcknowledge);
        Assert.Equal(new UpdatePunctuality(0, 1, 0), report.Punctuality);
        Assert.Equal([new ResponderLoad("Bob", 2, 2)], report.PageLoad);
    }

    [Fact]
    public void An_empty_period_gives_an_empty_report()
    {
        var report = ResponseReport.Compute([Incident(1)], T0.AddDays(1));

        Assert.Equal(0, report.Incidents);
        Assert.Empty(report.Times);
        Assert.Empty(report.PunctualityByService);
        Assert.Empty(report.PageLoad);
        Assert.Equal(new UpdatePunctuality(0, 0, 0), report.Punctuality);
    }

    [Fact]
    public void A_report_serialises_with_severities_as_strings()
    {
        var json = JsonSerializer.Serialize(ResponseReport.Compute([Incident(1, onTime: 1)], T0), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Contains("\"severity\":\"sev2\"", json, StringComparison.Ordinal);
        Assert.Contains("\"percentOnTime\":100", json, StringComparison.Ordinal);
    }
}
