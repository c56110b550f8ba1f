using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class AlertmanagerAlertParserTests
{
    private readonly AlertmanagerAlertParser _parser = new();

    internal static JsonObject Alert(
        string status = "firing",
        string? fingerprint = "0123456789abcdef",
        JsonObject? labels = null,
        JsonObject? annotations = null,
        string startsAt = "2024-05-01T12:00:00Z",
        string endsAt = "0001-01-01T00:00:00Z")
    {
        var alert = new JsonObject
        {
            ["status"] = status,
            ["labels"] = labels ?? new JsonObject { ["alertname"] = "DiskFull", ["instance"] = "db1:9100", ["severity"] = "critical" },
            ["annotations"] = annotations ?? new JsonObject { ["summary"] = "Disk almost full on db1" },
            ["startsAt"] = startsAt,
            ["endsAt"] = endsAt,
            ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=disk",
        };
        if (fingerprint is not null)
        {
            alert["fingerprint"] = fingerprint;
        }

        return alert;
    }

    internal static JsonObject Group(params JsonObject[] alerts) => new()
    {
        ["version"] = "4",
        ["groupKey"] = "{}:{alertname=\"DiskFull\"}",
        ["status"] = "firing",
        ["receiver"] = "incidents",
        ["groupLabels"] = new JsonObject { ["alertname"] = "DiskFull" },
        ["commonLabels"] = new JsonObject { ["alertname"] = "DiskFull" },
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://alertmanager:9093",
        ["alerts"] = new JsonArray(alerts),
    };

    private AlertParseResult Parse(JsonNode body) => _parser.Parse(body.Bytes());

    [Fact]
    public void Each_alert_of_a_group_becomes_an_alert_keyed_by_its_fingerprint()
    {
        var alerts = Parse(Group(Alert(fingerprint: "aaaaaaaaaaaaaaaa"), Alert(fingerprint: "bbbbbbbbbbbbbbbb"))).Valid();

        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], alerts.Select(a => a.DedupKey));
        Assert.All(alerts, a => Assert.Equal("alertmanager", a.Format));
    }

    [Fact]
    public void A_firing_group_can_carry_resolved_alerts_and_each_keeps_its_own_status()
    {
        var alerts = Parse(Group(
            Alert(status: "firing", fingerprint: "1111111111111111"),
            Alert(status: "resolved", fingerprint: "2222222222222222", endsAt: "2024-05-01T12:30:00Z"))).Valid();

        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
    }

    [Fact]
    public void Legacy_alertmanager_body_gets_the_fingerprint_alertmanager_would_compute()
    {
        // prometheus/common's own test vector for LabelSet.Fingerprint: 5799056148416392346 = 0x507a62d79ee76c9a.
        var labels = new JsonObject { ["name"] = "garland, briggs", ["fear"] = "love is not enough" };

        var alert = Parse(Group(Alert(fingerprint: null, labels: labels))).Single();

        Assert.Equal("507a62d79ee76c9a", alert.DedupKey);
    }

    [Fact]
    public void Legacy_firing_and_resolved_bodies_for_the_same_labels_share_a_dedup_key()
    {
        var firing = Parse(Group(Alert(status: "firing", fingerprint: null))).Single();
        var resolved = Parse(Group(Alert(status: "resolved", fingerprint: null, endsAt: "2024-05-01T13:00:00Z"))).Single();

        Assert.Equal(firing.DedupKey, resolved.DedupKey);
        Assert.Matches("^[0-9a-f]{16}$", firing.DedupKey);
    }

    [Fact]
    public void An_empty_fingerprint_is_treated_like_a_missing_one()
    {
        var alert = Parse(Group(Alert(fingerprint: ""))).Single();

        Assert.Equal(LabelFingerprint.Compute(alert.Labels), alert.DedupKey);
    }

    [Fact]
    public void Title_is_the_summary_annotation()
    {
        var alert = Parse(Group(Alert())).Single();

        Assert.Equal("Disk almost full on db1", alert.Title);
    }

    [Fact]
    public void Without_a_summary_the_title_is_the_alert_name_and_instance()
    {
        var alert = Parse(Group(Alert(annotations: new JsonObject { ["description"] = "92% used" }))).Single();

        Assert.Equal("DiskFull (db1:9100)", alert.Title);
        Assert.Equal("92% used", alert.Description);
    }

    [Fact]
    public void Without_an_instance_the_title_is_the_alert_name_alone()
    {
        var alert = Parse(Group(Alert(labels: new JsonObject { ["alertname"] = "Watchdog" }, annotations: new JsonObject()))).Single();

        Assert.Equal("Watchdog", alert.Title);
    }

    [Fact]
    public void The_message_annotation_is_the_description_when_there_is_no_description()
    {
        var alert = Parse(Group(Alert(annotations: new JsonObject { ["message"] = "Something is on fire" }))).Single();

        Assert.Equal("Something is on fire", alert.Description);
    }

    [Theory]
    [InlineData("critical", AlertSeverity.Critical)]
    [InlineData("page", AlertSeverity.Critical)]
    [InlineData("CRITICAL", AlertSeverity.Critical)]
    [InlineData("error", AlertSeverity.Error)]
    [InlineData("high", AlertSeverity.Error)]
    [InlineData("major", AlertSeverity.Error)]
    [InlineData("warning", AlertSeverity.Warning)]
    [InlineData("minor", AlertSeverity.Warning)]
    [InlineData("info", AlertSeverity.Info)]
    [InlineData("low", AlertSeverity.Info)]
    [InlineData("none", AlertSeverity.Info)]
    [InlineData("exception", AlertSeverity.Warning)]
    public void Severity_label_and_its_aliases_map_onto_the_four_levels(string label, AlertSeverity expected)
    {
        var alert = Parse(Group(Alert(labels: new JsonObject { ["alertname"] = "X", ["severity"] = label }))).Single();

        Assert.Equal(expected, alert.Severity);
        Assert.Equal(label, alert.SourceSeverity);
    }

    [Fact]
    public void An_alert_without_a_severity_label_is_a_warning_with_no_source_severity()
    {
        var alert = Parse(Group(Alert(labels: new JsonObject { ["alertname"] = "X" }))).Single();

        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Null(alert.SourceSeverity);
    }

    [Fact]
    public void Times_keep_nanosecond_precision_down_to_ticks_and_their_offsets()
    {
        var alert = Parse(Group(Alert(status: "resolved", startsAt: "2023-03-25T14:39:51.68943305+08:00", endsAt: "2023-03-25T15:27:51.039625135+08:00"))).Single();

        Assert.Equal(new DateTimeOffset(2023, 3, 25, 14, 39, 51, TimeSpan.FromHours(8)).AddTicks(6_894_330), alert.StartsAt);
        Assert.Equal(TimeSpan.FromHours(8), alert.StartsAt!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2023, 3, 25, 15, 27, 51, TimeSpan.FromHours(8)).AddTicks(396_251), alert.EndsAt);
    }

    [Fact]
    public void Alertmanagers_zero_time_means_no_time()
    {
        var alert = Parse(Group(Alert(status: "resolved", startsAt: "0001-01-01T00:00:00Z", endsAt: "0001-01-01T00:00:00Z"))).Single();

        Assert.Null(alert.StartsAt);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void A_firing_alerts_projected_end_is_not_an_end()
    {
        var alert = Parse(Group(Alert(status: "firing", endsAt: "2024-05-01T12:05:00Z"))).Single();

        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void Labels_are_the_alerts_own_labels_and_source_is_the_instance()
    {
        var alert = Parse(Group(Alert())).Single();

        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db1:9100", ["severity"] = "critical" }, alert.Labels);
        Assert.Equal("db1:9100", alert.Source);
    }

    [Fact]
    public void Links_are_the_generator_runbook_dashboard_and_alertmanager_urls()
    {
        var annotations = new JsonObject
        {
            ["summary"] = "s",
            ["runbook_url"] = "https://runbooks.example.com/disk",
            ["dashboard"] = "https://grafana.example.com/d/disk",
        };

        var alert = Parse(Group(Alert(annotations: annotations))).Single();

        Assert.Equal(
            [
                new AlertLink("http://prometheus:9090/graph?g0.expr=disk", "Source"),
                new AlertLink("https://runbooks.example.com/disk", "Runbook"),
                new AlertLink("https://grafana.example.com/d/disk", "Dashboard"),
                new AlertLink("http://alertmanager:9093", "Alertmanager"),
            ],
            alert.Links);
    }

    [Fact]
    public void Empty_urls_are_not_links()
    {
        var body = Group(Alert().Edit(a => a["generatorURL"] = "")).Edit(g => g["externalURL"] = "");

        Assert.Empty(Parse(body).Single().Links);
    }

    [Fact]
    public void A_body_without_alerts_is_refused_at_alerts()
    {
        var body = Group().Edit(g => g.Remove("alerts"));

        Parse(body).FailsAt("alerts");
    }

    [Fact]
    public void Alerts_that_is_not_an_array_is_refused_at_alerts()
    {
        Parse(Group().Edit(g => g["alerts"] = "nope")).FailsAt("alerts");
    }

    [Fact]
    public void An_empty_alerts_array_is_refused_at_alerts()
    {
        Parse(Group()).FailsAt("alerts");
    }

    [Fact]
    public void An_alert_without_labels_is_refused_at_its_labels()
    {
        Parse(Group(Alert(), Alert().Edit(a => a.Remove("labels")))).FailsAt("alerts[1].labels");
    }

    [Fact]
    public void A_label_that_is_not_a_string_is_refused_at_that_label()
    {
        Parse(Group(Alert(labels: new JsonObject { ["alertname"] = "X", ["severity"] = 3 }))).FailsAt("alerts[0].labels.severity");
    }

    [Fact]
    public void An_unknown_status_is_refused_at_the_alerts_status()
    {
        Parse(Group(Alert(status: "pending"))).FailsAt("alerts[0].status");
    }

    [Fact]
    public void An_alert_without_status_takes_the_groups_status()
    {
        var alert = Parse(Group(Alert().Edit(a => a.Remove("status"))).Edit(g => g["status"] = "resolved")).Single();

        Assert.Equal(AlertStatus.Resolved, alert.Status);
    }

    [Fact]
    public void A_time_that_is_not_rfc3339_is_refused_at_that_time()
    {
        Parse(Group(Alert(startsAt: "yesterday"))).FailsAt("alerts[0].startsAt");
    }

    [Fact]
    public void An_alert_that_is_not_an_object_is_refused_at_its_index()
    {
        var body = Group(Alert());
        body["alerts"]!.AsArray().Add(42);

        Parse(body).FailsAt("alerts[1]");
    }
}
