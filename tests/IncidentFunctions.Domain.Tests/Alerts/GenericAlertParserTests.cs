using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Alerts;

namespace IncidentFunctions.Domain.Tests.Alerts;

public sealed class GenericAlertParserTests
{
    private readonly GenericAlertParser _parser = new();

    private static JsonObject Full() => new()
    {
        ["title"] = "Checkout latency above 2s",
        ["dedupKey"] = "checkout-latency",
        ["severity"] = "critical",
        ["status"] = "firing",
        ["description"] = "p99 is 2.4s",
        ["source"] = "synthetics",
        ["labels"] = new JsonObject { ["team"] = "shop", ["region"] = "eu" },
        ["links"] = new JsonArray(new JsonObject { ["href"] = "https://status.example.com/checkout", ["text"] = "Status" }),
        ["startsAt"] = "2024-06-01T08:00:00+02:00",
        ["endsAt"] = "2024-06-01T09:00:00+02:00",
    };

    private AlertParseResult Parse(JsonNode body) => _parser.Parse(body.Bytes());

    [Fact]
    public void A_single_object_is_one_alert_with_every_documented_field()
    {
        var alert = Parse(Full()).Single();

        Assert.Equal("generic", alert.Format);
        Assert.Equal("checkout-latency", alert.DedupKey);
        Assert.Equal("Checkout latency above 2s", alert.Title);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal("critical", alert.SourceSeverity);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("p99 is 2.4s", alert.Description);
        Assert.Equal("synthetics", alert.Source);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "shop", ["region"] = "eu" }, alert.Labels);
        Assert.Equal([new AlertLink("https://status.example.com/checkout", "Status")], alert.Links);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.FromHours(2)), alert.StartsAt);
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 9, 0, 0, TimeSpan.FromHours(2)), alert.EndsAt);
    }

    [Fact]
    public void A_title_alone_is_a_firing_warning()
    {
        var alert = Parse(new JsonObject { ["title"] = "Backup failed" }).Single();

        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Null(alert.SourceSeverity);
        Assert.Empty(alert.Labels);
        Assert.Empty(alert.Links);
    }

    [Fact]
    public void Without_a_dedup_key_the_same_title_and_source_give_the_same_key()
    {
        string Key(string title, string? source) =>
            Parse(new JsonObject { ["title"] = title, ["source"] = source }).Single().DedupKey;

        Assert.Equal(Key("Backup failed", "nas-1"), Key("Backup failed", "nas-1"));
        Assert.NotEqual(Key("Backup failed", "nas-1"), Key("Backup failed", "nas-2"));
        Assert.NotEqual(Key("Backup failed", null), Key("Backup failed", "nas-1"));
        Assert.Matches("^[0-9a-f]{32}$", Key("Backup failed", null));
    }

    [Fact]
    public void A_batch_holds_one_alert_per_entry()
    {
        var body = new JsonObject
        {
            ["alerts"] = new JsonArray(Full(), new JsonObject { ["title"] = "Second", ["status"] = "resolved", ["severity"] = "info" }),
        };

        var alerts = Parse(body).Valid();

        Assert.Equal(["Checkout latency above 2s", "Second"], alerts.Select(a => a.Title));
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], alerts.Select(a => a.Status));
        Assert.Equal(AlertSeverity.Info, alerts[1].Severity);
    }

    [Theory]
    [InlineData("critical", AlertSeverity.Critical)]
    [InlineData("error", AlertSeverity.Error)]
    [InlineData("Warning", AlertSeverity.Warning)]
    [InlineData("INFO", AlertSeverity.Info)]
    public void The_four_severities_are_accepted_in_any_case(string word, AlertSeverity expected)
    {
        Assert.Equal(expected, Parse(new JsonObject { ["title"] = "t", ["severity"] = word }).Single().Severity);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """{"severity": "critical"}""", "title" },
        { """{"title": ""}""", "title" },
        { """{"title": 5}""", "title" },
        { """{"title": "t", "severity": "urgent"}""", "severity" },
        { """{"title": "t", "severity": 1}""", "severity" },
        { """{"title": "t", "status": "open"}""", "status" },
        { """{"title": "t", "dedupKey": {"a": 1}}""", "dedupKey" },
        { """{"title": "t", "labels": ["a"]}""", "labels" },
        { """{"title": "t", "labels": {"team": 7}}""", "labels.team" },
        { """{"title": "t", "links": {"href": "https://x.example"}}""", "links" },
        { """{"title": "t", "links": ["https://x.example"]}""", "links[0]" },
        { """{"title": "t", "links": [{"text": "no href"}]}""", "links[0].href" },
        { """{"title": "t", "links": [{"href": "javascript:alert(1)"}]}""", "links[0].href" },
        { """{"title": "t", "startsAt": "1 June"}""", "startsAt" },
        { """{"title": "t", "endsAt": 1717243200}""", "endsAt" },
        { """{"alerts": 5}""", "alerts" },
        { """{"alerts": []}""", "alerts" },
        { """{"alerts": [{"title": "ok"}, "x"]}""", "alerts[1]" },
        { """{"alerts": [{"title": "ok"}, {"title": "t", "severity": 3}]}""", "alerts[1].severity" },
        { """{"alerts": [{"title": "t", "severity": true}]}""", "alerts[0].severity" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_wrong_or_missing_field_is_refused_by_its_path(string body, string field)
    {
        _parser.Parse(AlertJson.Utf8(body)).FailsAt(field);
    }
}
