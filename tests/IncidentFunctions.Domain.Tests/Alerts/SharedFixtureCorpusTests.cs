using System.Text.Json;
using IncidentFunctions.Domain.Alerts;
using Xunit.Abstractions;

namespace IncidentFunctions.Domain.Tests.Alerts;

/// <summary>
/// Runs the parsers over the team's shared corpus of real and documented webhook bodies (shared/fixtures beside the
/// repository, or INCIDENT_FIXTURES_DIR). Known files have their normalised fields pinned; a file added later to a
/// parsed folder must at least parse. The corpus is read in place, never copied into the repository.
/// </summary>
public sealed class SharedFixtureCorpusTests(ITestOutputHelper output)
{
    private const string EnvironmentVariable = "INCIDENT_FIXTURES_DIR";
    private const string Placeholder = "(no fixtures)";

    private static readonly Dictionary<string, IAlertParser> ParserByFolder = new(StringComparer.Ordinal)
    {
        ["alertmanager"] = new AlertmanagerAlertParser(),
        ["grafana"] = new GrafanaAlertParser(),
        ["azure-monitor"] = new AzureMonitorAlertParser(),
        ["datadog"] = new DatadogAlertParser(),
        ["pagerduty"] = new PagerDutyEventParser(() => "generated-by-test"),
        ["opsgenie"] = new OpsgenieWebhookParser(),
    };

    /// <summary>Files in a parsed folder that are not alert bodies (PagerDuty's responses and its limits table).</summary>
    private static bool IsNotARequestBody(string folder, string file) =>
        folder == "pagerduty" && (file.Contains("-response-", StringComparison.Ordinal) || file.Contains("limits", StringComparison.Ordinal));

