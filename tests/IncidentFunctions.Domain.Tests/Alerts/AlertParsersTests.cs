using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class AlertParsersTests
{
    [Fact]
    public void Every_documented_format_has_exactly_one_parser()
    {
        Assert.Equal(
            ["alertmanager", "azure-monitor", "datadog", "generic", "grafana", "opsgenie", "pagerduty"],
            AlertParsers.All.Select(p => p.Format).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("alertmanager", typeof(AlertmanagerAlertParser))]
    [InlineData("Grafana", typeof(GrafanaAlertParser))]
    [InlineData("AZURE-MONITOR", typeof(AzureMonitorAlertParser))]
    [InlineData("datadog", typeof(DatadogAlertParser))]
    [InlineData("generic", typeof(GenericAlertParser))]
    [InlineData("PagerDuty", typeof(PagerDutyEventParser))]
    public void Formats_are_found_by_name_ignoring_case(string format, Type expected)
    {
        Assert.True(AlertParsers.TryGet(format, out var parser));
        Assert.IsType(expected, parser);
    }

    [Theory]
    [InlineData("zabbix")]
    [InlineData("")]
    public void An_unknown_format_is_not_found(string format)
    {
        Assert.False(AlertParsers.TryGet(format, out var parser));
        Assert.Null(parser);
    }

    [Fact]
    public void Malformed_json_is_refused_as_a_whole_by_every_parser()
    {
        foreach (var parser in AlertParsers.All)
        {
            var error = parser.Parse(AlertJson.Utf8("""{"alerts": [}""")).FailsAt("$");
            Assert.StartsWith("body is not valid JSON: ", error.Problem);
        }
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused_as_a_whole_by_every_parser()
    {
        foreach (var parser in AlertParsers.All)
        {
            var error = parser.Parse(AlertJson.Utf8("[]")).FailsAt("$");
            Assert.Equal("body must be a JSON object, not an array", error.Problem);
        }
    }
}
