using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class SeverityPolicyTests
{
    private static SeverityPolicy Policy(string severitySection) => ConfigLoader.Parse(WithSection("severity", severitySection), FileName).Severity;

    // ---- defaults ----

    [Theory]
    [InlineData(AlertSeverity.Critical, IncidentSeverity.Sev1)]
    [InlineData(AlertSeverity.Error, IncidentSeverity.Sev2)]
    [InlineData(AlertSeverity.Warning, IncidentSeverity.Sev3)]
    [InlineData(AlertSeverity.Info, IncidentSeverity.Sev4)]
    public void Without_a_severity_section_each_alert_severity_maps_to_its_default(AlertSeverity alert, IncidentSeverity expected)
    {
        var policy = Valid().Severity;

        Assert.Equal(expected, policy.Map("generic", alert, null));
        Assert.Equal(expected, policy.Map("alertmanager", alert, "whatever"));
    }

    [Theory]
    [InlineData("Sev0", IncidentSeverity.Sev1)]
    [InlineData("Sev1", IncidentSeverity.Sev2)]
    [InlineData("Sev2", IncidentSeverity.Sev3)]
    [InlineData("Sev3", IncidentSeverity.Sev4)]
    [InlineData("Sev4", IncidentSeverity.Sev4)]
    public void Without_a_severity_section_azure_monitor_words_still_map_by_source(string word, IncidentSeverity expected)
    {
        // Info on purpose: the source's word must win over the normalised severity.
        Assert.Equal(expected, Valid().Severity.Map("azure-monitor", AlertSeverity.Info, word));
    }

    [Theory]
    [InlineData("P1", IncidentSeverity.Sev1)]
    [InlineData("P2", IncidentSeverity.Sev2)]
    [InlineData("P3", IncidentSeverity.Sev3)]
    [InlineData("P4", IncidentSeverity.Sev4)]
    [InlineData("P5", IncidentSeverity.Sev4)]
    public void Without_a_severity_section_datadog_priorities_still_map_by_source(string word, IncidentSeverity expected)
    {
        Assert.Equal(expected, Valid().Severity.Map("datadog", AlertSeverity.Info, word));
    }

    [Fact]
    public void The_loaded_default_policy_is_the_built_in_one()
    {
        Assert.Same(SeverityPolicy.Default, Valid().Severity);
    }

    // ---- lookup ----

    [Fact]
    public void A_source_word_the_table_does_not_know_falls_back_to_the_alert_severity()
    {
        var policy = SeverityPolicy.Default;

        Assert.Equal(IncidentSeverity.Sev2, policy.Map("datadog", AlertSeverity.Error, "triggered"));
        Assert.Equal(IncidentSeverity.Sev3, policy.Map("datadog", AlertSeverity.Warning, null));
    }

    [Fact]
    public void A_source_word_is_looked_up_only_in_its_own_format_table()
    {
        // "P1" means something to Datadog, nothing to Alertmanager; "Sev0" only to Azure Monitor.
        Assert.Equal(IncidentSeverity.Sev4, SeverityPolicy.Default.Map("alertmanager", AlertSeverity.Info, "P1"));
        Assert.Equal(IncidentSeverity.Sev3, SeverityPolicy.Default.Map("datadog", AlertSeverity.Warning, "Sev0"));
    }

    [Theory]
    [InlineData("AZURE-MONITOR", "sev0")]
    [InlineData("Azure-Monitor", "SEV0")]
    [InlineData(" azure-monitor ", " Sev0 ")]
    public void Formats_and_source_words_are_matched_ignoring_case_and_surrounding_blanks(string format, string word)
    {
        Assert.Equal(IncidentSeverity.Sev1, SeverityPolicy.Default.Map(format, AlertSeverity.Info, word));
    }

    [Fact]
    public void The_config_maps_a_normalised_alert_to_its_incident_severity()
    {
        var alert = new NormalizedAlert
        {
            Format = "azure-monitor", DedupKey = "k", Title = "CPU", Severity = AlertSeverity.Critical, SourceSeverity = "Sev3", Status = AlertStatus.Firing,
        };

        Assert.Equal(IncidentSeverity.Sev4, Valid().SeverityOf(alert));
    }

    // ---- configured ----

    [Fact]
    public void A_configured_default_overrides_only_the_alert_severities_it_names()
    {
        var policy = Policy("""{ "default": { "warning": "SEV2" } }""");

        Assert.Equal(IncidentSeverity.Sev2, policy.Map("generic", AlertSeverity.Warning, null));
        Assert.Equal(IncidentSeverity.Sev1, policy.Map("generic", AlertSeverity.Critical, null));
        Assert.Equal(IncidentSeverity.Sev4, policy.Map("generic", AlertSeverity.Info, null));
        Assert.Equal(IncidentSeverity.Sev1, policy.Map("datadog", AlertSeverity.Info, "P1"));
    }

    [Theory]
    [InlineData("SEV2")]
    [InlineData("sev2")]
    [InlineData("Sev2")]
    public void Severity_values_are_read_ignoring_case(string value)
    {
        var policy = Policy($$"""{ "default": { "critical": "{{value}}" }, "bySource": { "grafana": { "High": "{{value}}" } } }""");

        Assert.Equal(IncidentSeverity.Sev2, policy.Map("generic", AlertSeverity.Critical, null));
        Assert.Equal(IncidentSeverity.Sev2, policy.Map("grafana", AlertSeverity.Info, "high"));
    }

    [Fact]
    public void A_format_named_in_by_source_replaces_that_formats_whole_table_and_leaves_the_others()
    {
        var policy = Policy("""{ "bySource": { "Azure-Monitor": { "Sev0": "SEV2" } } }""");

        Assert.Equal(IncidentSeverity.Sev2, policy.Map("azure-monitor", AlertSeverity.Info, "Sev0"));
        Assert.Equal(IncidentSeverity.Sev4, policy.Map("azure-monitor", AlertSeverity.Info, "Sev1")); // no longer in the table
        Assert.Equal(IncidentSeverity.Sev1, policy.Map("datadog", AlertSeverity.Info, "P1"));
    }

    [Fact]
    public void An_empty_table_switches_a_formats_built_in_mapping_off()
    {
        var policy = Policy("""{ "bySource": { "datadog": {} } }""");

        Assert.Equal(IncidentSeverity.Sev3, policy.Map("datadog", AlertSeverity.Warning, "P1"));
    }

    [Fact]
    public void An_empty_severity_section_means_the_defaults()
    {
        var policy = Policy("{}");

        Assert.Equal(IncidentSeverity.Sev1, policy.Map("azure-monitor", AlertSeverity.Info, "Sev0"));
        Assert.Equal(IncidentSeverity.Sev3, policy.Map("generic", AlertSeverity.Warning, null));
    }

    // ---- validation ----

    [Theory]
    [InlineData("SEV5")]
    [InlineData("SEV0")]
    [InlineData("1")]
    [InlineData("critical")]
    [InlineData("SEV 1")]
    public void A_value_that_is_not_SEV1_to_SEV4_is_reported_at_its_path(string value)
    {
        SingleProblem(WithSection("severity", $$"""{ "default": { "critical": "{{value}}" } }"""),
            "severity.default.critical", $"'{value}' is not an incident severity; use SEV1, SEV2, SEV3 or SEV4");
    }

    [Fact]
    public void A_value_that_is_not_a_string_is_reported_with_its_type()
    {
        SingleProblem(WithSection("severity", """{ "bySource": { "datadog": { "P1": 1 } } }"""),
            "severity.bySource.datadog.P1", "must be SEV1, SEV2, SEV3 or SEV4, not a number");
    }

    [Fact]
    public void An_unknown_alert_severity_under_default_is_rejected()
    {
        SingleProblem(WithSection("severity", """{ "default": { "fatal": "SEV1" } }"""),
            "severity.default.fatal", "unknown property (expected one of: critical, error, warning, info)");
    }

    [Fact]
    public void An_unknown_format_under_by_source_is_rejected_so_typos_do_not_pass_silently()
    {
        SingleProblem(WithSection("severity", """{ "bySource": { "datadgo": { "P1": "SEV1" } } }"""),
            "severity.bySource.datadgo", "unknown alert format (expected one of: alertmanager, grafana, azure-monitor, datadog, generic, pagerduty, opsgenie)");
    }

    [Fact]
    public void A_source_word_written_twice_in_different_case_is_rejected()
    {
        SingleProblem(WithSection("severity", """{ "bySource": { "datadog": { "P1": "SEV1", "p1": "SEV2" } } }"""),
            "severity.bySource.datadog.p1", "appears more than once (source severities are case-insensitive; severity.bySource.datadog.P1 has it already)");
    }

    [Fact]
    public void A_format_written_twice_in_different_case_is_rejected()
    {
        SingleProblem(WithSection("severity", """{ "bySource": { "datadog": {}, "DataDog": {} } }"""),
            "severity.bySource.DataDog", "appears more than once (format names are case-insensitive");
    }

    [Fact]
    public void A_format_table_that_is_not_an_object_is_rejected()
    {
        SingleProblem(WithSection("severity", """{ "bySource": { "datadog": ["P1"] } }"""), "severity.bySource.datadog", "must be an object, not an array");
    }

    [Fact]
    public void A_severity_section_that_is_not_an_object_is_rejected()
    {
        SingleProblem(WithSection("severity", "\"SEV1\""), "severity", "must be an object, not a string");
    }

    [Fact]
    public void Every_severity_problem_is_reported_at_once()
    {
        var problems = ProblemsOf(WithSection("severity", """
            { "default": { "critical": "SEV0", "info": "low" },
              "bySource": { "nagios": {}, "datadog": { "P1": "SEV9", "P2": null } },
              "extra": true }
            """));

        Assert.Equal(
            ["severity.extra", "severity.default.critical", "severity.default.info", "severity.bySource.nagios", "severity.bySource.datadog.P1", "severity.bySource.datadog.P2"],
            problems.Select(p => p.Path));
    }
}