    private static readonly Lazy<string?> Root = new(FindFixtures);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var files = Root.Value is { } root
            ? ParserByFolder.Keys
                .Where(folder => Directory.Exists(Path.Combine(root, folder)))
                .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.json")
                    .Select(path => $"{folder}/{Path.GetFileName(path)}")
                    .Where(name => !IsNotARequestBody(folder, Path.GetFileName(name))))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

        // xunit 2 fails a theory with no rows, and cannot skip one at run time.
        foreach (var file in files.DefaultIfEmpty(Placeholder))
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void The_shared_fixture_corpus_is_located_or_its_absence_reported()
    {
        if (Root.Value is { } root)
        {
            output.WriteLine($"shared fixtures at {root}");
            Assert.True(Directory.Exists(root));
        }
        else
        {
            output.WriteLine($"shared fixtures not found at {string.Join(", ", Candidates())}; fixture corpus not run");
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_parses_to_the_expected_alerts(string file)
    {
        if (file == Placeholder)
        {
            output.WriteLine("shared fixtures not found; fixture corpus not run");
            return;
        }

        var folder = file[..file.IndexOf('/', StringComparison.Ordinal)];
        var bytes = File.ReadAllBytes(Path.Combine(Root.Value!, file));
        var parser = ParserByFolder[folder];
        var result = parser.Parse(bytes);
        var pagerDuty = parser is PagerDutyEventParser pd ? pd.ParseEvent(bytes) : null;
        output.WriteLine(result.Error is { } e ? $"error at {e.Field}: {e.Problem}" : $"{result.Alerts.Count} alert(s)");

        if (Expectations.TryGetValue(file, out var expect))
        {
            expect(new Outcome(result, pagerDuty?.Event));
            return;
        }

        output.WriteLine($"{file} is new to this test: checking only that it parses");
        Assert.Null(result.Error);
        Assert.NotEmpty(result.Alerts);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Alertmanager_fixture_fingerprints_are_the_label_fingerprint(string file)
    {
        if (file == Placeholder || !file.StartsWith("alertmanager/", StringComparison.Ordinal))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root.Value!, file)));
        foreach (var alert in document.RootElement.GetProperty("alerts").EnumerateArray())
        {
            var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            if (alert.TryGetProperty("fingerprint", out var fingerprint))
            {
                Assert.Equal(fingerprint.GetString(), LabelFingerprint.Compute(labels));
            }
        }
    }

    private sealed record Outcome(AlertParseResult Result, PagerDutyEvent? PagerDutyEvent)
    {
        public IReadOnlyList<NormalizedAlert> Alerts => Result.Valid();

        public NormalizedAlert Single => Result.Single();
    }

    private static readonly Dictionary<string, Action<Outcome>> Expectations = new(StringComparer.Ordinal)
    {
        ["opsgenie/create.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("alert-alias", AlertStatus.Firing, "another alert", "P3", AlertSeverity.Warning, "Server"),
                (a.DedupKey, a.Status, a.Title, a.SourceSeverity, a.Severity, a.Source));
            Assert.Equal("vip", a.Labels["tags"]);
        },
        ["opsgenie/acknowledge.json"] = o => Assert.Equal(("aliastest", AlertStatus.Acknowledged, "test alert"), (o.Single.DedupKey, o.Single.Status, o.Single.Title)),
        ["opsgenie/close.json"] = o => Assert.Equal(("aliastest", AlertStatus.Resolved), (o.Single.DedupKey, o.Single.Status)),
        ["alertmanager/firing-one-alert-am-0.21-wire.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("8a07086b74f3ba78", AlertStatus.Firing, AlertSeverity.Critical, "This is a demo"), (a.DedupKey, a.Status, a.Severity, a.Title));
            Assert.Equal(new DateTimeOffset(2021, 1, 7, 8, 38, 0, TimeSpan.Zero).AddTicks(328_130), a.StartsAt);
            Assert.Null(a.EndsAt);
            Assert.Equal(["Source", "Alertmanager"], a.Links.Select(l => l.Text));
            Assert.Equal("http://n3:9093", a.Links[1].Href);
        },
        ["alertmanager/firing-three-alerts-am-capture.json"] = o =>
        {
            Assert.Equal(["72a2002704e27a2e", "ba18df1a61fe8e0b", "5a6e9db40eb24b04"], o.Alerts.Select(a => a.DedupKey));
            Assert.All(o.Alerts, a => Assert.Equal((AlertStatus.Firing, "444", AlertSeverity.Warning, "exception"), (a.Status, a.Title, a.Severity, a.SourceSeverity)));
            Assert.Equal("主机CPU使用率", o.Alerts[0].Labels["alertname"]);
            Assert.Equal("k8s-node2:9101", o.Alerts[1].Source);
            Assert.Equal(new DateTimeOffset(2023, 3, 25, 6, 39, 51, TimeSpan.Zero).AddTicks(6_894_330), o.Alerts[0].StartsAt);
            Assert.Equal(TimeSpan.FromHours(8), o.Alerts[0].StartsAt!.Value.Offset);
        },
        ["alertmanager/firing-two-alerts.json"] = o =>
        {
            Assert.Equal(["f404ecabc8dd5cd7", "f8f08d4e32c61a9d"], o.Alerts.Select(a => a.DedupKey));
            Assert.Equal(["Instance localhost:8081 down", "Instance localhost:8082 down"], o.Alerts.Select(a => a.Title));
            Assert.All(o.Alerts, a => Assert.Equal((AlertStatus.Firing, AlertSeverity.Critical), (a.Status, a.Severity)));
            Assert.All(o.Alerts, a => Assert.Empty(a.Links));
        },
        ["alertmanager/legacy-firing-no-fingerprint.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("88cbf0084cf27726", AlertStatus.Firing, AlertSeverity.Critical, "Fire"), (a.DedupKey, a.Status, a.Severity, a.Title));
            Assert.Equal("Something is on fire", a.Description);
            Assert.Equal(new DateTimeOffset(2018, 11, 4, 22, 43, 58, TimeSpan.FromHours(1)).AddTicks(2_839_951), a.StartsAt);
            Assert.Null(a.EndsAt);
        },
        ["alertmanager/legacy-resolved-no-fingerprint.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("88cbf0084cf27726", AlertStatus.Resolved), (a.DedupKey, a.Status));
            Assert.Equal(new DateTimeOffset(2018, 11, 4, 22, 48, 13, TimeSpan.FromHours(1)).AddTicks(2_839_951), a.EndsAt);
        },
        ["alertmanager/resolved-am-capture.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("20453f227ff62f33", AlertStatus.Resolved, AlertSeverity.Warning), (a.DedupKey, a.Status, a.Severity));
            Assert.Null(a.SourceSeverity);
            Assert.Equal("Grafana进程存活 (k8s-node1:3000)", a.Title);
            Assert.Equal(new DateTimeOffset(2023, 3, 25, 15, 27, 51, TimeSpan.FromHours(8)).AddTicks(396_251), a.EndsAt);
        },

        ["grafana/default-payload-template-test.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("fac0861a85de433a", AlertStatus.Firing, "alert1"), (a.DedupKey, a.Status, a.Title));
            Assert.Null(a.StartsAt);
            Assert.Equal(["Source", "Silence", "Grafana"], a.Links.Select(l => l.Text));
        },
        ["grafana/firing-two-alerts-docs.json"] = o =>
        {
            Assert.Equal(["c6eadffa33fcdf37", "bc97ff14869b13e3"], o.Alerts.Select(a => a.DedupKey));
            Assert.Equal(["This alert was triggered for zone us-1", "This alert was triggered for zone eu-1"], o.Alerts.Select(a => a.Title));
            Assert.All(o.Alerts, a => Assert.Equal(AlertStatus.Firing, a.Status));
            Assert.Contains(new AlertLink("https://myrunbook.com/runbook/1234", "Runbook"), o.Alerts[0].Links);
            Assert.Equal(new DateTimeOffset(2021, 10, 12, 9, 51, 3, TimeSpan.FromHours(2)).AddTicks(1_570_760), o.Alerts[0].StartsAt);
        },
        ["grafana/firing-values-v11.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("e6349a25f5ef0e9e", AlertStatus.Firing, "High memory usage"), (a.DedupKey, a.Status, a.Title));
            Assert.StartsWith("[ var='A' labels={instance=node_exporter:9100, job=node}", a.Description);
            Assert.Equal(["Source", "Dashboard", "Panel", "Silence", "Image", "Grafana"], a.Links.Select(l => l.Text));
            Assert.Equal("https://play.grafana.org/d/ece9fb32-7f71-4be9-bd94-2f23608ae5b9?orgId=1&viewPanel=2", a.Links[2].Href);
        },
        ["grafana/mixed-firing-and-resolved.json"] = o =>
        {
            Assert.Equal(["aaafafe0953f0962", "fb31814ac93dbe7d", "6f9cd313db421ef1"], o.Alerts.Select(a => a.DedupKey));
            Assert.Equal([AlertStatus.Resolved, AlertStatus.Resolved, AlertStatus.Firing], o.Alerts.Select(a => a.Status));
            Assert.Equal("Testing **another** failing alert", o.Alerts[2].Title);
            Assert.NotNull(o.Alerts[0].EndsAt);
            Assert.Null(o.Alerts[2].EndsAt);
        },
        ["grafana/resolved.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("d8a21484c9c25a60", AlertStatus.Resolved), (a.DedupKey, a.Status));
            Assert.Equal(new DateTimeOffset(2022, 6, 17, 0, 51, 24, TimeSpan.Zero).AddTicks(673_378), a.EndsAt);
        },

        ["azure-monitor/activity-log-administrative-fired.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(AzureAlertId, a.DedupKey);
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Info, "Sev4", "test-activityLogAlertRule (test-VM)"), (a.Status, a.Severity, a.SourceSeverity, a.Title));
            Assert.Equal("Activity Log - Administrative", a.Labels["monitoringService"]);
            Assert.Equal(new DateTimeOffset(2021, 11, 16, 8, 29, 1, TimeSpan.Zero).AddTicks(2_932_462), a.StartsAt);
        },
        ["azure-monitor/log-search-v1-numresults-fired.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Info, "test-logAlertRule-v1-numResults (test-computer)"), (a.Status, a.Severity, a.Title));
            Assert.Equal("Log", a.Labels["signalType"]);
            Assert.StartsWith("https://portal.azure.com#@", Assert.Single(a.Links).Href);
        },
        ["azure-monitor/log-search-v2-fired.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Info, "test-logAlertRule-v2 (test-computer)"), (a.Status, a.Severity, a.Title));
            Assert.Equal(("value1", "value2"), (a.Labels["customKey1"], a.Labels["customKey2"]));
            Assert.Equal(2, a.Links.Count);
        },
        ["azure-monitor/metric-fired.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(AzureAlertId, a.DedupKey);
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Info, "Sev3", "test-metricAlertRule (test-storageAccount)"), (a.Status, a.Severity, a.SourceSeverity, a.Title));
            Assert.Equal("Alert rule description", a.Description);
            Assert.Equal(("value1", "test-storageAccount", "Metric"), (a.Labels["customKey1"], a.Labels["resource"], a.Labels["signalType"]));
        },
        ["azure-monitor/metric-resolved.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal("/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e", a.DedupKey);
            Assert.Equal((AlertStatus.Resolved, AlertSeverity.Info, "WCUS-R2-Gen2"), (a.Status, a.Severity, a.Title));
            Assert.Null(a.Description);
            Assert.Equal(new DateTimeOffset(2019, 3, 22, 13, 58, 24, TimeSpan.Zero).AddTicks(3_713_213), a.StartsAt);
            Assert.Equal(new DateTimeOffset(2019, 3, 22, 14, 3, 16, TimeSpan.Zero).AddTicks(2_246_313), a.EndsAt);
            Assert.Equal("Value1", a.Labels["Key1"]);
        },
        ["azure-monitor/resource-health-fired.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Info, "test-ResourceHealthAlertRule: Rebooted by user (test-VM)"), (a.Status, a.Severity, a.Title));
            Assert.False(a.Labels.ContainsKey("cause"));
        },
        ["azure-monitor/service-health-fired.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal("/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/1234abcd5678efgh1234abcd5678efgh1234abcd5678efgh1234abcd5678efgh", a.DedupKey);
            // monitorCondition says Fired although the event's own stage is Resolved: status follows monitorCondition.
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Info, "test-ServiceHealthAlertRule: Test Action Group - Test Service Health Alert"), (a.Status, a.Severity, a.Title));
            Assert.Equal(new DateTimeOffset(2021, 11, 17, 5, 34, 48, TimeSpan.Zero).AddTicks(623_172), a.StartsAt);
            Assert.Equal("ServiceHealth", a.Source);
        },

        ["datadog/default-payload-rendered-triggered.json"] = o =>
        {
            var a = o.Single;
            // Keyed by title: the event id (5485379890863845239) changes with every notification.
            Assert.Matches("^[0-9a-f]{32}$", a.DedupKey);
            Assert.Equal((AlertStatus.Firing, AlertSeverity.Error, "[Triggered] [TEST] Host Cluster Alert"), (a.Status, a.Severity, a.Title));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1591216985000), a.StartsAt);
            Assert.Equal(("service_check", "Puppet"), (a.Labels["event_type"], a.Labels["org"]));
            Assert.StartsWith("@webhook-relay-test", a.Description);
        },
        // Unrendered templates: everything is a $VARIABLE, so there is no title.
        ["datadog/default-payload-template.json"] = o => o.Result.FailsAt("title"),
        ["datadog/extended-payload-template-servicenow.json"] = o => o.Result.FailsAt("title"),

        ["pagerduty/events-v2-trigger.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("samplekeyhere", AlertStatus.Firing, AlertSeverity.Info, "Example alert on host1.example.com"), (a.DedupKey, a.Status, a.Severity, a.Title));
            Assert.Equal("monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003", a.Source);
            Assert.Equal(new DateTimeOffset(2015, 7, 17, 8, 42, 58, 315, TimeSpan.Zero), a.StartsAt);
            Assert.Equal(("postgres", "prod-datapipe", "deploy", "0.75"), (a.Labels["component"], a.Labels["group"], a.Labels["class"], a.Labels["load avg"]));
            // The image's href repeats the link's, so it appears once.
            Assert.Equal(["https://example.com/", "https://monitoring.example.com"], a.Links.Select(l => l.Href));
            Assert.Equal(("samplekeyhere", "trigger"), (o.PagerDutyEvent!.RoutingKey, o.PagerDutyEvent.EventAction));
        },
        ["pagerduty/events-v2-trigger-openapi-example.json"] = o =>
        {
            var a = o.Single;
            Assert.Equal(("srv01/mysql", AlertStatus.Firing, AlertSeverity.Critical, "DISK at 99% on machine prod-datapipe03.example.com"), (a.DedupKey, a.Status, a.Severity, a.Title));
            Assert.Equal("e93facc04764012d7bfb002500d5d1a6", o.PagerDutyEvent!.RoutingKey);
            Assert.Equal(["http://pagerduty.example.com", "https://google.com", "https://monitoring.service.com"], a.Links.Select(l => l.Href));
        },
        ["pagerduty/events-v2-acknowledge.json"] = o =>
        {
            Assert.Equal(("dedupkeyhere", AlertStatus.Acknowledged), (o.Single.DedupKey, o.Single.Status));
            Assert.Equal(("routingkeyhere", "acknowledge"), (o.PagerDutyEvent!.RoutingKey, o.PagerDutyEvent.EventAction));
        },
        ["pagerduty/events-v2-resolve.json"] = o =>
        {
            Assert.Equal(("dedupkeyhere", AlertStatus.Resolved), (o.Single.DedupKey, o.Single.Status));
            Assert.Equal(("routingkeyhere", "resolve"), (o.PagerDutyEvent!.RoutingKey, o.PagerDutyEvent.EventAction));
        },
    };

    private const string AzureAlertId = "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/12345678-1234-1234-1234-1234567890ab";

    /// <summary>
    /// INCIDENT_FIXTURES_DIR if set, else the first <c>shared/fixtures</c> found beside the test binaries or any
    /// folder above them: that reaches <c>/work/shared</c> from <c>/work/main</c>, and a CI checkout's sibling.
    /// </summary>
    private static string? FindFixtures() => Candidates().FirstOrDefault(Directory.Exists);

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            yield return Path.GetFullPath(configured);
            yield break;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "shared", "fixtures");
        }
    }
}
