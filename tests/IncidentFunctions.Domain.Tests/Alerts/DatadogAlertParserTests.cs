using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class DatadogAlertParserTests
{
    private readonly DatadogAlertParser _parser = new();

    /// <summary>The integration's default payload as Datadog renders it: every value a string.</summary>
    private static JsonObject DefaultPayload(string title = "[Triggered] CPU high on web-1") => new()
    {
        ["body"] = "%%%\nCPU above 90% on web-1\n\n[[Monitor Status](https://app.datadoghq.com/monitors#1)]\n%%%",
        ["last_updated"] = "1717243200000",
        ["event_type"] = "query_alert_monitor",
        ["title"] = title,
        ["date"] = "1717243200000",
        ["org"] = new JsonObject { ["id"] = "12345", ["name"] = "Shop" },
        ["id"] = "7001",
    };

    /// <summary>A typical custom payload built from Datadog's monitor variables.</summary>
    private static JsonObject CustomPayload(string transition = "Triggered") => DefaultPayload("[P2] [Triggered on {host:web-1}] CPU high").Edit(p =>
    {
        p["alert_id"] = "42";
        p["aggreg_key"] = "a1b2c3";
        p["alert_transition"] = transition;
        p["alert_type"] = transition == "Recovered" ? "success" : "error";
        p["alert_priority"] = "P2";
        p["alert_metric"] = "system.cpu.user";
        p["alert_scope"] = "host:web-1";
        p["hostname"] = "web-1";
        p["tags"] = "env:prod,team:shop,team:ops,canary";
        p["link"] = "https://app.datadoghq.com/event/event?id=7001";
    });

    private AlertParseResult Parse(JsonNode body) => _parser.Parse(body.Bytes());

    [Fact]
    public void The_default_payload_is_keyed_by_its_title_not_its_per_event_id_and_fires()
    {
        var alert = Parse(DefaultPayload()).Single();

        Assert.Equal("datadog", alert.Format);
        Assert.Matches("^[0-9a-f]{32}$", alert.DedupKey);
        Assert.Equal(alert.DedupKey, Parse(DefaultPayload().Edit(p => p["id"] = "9999")).Single().DedupKey);
        Assert.Equal("[Triggered] CPU high on web-1", alert.Title);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(AlertSeverity.Error, alert.Severity);
        Assert.Equal("Triggered", alert.SourceSeverity);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1717243200000), alert.StartsAt);
    }

    [Fact]
    public void The_markdown_fences_are_dropped_from_the_description()
    {
        var alert = Parse(DefaultPayload()).Single();

        Assert.StartsWith("CPU above 90% on web-1", alert.Description);
        Assert.DoesNotContain("%%%", alert.Description);
    }

    [Fact]
    public void A_recovered_title_resolves_the_default_payload()
    {
        var alert = Parse(DefaultPayload("[Recovered] CPU high on web-1")).Single();

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1717243200000), alert.EndsAt);
        Assert.Null(alert.StartsAt);
    }

    [Fact]
    public void A_custom_payload_is_keyed_by_its_aggregation_key()
    {
        var alert = Parse(CustomPayload()).Single();

        Assert.Equal("a1b2c3", alert.DedupKey);
        Assert.Equal(AlertSeverity.Error, alert.Severity);
        Assert.Equal("P2", alert.SourceSeverity);
        Assert.Equal("web-1", alert.Source);
        Assert.Equal([new AlertLink("https://app.datadoghq.com/event/event?id=7001", "Datadog")], alert.Links);
    }

    [Theory]
    [InlineData("", "a1b2c3")]
    [InlineData("aggreg_key", "42")]
    [InlineData("aggreg_key,alert_id", "title hash")]
    public void The_dedup_key_falls_back_from_aggregation_key_to_alert_id_to_the_title(string removed, string expected)
    {
        var body = CustomPayload();
        foreach (var key in removed.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            body.Remove(key);
        }

        var dedupKey = Parse(body).Single().DedupKey;
        if (expected == "title hash")
        {
            Assert.Matches("^[0-9a-f]{32}$", dedupKey);
        }
        else
        {
            Assert.Equal(expected, dedupKey);
        }
    }

    [Fact]
    public void The_aggregate_field_is_an_aggregation_key_too()
    {
        var body = CustomPayload().Edit(p =>
        {
            p.Remove("aggreg_key");
            p["aggregate"] = "agg-2";
        });

        Assert.Equal("agg-2", Parse(body).Single().DedupKey);
    }

    [Fact]
    public void Without_any_id_the_dedup_key_is_a_hash_of_the_title_that_a_recovery_shares()
    {
        // The default payload's id differs per notification; it must not split the trigger from its recovery.
        var triggered = DefaultPayload("[Triggered] CPU high on web-1").Edit(p => p["id"] = "7001");
        var recovered = DefaultPayload("[Recovered] CPU high on web-1").Edit(p => p["id"] = "7002");
        var other = DefaultPayload("[Triggered] Disk full on web-1").Edit(p => p.Remove("id"));

        var key = Parse(triggered).Single().DedupKey;

        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal(key, Parse(recovered).Single().DedupKey);
        Assert.NotEqual(key, Parse(other).Single().DedupKey);
    }

    [Theory]
    [InlineData("Recovered", AlertStatus.Resolved)]
    [InlineData("Triggered", AlertStatus.Firing)]
    [InlineData("Re-Triggered", AlertStatus.Firing)]
    [InlineData("Warn", AlertStatus.Firing)]
    [InlineData("No Data", AlertStatus.Firing)]
    public void The_transition_decides_the_status(string transition, AlertStatus expected)
    {
        var body = CustomPayload(transition).Edit(p => p.Remove("alert_type"));

        Assert.Equal(expected, Parse(body).Single().Status);
    }

    [Fact]
    public void Alert_type_success_resolves()
    {
        var body = DefaultPayload().Edit(p => p["alert_type"] = "success");

        Assert.Equal(AlertStatus.Resolved, Parse(body).Single().Status);
    }

    [Theory]
    [InlineData("P1", AlertSeverity.Critical)]
    [InlineData("P2", AlertSeverity.Error)]
    [InlineData("P3", AlertSeverity.Warning)]
    [InlineData("P4", AlertSeverity.Info)]
    [InlineData("P5", AlertSeverity.Info)]
    public void Priority_maps_onto_the_four_levels(string priority, AlertSeverity expected)
    {
        var body = CustomPayload().Edit(p => p["alert_priority"] = priority);

        Assert.Equal(expected, Parse(body).Single().Severity);
    }

    [Fact]
    public void A_warn_transition_without_priority_is_a_warning()
    {
        var body = CustomPayload("Warn").Edit(p =>
        {
            p.Remove("alert_priority");
            p.Remove("alert_type");
        });

        Assert.Equal(AlertSeverity.Warning, Parse(body).Single().Severity);
    }

    [Fact]
    public void Tags_become_labels_and_a_repeated_key_keeps_every_value()
    {
        var labels = Parse(CustomPayload()).Single().Labels;

        Assert.Equal("prod", labels["env"]);
        Assert.Equal("shop,ops", labels["team"]);
        Assert.Equal("", labels["canary"]);
        Assert.Equal("system.cpu.user", labels["alert_metric"]);
        Assert.Equal("Shop", labels["org"]);
    }

    [Fact]
    public void Numbers_are_read_as_text_without_losing_digits()
    {
        var body = Utf8Body("""{"title":"[Triggered] x","alert_id":5485379890863845239,"date":1591216985000}""");

        var alert = _parser.Parse(body).Single();

        Assert.Equal("5485379890863845239", alert.DedupKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1591216985000), alert.StartsAt);
    }

    [Fact]
    public void Epoch_seconds_are_recognised()
    {
        var alert = Parse(DefaultPayload().Edit(p => p["date"] = "1591216985")).Single();

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1591216985), alert.StartsAt);
    }

    [Fact]
    public void Unrendered_variables_count_as_absent()
    {
        var body = DefaultPayload().Edit(p =>
        {
            p["aggreg_key"] = "$AGGREG_KEY";
            p["alert_id"] = "$ALERT_ID";
            p["tags"] = "$TAGS";
            p["alert_priority"] = "$ALERT_PRIORITY";
        });

        var alert = Parse(body).Single();

        Assert.Matches("^[0-9a-f]{32}$", alert.DedupKey);
        Assert.DoesNotContain(alert.Labels.Keys, k => k.StartsWith('$'));
    }

    [Fact]
    public void A_dollar_inside_text_is_not_a_variable()
    {
        var alert = Parse(DefaultPayload("[Triggered] Cost over $HOURLY budget")).Single();

        Assert.Equal("[Triggered] Cost over $HOURLY budget", alert.Title);
    }

    [Fact]
    public void An_unrendered_title_is_refused_at_title()
    {
        Parse(DefaultPayload("$EVENT_TITLE")).FailsAt("title");
    }

    [Fact]
    public void A_body_without_a_title_is_refused_at_title()
    {
        Parse(DefaultPayload().Edit(p => p.Remove("title"))).FailsAt("title");
    }

    [Fact]
    public void An_unreadable_date_is_ignored_rather_than_refused()
    {
        var alert = Parse(DefaultPayload().Edit(p => p["date"] = "soon")).Single();

        Assert.Null(alert.StartsAt);
    }

    private static byte[] Utf8Body(string raw) => AlertJson.Utf8(raw);
}
