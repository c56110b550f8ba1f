using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class AzureMonitorAlertParserTests
{
    private const string AlertId = "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.AlertsManagement/alerts/0a0a0a0a-0000-0000-0000-000000000001";
    private const string VmId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-shop/providers/microsoft.compute/virtualmachines/vm-web-01";

    private readonly AzureMonitorAlertParser _parser = new();

    private static JsonObject Essentials(
        string severity = "Sev2",
        string monitorCondition = "Fired",
        string signalType = "Metric",
        string monitoringService = "Platform") => new()
    {
        ["alertId"] = AlertId,
        ["alertRule"] = "cpu-high",
        ["severity"] = severity,
        ["signalType"] = signalType,
        ["monitorCondition"] = monitorCondition,
        ["monitoringService"] = monitoringService,
        ["alertTargetIDs"] = new JsonArray(VmId),
        ["configurationItems"] = new JsonArray("vm-web-01"),
        ["originAlertId"] = "origin-1",
        ["firedDateTime"] = "2024-03-01T10:00:00.1234567Z",
        ["description"] = "CPU above 90%",
        ["essentialsVersion"] = "1.0",
        ["alertContextVersion"] = "1.0",
    };

    private static JsonObject MetricContext() => new()
    {
        ["properties"] = new JsonObject { ["team"] = "shop" },
        ["conditionType"] = "SingleResourceMultipleMetricCriteria",
        ["condition"] = new JsonObject
        {
            ["windowSize"] = "PT5M",
            ["allOf"] = new JsonArray(new JsonObject { ["metricName"] = "Percentage CPU", ["operator"] = "GreaterThan", ["threshold"] = "90", ["metricValue"] = 97.5 }),
        },
    };

    private static JsonObject Body(JsonObject? essentials = null, JsonObject? context = null, JsonObject? customProperties = null)
    {
        var data = new JsonObject { ["essentials"] = essentials ?? Essentials(), ["alertContext"] = context ?? MetricContext() };
        if (customProperties is not null)
        {
            data["customProperties"] = customProperties;
        }

        return new JsonObject { ["schemaId"] = "azureMonitorCommonAlertSchema", ["data"] = data };
    }

    private AlertParseResult Parse(JsonNode body) => _parser.Parse(body.Bytes());

    [Fact]
    public void A_fired_metric_alert_is_keyed_by_its_alert_id()
    {
        var alert = Parse(Body()).Single();

        Assert.Equal("azure-monitor", alert.Format);
        Assert.Equal(AlertId, alert.DedupKey);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("cpu-high (vm-web-01)", alert.Title);
        Assert.Equal("CPU above 90%", alert.Description);
        Assert.Equal("vm-web-01", alert.Source);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), alert.StartsAt);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void A_resolved_alert_has_the_same_key_and_ends_at_its_resolved_time()
    {
        var essentials = Essentials(monitorCondition: "Resolved");
        essentials["resolvedDateTime"] = "2024-03-01T10:15:00Z";

        var alert = Parse(Body(essentials)).Single();

        Assert.Equal(AlertId, alert.DedupKey);
        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 15, 0, TimeSpan.Zero), alert.EndsAt);
    }

    [Theory]
    [InlineData("Sev0", AlertSeverity.Critical)]
    [InlineData("Sev1", AlertSeverity.Error)]
    [InlineData("Sev2", AlertSeverity.Warning)]
    [InlineData("Sev3", AlertSeverity.Info)]
    [InlineData("Sev4", AlertSeverity.Info)]
    public void Azure_severities_map_onto_the_four_levels_and_are_kept_as_written(string sev, AlertSeverity expected)
    {
        var alert = Parse(Body(Essentials(severity: sev))).Single();

        Assert.Equal(expected, alert.Severity);
        Assert.Equal(sev, alert.SourceSeverity);
    }

    [Fact]
    public void Labels_are_the_rule_signal_service_target_and_custom_properties()
    {
        var alert = Parse(Body(customProperties: new JsonObject { ["owner"] = "payments", ["priority"] = 2 })).Single();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["team"] = "shop",
                ["owner"] = "payments",
                ["priority"] = "2",
                ["alertRule"] = "cpu-high",
                ["signalType"] = "Metric",
                ["monitoringService"] = "Platform",
                ["resource"] = "vm-web-01",
                ["resourceId"] = VmId,
            },
            alert.Labels);
    }

    [Fact]
    public void Log_search_v1_context_gives_its_search_results_link()
    {
        var context = new JsonObject
        {
            ["SearchQuery"] = "Heartbeat",
            ["ResultCount"] = 3,
            ["LinkToSearchResults"] = "https://portal.azure.com/#blade/logs/q/1",
            ["LinkToFilteredSearchResultsUI"] = "https://portal.azure.com/#blade/logs/q/filtered",
            ["AlertType"] = "Number of results",
        };

        var alert = Parse(Body(Essentials(signalType: "Log", monitoringService: "Log Analytics"), context)).Single();

        Assert.Equal("https://portal.azure.com/#blade/logs/q/filtered", alert.Links[0].Href);
        Assert.Equal("Log", alert.Labels["signalType"]);
    }

    [Fact]
    public void Log_search_v2_context_gives_links_per_condition_and_its_custom_properties()
    {
        var context = new JsonObject
        {
            ["properties"] = new JsonObject { ["customKey1"] = "value1" },
            ["conditionType"] = "LogQueryCriteria",
            ["condition"] = new JsonObject
            {
                ["allOf"] = new JsonArray(new JsonObject
                {
                    ["searchQuery"] = "Heartbeat",
                    ["metricMeasureColumn"] = null,
                    ["linkToSearchResultsUI"] = "https://portal.azure.com/#logs/ui",
                    ["linkToFilteredSearchResultsUI"] = "https://portal.azure.com/#logs/filtered",
                }),
            },
        };

        var alert = Parse(Body(Essentials(signalType: "Log", monitoringService: "Log Alerts V2"), context)).Single();

        Assert.Equal(["https://portal.azure.com/#logs/filtered", "https://portal.azure.com/#logs/ui"], alert.Links.Select(l => l.Href));
        Assert.Equal("value1", alert.Labels["customKey1"]);
    }

    [Fact]
    public void Activity_log_event_properties_are_not_mistaken_for_custom_properties()
    {
        var context = new JsonObject
        {
            ["channels"] = "Operation",
            ["eventSource"] = "Administrative",
            ["operationName"] = "Microsoft.Compute/virtualMachines/restart/action",
            ["properties"] = new JsonObject { ["eventCategory"] = "Administrative", ["message"] = "restart" },
            ["status"] = "Succeeded",
        };

        var alert = Parse(Body(Essentials(signalType: "Activity Log", monitoringService: "Activity Log - Administrative"), context)).Single();

        Assert.False(alert.Labels.ContainsKey("eventCategory"));
        Assert.Equal(AlertStatus.Firing, alert.Status);
    }

    [Fact]
    public void Resource_health_title_says_what_happened()
    {
        var context = new JsonObject
        {
            ["eventSource"] = "ResourceHealth",
            ["properties"] = new JsonObject { ["title"] = "Rebooted by user", ["currentHealthStatus"] = "Unavailable", ["details"] = null },
        };

        var alert = Parse(Body(Essentials(signalType: "Activity Log", monitoringService: "Resource Health"), context)).Single();

        Assert.Equal("cpu-high: Rebooted by user (vm-web-01)", alert.Title);
    }

    [Fact]
    public void Service_health_fired_time_without_a_zone_is_utc_and_a_subscription_target_is_no_resource()
    {
        var essentials = Essentials(severity: "Sev4", signalType: "Activity Log", monitoringService: "ServiceHealth");
        essentials["firedDateTime"] = "2021-11-17T05:34:48.0623172";
        essentials["alertTargetIDs"] = new JsonArray("/subscriptions/00000000-0000-0000-0000-000000000001");
        essentials.Remove("configurationItems");
        var context = new JsonObject
        {
            ["channels"] = 1,
            ["eventSource"] = 2,
            ["level"] = 3,
            ["properties"] = new JsonObject { ["title"] = "Storage outage in West Europe", ["stage"] = "Active" },
        };

        var alert = Parse(Body(essentials, context)).Single();

        Assert.Equal(new DateTimeOffset(2021, 11, 17, 5, 34, 48, TimeSpan.Zero).AddTicks(623_172), alert.StartsAt);
        Assert.Equal("cpu-high: Storage outage in West Europe", alert.Title);
        Assert.Equal("ServiceHealth", alert.Source);
        Assert.False(alert.Labels.ContainsKey("resource"));
    }

    [Fact]
    public void An_alert_without_alert_id_is_refused_at_that_field()
    {
        var essentials = Essentials();
        essentials.Remove("alertId");

        Parse(Body(essentials)).FailsAt("data.essentials.alertId");
    }

    [Fact]
    public void An_alert_id_that_is_not_a_string_is_refused_at_that_field()
    {
        var essentials = Essentials();
        essentials["alertId"] = 12;

        Parse(Body(essentials)).FailsAt("data.essentials.alertId");
    }

    [Fact]
    public void A_body_without_data_is_refused_at_data()
    {
        Parse(new JsonObject { ["schemaId"] = "azureMonitorCommonAlertSchema" }).FailsAt("data");
    }

    [Fact]
    public void A_body_without_essentials_is_refused_at_essentials()
    {
        Parse(new JsonObject { ["data"] = new JsonObject { ["alertContext"] = new JsonObject() } }).FailsAt("data.essentials");
    }

    [Fact]
    public void A_non_common_schema_is_refused_at_schema_id()
    {
        var error = Parse(Body().Edit(b => b["schemaId"] = "AzureMonitorMetricAlert")).FailsAt("schemaId");

        Assert.Contains("common alert schema", error.Problem);
    }

    [Fact]
    public void An_unknown_monitor_condition_is_refused_at_that_field()
    {
        Parse(Body(Essentials(monitorCondition: "Flapping"))).FailsAt("data.essentials.monitorCondition");
    }

    [Fact]
    public void Target_ids_that_are_not_strings_are_refused_at_the_item()
    {
        var essentials = Essentials();
        essentials["alertTargetIDs"] = new JsonArray(VmId, 7);

        Parse(Body(essentials)).FailsAt("data.essentials.alertTargetIDs[1]");
    }
}
