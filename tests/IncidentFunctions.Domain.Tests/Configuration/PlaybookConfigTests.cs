using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class PlaybookConfigTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    // The fixture's "checkout" service has the legacy playbookUrl https://wiki.example.com/checkout; "search" has none.
    private const string LegacyCheckoutUrl = "https://wiki.example.com/checkout";

    private static JsonObject Playbook(string? service = null, string? pattern = null, string url = "https://wiki.example.com/p", params string[] owners)
    {
        var playbook = new JsonObject();
        if (service is not null)
        {
            playbook["service"] = service;
        }

        if (pattern is not null)
        {
            playbook["alertPattern"] = pattern;
        }

        playbook["urls"] = new JsonArray(url);
        if (owners.Length > 0)
        {
            playbook["owners"] = new JsonArray([.. owners.Select(owner => (JsonNode)owner)]);
        }

        return playbook;
    }

    private static string WithPlaybooks(params JsonObject[] playbooks) => With(root => root["playbooks"] = new JsonArray(playbooks));

    private static IncidentConfig Config(params JsonObject[] playbooks) => ConfigLoader.Parse(WithPlaybooks(playbooks), FileName);

    private static IReadOnlyList<string> UrlsFor(IncidentConfig config, string service, string title, IReadOnlyDictionary<string, string>? labels = null) =>
        [.. config.FindPlaybooks(service, title, labels ?? NoLabels).SelectMany(playbook => playbook.Urls)];

    // ---- loading ----

    [Fact]
    public void Without_a_playbooks_list_there_are_no_explicit_playbooks()
    {
        Assert.Empty(Valid().Playbooks);
    }

    [Fact]
    public void A_playbook_is_read_with_all_its_fields()
    {
        var config = Load(root => root["playbooks"] = JsonNode.Parse("""
            [ { "service": "checkout", "alertPattern": "CheckoutLatency*",
                "urls": ["https://wiki.example.com/latency", "http://runbooks.internal/latency"], "owners": ["Alice", "bob"] } ]
            """));

        Assert.Equal(
            new PlaybookConfig("checkout", "CheckoutLatency*", ["https://wiki.example.com/latency", "http://runbooks.internal/latency"], ["Alice", "bob"]),
            Assert.Single(config.Playbooks));
    }

    [Fact]
    public void Owners_are_optional()
    {
        Assert.Empty(Assert.Single(Config(Playbook(service: "search")).Playbooks).Owners);
    }

    // ---- validation ----

    [Fact]
    public void A_playbook_with_neither_service_nor_pattern_is_rejected()
    {
        SingleProblem(WithPlaybooks(Playbook(service: "checkout"), Playbook()), "playbooks[1]", "must have a 'service', an 'alertPattern' or both");
    }

    [Fact]
    public void A_playbook_naming_an_unknown_service_is_rejected()
    {
        SingleProblem(WithPlaybooks(Playbook(service: "billing")), "playbooks[0].service", "no service named 'billing'");
    }

    [Fact]
    public void A_playbook_without_urls_is_rejected()
    {
        SingleProblem(With(root => root["playbooks"] = JsonNode.Parse("""[ { "service": "checkout" } ]""")), "playbooks[0].urls", "is required");
    }

    [Fact]
    public void A_playbook_with_an_empty_url_list_is_rejected()
    {
        SingleProblem(With(root => root["playbooks"] = JsonNode.Parse("""[ { "service": "checkout", "urls": [] } ]""")),
            "playbooks[0].urls", "must list at least one URL");
    }

    [Theory]
    [InlineData("wiki/checkout")]
    [InlineData("ftp://wiki.example.com/checkout")]
    [InlineData("mailto:oncall@example.com")]
    public void A_playbook_url_that_is_not_absolute_http_is_reported_at_its_index(string url)
    {
        SingleProblem(With(root => root["playbooks"] = new JsonArray(new JsonObject { ["service"] = "checkout", ["urls"] = new JsonArray("https://ok.example.com", url) })),
            "playbooks[0].urls[1]", $"'{url}' is not an absolute http(s) URL");
    }

    [Fact]
    public void A_playbook_owner_who_is_not_a_responder_is_rejected()
    {
        SingleProblem(WithPlaybooks(Playbook(service: "checkout", owners: ["Alice", "Zed"])), "playbooks[0].owners[1]", "no responder named 'Zed'");
    }

    [Fact]
    public void A_playbook_owner_listed_twice_is_rejected()
    {
        SingleProblem(WithPlaybooks(Playbook(service: "checkout", owners: ["Alice", "alice"])),
            "playbooks[0].owners[1]", "'alice' is listed twice (names are case-insensitive; playbooks[0].owners[0] has it already)");
    }

    [Fact]
    public void A_blank_alert_pattern_is_rejected()
    {
        SingleProblem(WithPlaybooks(Playbook(service: "checkout", pattern: " ")), "playbooks[0].alertPattern", "must not be empty");
    }

    [Fact]
    public void An_unknown_playbook_property_is_rejected()
    {
        SingleProblem(With(root => root["playbooks"] = JsonNode.Parse("""[ { "service": "checkout", "urls": ["https://x.example.com"], "url": "https://x.example.com" } ]""")),
            "playbooks[0].url", "unknown property (expected one of: service, alertPattern, urls, owners)");
    }

    [Fact]
    public void Every_playbook_problem_is_reported_at_once()
    {
        var problems = ProblemsOf(With(root => root["playbooks"] = JsonNode.Parse("""
            [
              { "urls": ["https://a.example.com"] },
              { "service": "billing", "alertPattern": "", "urls": ["nope"], "owners": ["Zed"] },
              { "service": "checkout", "urls": [] }
            ]
            """)));

        Assert.Equal(
            ["playbooks[0]", "playbooks[1].service", "playbooks[1].alertPattern", "playbooks[1].urls[0]", "playbooks[1].owners[0]", "playbooks[2].urls"],
            problems.Select(p => p.Path));
    }

    // ---- matching ----

    [Fact]
    public void A_service_only_playbook_matches_every_alert_of_that_service_and_no_other()
    {
        var config = Config(Playbook(service: "search", url: "https://wiki.example.com/search"));

        Assert.Equal(["https://wiki.example.com/search"], UrlsFor(config, "search", "Anything at all"));
        Assert.Equal(["https://wiki.example.com/search"], UrlsFor(config, "SEARCH", ""));
        Assert.Equal([LegacyCheckoutUrl], UrlsFor(config, "checkout", "Anything at all"));
    }

    [Fact]
    public void A_pattern_only_playbook_matches_that_alert_in_any_service()
    {
        var config = Config(Playbook(pattern: "Disk*Full", url: "https://wiki.example.com/disk"));

        Assert.Equal(["https://wiki.example.com/disk"], UrlsFor(config, "search", "Disk almost full"));
        Assert.Equal(["https://wiki.example.com/disk", LegacyCheckoutUrl], UrlsFor(config, "checkout", "DISK FULL"));
        Assert.Empty(UrlsFor(config, "search", "Disk full soon"));
    }

    [Fact]
    public void A_playbook_with_service_and_pattern_needs_both_to_match()
    {
        var config = Config(Playbook(service: "search", pattern: "Latency*", url: "https://wiki.example.com/latency"));

        Assert.Equal(["https://wiki.example.com/latency"], UrlsFor(config, "search", "LatencyHigh"));
        Assert.Empty(UrlsFor(config, "search", "ErrorRateHigh"));
        Assert.Equal([LegacyCheckoutUrl], UrlsFor(config, "checkout", "LatencyHigh"));
    }

    [Fact]
    public void A_pattern_also_matches_the_alertname_label_when_the_title_does_not()
    {
        var config = Config(Playbook(pattern: "InstanceDown", url: "https://wiki.example.com/instance"));
        var labels = new Dictionary<string, string> { ["alertname"] = "InstanceDown", ["instance"] = "localhost:8081" };

        Assert.Equal(["https://wiki.example.com/instance"], UrlsFor(config, "search", "Instance localhost:8081 down", labels));
        Assert.Empty(UrlsFor(config, "search", "Instance localhost:8081 down"));
        Assert.Empty(UrlsFor(config, "search", "Instance localhost:8081 down", new Dictionary<string, string> { ["instance"] = "InstanceDown" }));
    }

    [Fact]
    public void The_legacy_playbook_url_is_an_implicit_service_playbook_without_owners()
    {
        var playbook = Assert.Single(Valid().FindPlaybooks("Checkout", "Whatever", NoLabels));

        Assert.Equal(new PlaybookConfig("checkout", null, [LegacyCheckoutUrl], []), playbook);
        Assert.Empty(Valid().FindPlaybooks("search", "Whatever", NoLabels));
        Assert.Empty(Valid().FindPlaybooks("billing", "Whatever", NoLabels));
    }

    [Fact]
    public void Playbooks_come_most_specific_first_then_in_file_order_with_the_legacy_url_last()
    {
        var config = Config(
            Playbook(service: "checkout", url: "https://wiki.example.com/1-service"),
            Playbook(pattern: "Checkout*", url: "https://wiki.example.com/2-pattern"),
            Playbook(service: "checkout", pattern: "*Latency*", url: "https://wiki.example.com/3-both"),
            Playbook(service: "search", url: "https://wiki.example.com/4-other-service"),
            Playbook(service: "checkout", url: "https://wiki.example.com/5-service"));

        Assert.Equal(
            [
                "https://wiki.example.com/2-pattern",
                "https://wiki.example.com/3-both",
                "https://wiki.example.com/1-service",
                "https://wiki.example.com/5-service",
                LegacyCheckoutUrl,
            ],
            UrlsFor(config, "checkout", "CheckoutLatencyHigh"));
    }

    [Fact]
    public void A_playbook_built_in_code_without_criteria_matches_nothing()
    {
        Assert.False(new PlaybookConfig(null, null, ["https://x.example.com"], []).Matches("checkout", "Anything", NoLabels));
    }
}
