using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

/// <summary>"admins": the responders told when the pipeline itself is degraded; read as "leadership" is.</summary>
public class AdminsConfigTests
{
    [Fact]
    public void Without_an_admins_list_nobody_is_an_admin()
    {
        Assert.Empty(Valid().Admins);
    }

    [Fact]
    public void Admins_resolve_to_the_named_responders_in_the_order_listed_with_their_defining_spelling()
    {
        var config = Load(root => root["admins"] = new JsonArray("carol", "Alice"));

        Assert.Equal([new ResponderConfig("Carol", "+447700900003"), new ResponderConfig("Alice", "+15550100001")], config.Admins);
    }

    [Fact]
    public void An_unknown_admin_is_reported_at_its_index()
    {
        SingleProblem(With(root => root["admins"] = new JsonArray("Alice", "zed")), "admins[1]", "no responder named 'zed'");
    }

    [Fact]
    public void An_admin_listed_twice_is_rejected()
    {
        SingleProblem(With(root => root["admins"] = new JsonArray("Bob", "BOB")),
            "admins[1]", "'BOB' is listed twice (names are case-insensitive; admins[0] has it already)");
    }

    [Fact]
    public void Admins_that_are_not_an_array_are_rejected()
    {
        SingleProblem(With(root => root["admins"] = "Alice"), "admins", "must be an array, not a string");
    }
}
