using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class PagerDutyEventParserTests
{
    private const string RoutingKey = "sample-checkout-key";

    private readonly PagerDutyEventParser _parser = new(() => "generated-key-0001");

    private static JsonObject TriggerEvent() => new()
    {
        ["routing_key"] = RoutingKey,
        ["event_action"] = "trigger",
        ["dedup_key"] = "db1/disk",
        ["payload"] = new JsonObject
        {
            ["summary"] = "Disk 95% full on db1",
            ["source"] = "db1.example.com",
            ["severity"] = "error",
            ["timestamp"] = "2024-06-01T08:42:58.315+0000",
            ["component"] = "postgres",
            ["group"] = "prod-db",
            ["class"] = "disk",
            ["custom_details"] = new JsonObject { ["free"] = "5%", ["inodes"] = 0.4, ["mounts"] = new JsonArray("/", "/var") },
        },
        ["links"] = new JsonArray(new JsonObject { ["href"] = "https://wiki.example.com/disk", ["text"] = "Runbook" }),
        ["images"] = new JsonArray(new JsonObject { ["src"] = "https://charts.example.com/disk.png", ["alt"] = "Disk chart" }),
        ["client"] = "Nagios",
        ["client_url"] = "https://nagios.example.com",
    };

    private static JsonObject FollowUp(string action, string? dedupKey = "db1/disk")
    {
        var body = new JsonObject { ["routing_key"] = RoutingKey, ["event_action"] = action };
        if (dedupKey is not null)
        {
            body["dedup_key"] = dedupKey;
        }

        return body;
    }

    private PagerDutyParseResult ParseEvent(JsonNode body) => _parser.ParseEvent(body.Bytes());

    private static PagerDutyEvent Valid(PagerDutyParseResult result)
    {
        Assert.Null(result.Error);
        return Assert.IsType<PagerDutyEvent>(result.Event);
    }

    private static void FailsAt(PagerDutyParseResult result, string field)
    {
        Assert.Null(result.Event);
        Assert.Equal(field, Assert.IsType<AlertParseError>(result.Error).Field);
    }

    [Fact]
    public void A_trigger_becomes_a_firing_alert_with_its_routing_key()
    {
        var ev = Valid(ParseEvent(TriggerEvent()));
        var alert = ev.Alert;

        Assert.Equal(RoutingKey, ev.RoutingKey);
        Assert.Equal("trigger", ev.EventAction);
        Assert.Equal("pagerduty", alert.Format);
        Assert.Equal("db1/disk", alert.DedupKey);
        Assert.Equal("Disk 95% full on db1", alert.Title);
        Assert.Equal(AlertSeverity.Error, alert.Severity);
        Assert.Equal("error", alert.SourceSeverity);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("db1.example.com", alert.Source);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 8, 42, 58, 315, TimeSpan.Zero), alert.StartsAt);
    }

    [Fact]
    public void Component_group_class_and_custom_details_become_labels()
    {
        var alert = Valid(ParseEvent(TriggerEvent())).Alert;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["free"] = "5%",
                ["inodes"] = "0.4",
                ["mounts"] = """["/","/var"]""",
                ["component"] = "postgres",
                ["group"] = "prod-db",
                ["class"] = "disk",
            },
            alert.Labels);
    }

    [Fact]
    public void Links_images_and_the_client_url_become_links()
    {
        var alert = Valid(ParseEvent(TriggerEvent())).Alert;

        Assert.Equal(
            [
                new AlertLink("https://wiki.example.com/disk", "Runbook"),
                new AlertLink("https://charts.example.com/disk.png", "Disk chart"),
                new AlertLink("https://nagios.example.com", "Nagios"),
            ],
            alert.Links);
    }

    [Fact]
    public void A_trigger_without_dedup_key_gets_a_generated_one()
    {
        var body = TriggerEvent().Edit(b => b.Remove("dedup_key"));

        Assert.Equal("generated-key-0001", Valid(ParseEvent(body)).Alert.DedupKey);
    }

    [Fact]
    public void The_default_generated_key_is_32_hex_digits_and_differs_each_time()
    {
        var parser = new PagerDutyEventParser();
        var body = TriggerEvent().Edit(b => b.Remove("dedup_key")).Bytes();

        var first = parser.ParseEvent(body).Event!.Alert.DedupKey;
        var second = parser.ParseEvent(body).Event!.Alert.DedupKey;

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Acknowledge_names_the_alert_by_dedup_key_and_acknowledges_it()
    {
        var ev = Valid(ParseEvent(FollowUp("acknowledge")));

        Assert.Equal("acknowledge", ev.EventAction);
        Assert.Equal("db1/disk", ev.Alert.DedupKey);
        Assert.Equal(AlertStatus.Acknowledged, ev.Alert.Status);
    }

    [Fact]
    public void Resolve_resolves_the_alert()
    {
        var ev = Valid(ParseEvent(FollowUp("resolve")));

        Assert.Equal(AlertStatus.Resolved, ev.Alert.Status);
        Assert.Equal(RoutingKey, ev.RoutingKey);
    }

    [Fact]
    public void Parse_gives_the_same_alert_as_parse_event()
    {
        var bytes = TriggerEvent().Bytes();

        Assert.Equal(_parser.ParseEvent(bytes).Event!.Alert.DedupKey, _parser.Parse(bytes).Single().DedupKey);
    }

    [Fact]
    public void A_summary_of_exactly_1024_characters_is_accepted()
    {
        var body = TriggerEvent().Edit(b => b["payload"]!["summary"] = new string('x', 1024));

        Valid(ParseEvent(body));
    }

    [Fact]
    public void A_routing_key_of_any_length_is_accepted_because_it_is_our_integration_key()
    {
        Assert.Equal("k", Valid(ParseEvent(TriggerEvent().Edit(b => b["routing_key"] = "k"))).RoutingKey);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "payload.summary", """{"payload": {"source": "s", "severity": "info"}}""" },
        { "payload.summary", """{"payload": {"summary": "   ", "source": "s", "severity": "info"}}""" },
        { "payload.summary", $$$"""{"payload": {"summary": "{{{new string('x', 1025)}}}", "source": "s", "severity": "info"}}""" },
        { "payload.source", """{"payload": {"summary": "s", "severity": "info"}}""" },
        { "payload.severity", """{"payload": {"summary": "s", "source": "s"}}""" },
        { "payload.severity", """{"payload": {"summary": "s", "source": "s", "severity": "high"}}""" },
        { "payload.severity", """{"payload": {"summary": "s", "source": "s", "severity": "Critical"}}""" },
        { "payload.timestamp", """{"payload": {"summary": "s", "source": "s", "severity": "info", "timestamp": "last tuesday"}}""" },
        { "payload.custom_details", """{"payload": {"summary": "s", "source": "s", "severity": "info", "custom_details": "text"}}""" },
        { "payload.component", """{"payload": {"summary": "s", "source": "s", "severity": "info", "component": 1}}""" },
        { "payload", """{"payload": "s"}""" },
        { "payload", """{}""" },
        { "links[0].href", """{"payload": {"summary": "s", "source": "s", "severity": "info"}, "links": [{"text": "t"}]}""" },
        { "images[0].src", """{"payload": {"summary": "s", "source": "s", "severity": "info"}, "images": [{"href": "https://x.example"}]}""" },
        { "images[0].src", """{"payload": {"summary": "s", "source": "s", "severity": "info"}, "images": [{"src": "http://x.example/a.png"}]}""" },
        { "links", """{"payload": {"summary": "s", "source": "s", "severity": "info"}, "links": "https://x.example"}""" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_trigger_pagerduty_would_refuse_is_refused_at_the_same_field(string field, string triggerFields)
    {
        var body = JsonNode.Parse(triggerFields)!.AsObject();
        body["routing_key"] = RoutingKey;
        body["event_action"] = "trigger";

        FailsAt(ParseEvent(body), field);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    public void Acknowledge_and_resolve_without_dedup_key_are_refused_at_dedup_key(string action)
    {
        FailsAt(ParseEvent(FollowUp(action, dedupKey: null)), "dedup_key");
    }

    [Fact]
    public void A_dedup_key_over_255_characters_is_refused()
    {
        FailsAt(ParseEvent(FollowUp("resolve", new string('k', 256))), "dedup_key");
        Valid(ParseEvent(FollowUp("resolve", new string('k', 255))));
    }

    [Theory]
    [InlineData("snooze")]
    [InlineData("Trigger")]
    [InlineData("")]
    public void An_unknown_event_action_is_refused_at_event_action(string action)
    {
        FailsAt(ParseEvent(TriggerEvent().Edit(b => b["event_action"] = action)), "event_action");
    }

    [Fact]
    public void A_missing_event_action_is_refused_at_event_action()
    {
        FailsAt(ParseEvent(TriggerEvent().Edit(b => b.Remove("event_action"))), "event_action");
    }

    [Fact]
    public void A_missing_routing_key_is_refused_at_routing_key()
    {
        FailsAt(ParseEvent(TriggerEvent().Edit(b => b.Remove("routing_key"))), "routing_key");
    }

    [Fact]
    public void An_event_over_512_kilobytes_is_refused_as_a_whole()
    {
        var body = TriggerEvent().Edit(b => b["payload"]!["custom_details"] = new JsonObject { ["blob"] = new string('x', 512 * 1024) });

        FailsAt(ParseEvent(body), "$");
    }

    [Fact]
    public void Malformed_json_is_refused_as_a_whole()
    {
        var result = _parser.ParseEvent(AlertJson.Utf8("""{"routing_key": """));

        FailsAt(result, "$");
        Assert.StartsWith("body is not valid JSON", result.Error!.Problem);
    }
}
