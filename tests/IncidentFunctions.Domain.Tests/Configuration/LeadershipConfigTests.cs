using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class LeadershipConfigTests
{
    [Fact]
    public void Without_a_leadership_list_nobody_is_leadership()
    {
        Assert.Empty(Valid().Leadership);
    }

    [Fact]
    public void Leadership_resolves_to_the_named_responders_in_the_order_listed()
    {
        var config = Load(root => root["leadership"] = new JsonArray("Carol", "Alice"));

        Assert.Equal([new ResponderConfig("Carol", "+447700900003"), new ResponderConfig("Alice", "+15550100001")], config.Leadership);
    }

    [Fact]
    public void Leadership_names_ignore_case_and_resolve_to_the_defining_spelling()
    {
        var config = Load(root => root["leadership"] = new JsonArray("cAROL"));

        Assert.Equal("Carol", Assert.Single(config.Leadership).Name);
    }

    [Fact]
    public void An_empty_leadership_list_is_allowed()
    {
        Assert.Empty(Load(root => root["leadership"] = new JsonArray()).Leadership);
    }

    [Fact]
    public void Leadership_may_name_a_responder_defined_later_in_the_file()
    {
        var config = Load(root =>
        {
            var responders = root["responders"]!;
            root.Remove("responders");
            root["leadership"] = new JsonArray("Bob");
            root["responders"] = responders;
        });

        Assert.Equal("Bob", Assert.Single(config.Leadership).Name);
    }

    [Fact]
    public void An_unknown_leadership_name_is_reported_at_its_index()
    {
        SingleProblem(With(root => root["leadership"] = new JsonArray("Alice", "Zed")), "leadership[1]", "no responder named 'Zed'");
    }

    [Fact]
    public void A_responder_listed_twice_in_leadership_is_rejected()
    {
        SingleProblem(With(root => root["leadership"] = new JsonArray("Alice", "Bob", "ALICE")),
            "leadership[2]", "'ALICE' is listed twice (names are case-insensitive; leadership[0] has it already)");
    }

    [Fact]
    public void Leadership_that_is_not_an_array_is_rejected()
    {
        SingleProblem(With(root => root["leadership"] = "Alice"), "leadership", "must be an array, not a string");
    }

    [Fact]
    public void A_leadership_entry_that_is_not_a_name_is_rejected()
    {
        SingleProblem(With(root => root["leadership"] = new JsonArray("Alice", new JsonObject { ["name"] = "Bob" })), "leadership[1]", "must be a string, not an object");
    }

    [Fact]
    public void Every_unknown_leadership_name_is_reported()
    {
        var problems = ProblemsOf(With(root => root["leadership"] = new JsonArray("Zed", "Alice", "Yan")));

        Assert.Equal(
            [new ConfigProblem(FileName, "leadership[0]", "no responder named 'Zed'"), new ConfigProblem(FileName, "leadership[2]", "no responder named 'Yan'")],
            problems);
    }
}
