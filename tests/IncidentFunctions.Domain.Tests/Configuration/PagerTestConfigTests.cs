using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Schedules;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

/// <summary>A schedule's "owner" and "pagerTest": hand-off tests and who hears when nobody confirms one.</summary>
public class PagerTestConfigTests
{
    private static string WithSchedule(Action<JsonObject> edit) => With(root => edit(root.At("schedules[0]")));

    [Fact]
    public void A_schedule_without_them_tests_nobody_at_hand_off()
    {
        var schedule = Assert.Single(Valid().Schedules);

        Assert.Null(schedule.Owner);
        Assert.Null(schedule.PagerTest);
    }

    [Fact]
    public void Hand_off_tests_with_an_owner_default_to_fifteen_minutes()
    {
        var config = ConfigLoader.Parse(WithSchedule(s =>
        {
            s["owner"] = "carol";
            s["pagerTest"] = new JsonObject { ["atHandoff"] = true };
        }), FileName);

        var schedule = Assert.Single(config.Schedules);
        Assert.Equal("carol", schedule.Owner);
        Assert.Equal(new HandoffTestConfig(true, TimeSpan.FromMinutes(15)), schedule.PagerTest);
    }

    [Fact]
    public void ConfirmWithin_sets_how_long_before_the_owner_is_told()
    {
        var config = ConfigLoader.Parse(WithSchedule(s =>
        {
            s["owner"] = "Carol";
            s["pagerTest"] = new JsonObject { ["atHandoff"] = true, ["confirmWithin"] = "30m" };
        }), FileName);

        Assert.Equal(TimeSpan.FromMinutes(30), config.Schedules[0].PagerTest!.ConfirmWithin);
    }

    [Fact]
    public void AtHandoff_false_is_the_same_as_no_pagerTest()
    {
        var config = ConfigLoader.Parse(WithSchedule(s => s["pagerTest"] = new JsonObject { ["atHandoff"] = false }), FileName);

        Assert.Null(config.Schedules[0].PagerTest);
    }

    [Fact]
    public void Hand_off_tests_need_an_owner_to_tell()
    {
        SingleProblem(WithSchedule(s => s["pagerTest"] = new JsonObject { ["atHandoff"] = true }), "schedules[0].owner", "is required when pagerTest.atHandoff is true");
    }

    [Fact]
    public void The_owner_must_be_a_responder()
    {
        SingleProblem(WithSchedule(s => s["owner"] = "Zed"), "schedules[0].owner", "no responder named 'Zed'");
    }

    [Theory]
    [InlineData("confirmWithin", "13h", "schedules[0].pagerTest.confirmWithin", "at most 12 hours")]
    [InlineData("confirmWithin", "0s", "schedules[0].pagerTest.confirmWithin", "longer than zero")]
    [InlineData("confirmWithin", "soon", "schedules[0].pagerTest.confirmWithin", "soon")]
    [InlineData("atHandof", "true", "schedules[0].pagerTest.atHandof", "")]
    public void A_bad_pagerTest_is_reported_at_its_path(string field, string value, string path, string messagePart)
    {
        var json = WithSchedule(s =>
        {
            s["owner"] = "Carol";
            s["pagerTest"] = new JsonObject { ["atHandoff"] = true, [field] = value == "true" ? JsonValue.Create(true) : JsonValue.Create(value) };
        });

        SingleProblem(json, path, messagePart);
    }

    [Fact]
    public void AtHandoff_must_be_a_boolean()
    {
        SingleProblem(WithSchedule(s =>
        {
            s["owner"] = "Carol";
            s["pagerTest"] = new JsonObject { ["atHandoff"] = "yes" };
        }), "schedules[0].pagerTest.atHandoff", "true or false");
    }
}
