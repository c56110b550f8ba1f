using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class GrafanaAlertParserTests
{
    private readonly GrafanaAlertParser _parser = new();

    private static JsonObject Alert(string status = "firing", string? fingerprint = "c6eadffa33fcdf37") =>
        AlertmanagerAlertParserTests.Alert(
                status: status,
                fingerprint: fingerprint,
                labels: new JsonObject { ["alertname"] = "High memory usage", ["team"] = "blue", ["grafana_folder"] = "infra" },
                annotations: new JsonObject { ["summary"] = "Memory above 90% in us-1", ["runbook_url"] = "https://runbooks.example.com/memory" },
                startsAt: "2021-10-12T09:51:03.157076+02:00")
            .Edit(a =>
            {
                a["generatorURL"] = "https://grafana.example.com/alerting/grafana/abc/view";
                a["silenceURL"] = "https://grafana.example.com/alerting/silence/new?matcher=team%3Dblue";
                a["dashboardURL"] = "https://grafana.example.com/d/mem";
                a["panelURL"] = "https://grafana.example.com/d/mem?viewPanel=2";
                a["imageURL"] = "https://grafana.example.com/render/mem.png";
                a["orgId"] = 1;
                a["values"] = new JsonObject { ["B"] = 44.2, ["C"] = 1 };
                a["valueString"] = "[ var='B' labels={} value=44.2 ]";
            });

    private static JsonObject Group(params JsonObject[] alerts) =>
        AlertmanagerAlertParserTests.Group(alerts).Edit(g =>
        {
            g["externalURL"] = "https://grafana.example.com/";
            g["orgId"] = 1;
            g["title"] = "[FIRING:1] High memory usage";
            g["state"] = "alerting";
            g["message"] = "**Firing**";
        });

    private AlertParseResult Parse(JsonNode body) => _parser.Parse(body.Bytes());

    [Fact]
    public void The_fingerprint_grafana_sends_is_the_dedup_key()
    {
        var alert = Parse(Group(Alert())).Single();

        Assert.Equal("c6eadffa33fcdf37", alert.DedupKey);
        Assert.Equal("grafana", alert.Format);
    }

    [Fact]
    public void Without_a_fingerprint_the_dedup_key_is_the_label_fingerprint()
    {
        var alert = Parse(Group(Alert(fingerprint: null))).Single();

        Assert.Equal(LabelFingerprint.Compute(alert.Labels), alert.DedupKey);
    }

    [Fact]
    public void A_zero_starts_at_means_no_start_time()
    {
        var alert = Parse(Group(Alert().Edit(a => a["startsAt"] = "0001-01-01T00:00:00Z"))).Single();

        Assert.Null(alert.StartsAt);
    }

    [Fact]
    public void Start_time_keeps_its_offset()
    {
        var alert = Parse(Group(Alert())).Single();

        Assert.Equal(new DateTimeOffset(2021, 10, 12, 9, 51, 3, TimeSpan.FromHours(2)).AddTicks(1_570_760), alert.StartsAt);
    }

    [Fact]
    public void Dashboard_panel_silence_and_image_urls_become_links()
    {
        var alert = Parse(Group(Alert())).Single();

        Assert.Equal(
            [
                new AlertLink("https://grafana.example.com/alerting/grafana/abc/view", "Source"),
                new AlertLink("https://runbooks.example.com/memory", "Runbook"),
                new AlertLink("https://grafana.example.com/d/mem", "Dashboard"),
                new AlertLink("https://grafana.example.com/d/mem?viewPanel=2", "Panel"),
                new AlertLink("https://grafana.example.com/alerting/silence/new?matcher=team%3Dblue", "Silence"),
                new AlertLink("https://grafana.example.com/render/mem.png", "Image"),
                new AlertLink("https://grafana.example.com/", "Grafana"),
            ],
            alert.Links);
    }

    [Fact]
    public void Rendered_values_describe_an_alert_without_a_description()
    {
        var alert = Parse(Group(Alert())).Single();

        Assert.Equal("[ var='B' labels={} value=44.2 ]", alert.Description);
    }

    [Fact]
    public void A_description_annotation_wins_over_rendered_values()
    {
        var alert = Parse(Group(Alert().Edit(a => a["annotations"]!["description"] = "Memory is high"))).Single();

        Assert.Equal("Memory is high", alert.Description);
    }

    [Fact]
    public void A_mixed_group_keeps_each_alerts_status_and_resolved_ones_get_their_end()
    {
        var resolved = Alert(status: "resolved", fingerprint: "aaaaaaaaaaaaaaaa").Edit(a => a["endsAt"] = "2022-06-17T01:08:28.652747827Z");

        var alerts = Parse(Group(resolved, Alert(fingerprint: "bbbbbbbbbbbbbbbb"))).Valid();

        Assert.Equal([AlertStatus.Resolved, AlertStatus.Firing], alerts.Select(a => a.Status));
        Assert.Equal(new DateTimeOffset(2022, 6, 17, 1, 8, 28, TimeSpan.Zero).AddTicks(6_527_478), alerts[0].EndsAt);
    }

    [Fact]
    public void Null_values_are_accepted()
    {
        var alert = Parse(Group(Alert().Edit(a => a["values"] = null))).Single();

        Assert.Equal("Memory above 90% in us-1", alert.Title);
    }

    [Fact]
    public void A_silence_url_that_is_not_a_string_is_refused_at_that_field()
    {
        Parse(Group(Alert().Edit(a => a["silenceURL"] = 5))).FailsAt("alerts[0].silenceURL");
    }

    [Fact]
    public void A_legacy_grafana_body_without_alerts_is_refused_at_alerts()
    {
        var legacy = new JsonObject { ["ruleName"] = "CPU", ["state"] = "alerting", ["evalMatches"] = new JsonArray() };

        Parse(legacy).FailsAt("alerts");
    }
}
