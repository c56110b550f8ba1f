using System.Text.Json;
using IncidentFunctions.Domain.Escalation;

namespace IncidentFunctions.Domain.Tests.Escalation;

/// <summary>Policies and positions travel as Durable orchestration inputs, serialised with System.Text.Json.</summary>
public class EscalationSerializationTests
{
    public static TheoryData<string> SerializerSettings => new() { "default", "web" };

    private static JsonSerializerOptions Options(string settings) =>
        settings == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions();

    [Theory]
    [MemberData(nameof(SerializerSettings))]
    public void A_position_survives_a_round_trip(string settings)
    {
        var position = new EscalationPosition(2, 1);

        var copy = JsonSerializer.Deserialize<EscalationPosition>(JsonSerializer.Serialize(position, Options(settings)), Options(settings));

        Assert.Equal(position, copy);
    }

    [Theory]
    [MemberData(nameof(SerializerSettings))]
    public void A_policy_survives_a_round_trip(string settings)
    {
        var policy = new EscalationPolicy(
            "checkout",
            [
                new EscalationTier([EscalationTarget.ForResponder("Alice")], TimeSpan.FromMinutes(5)),
                new EscalationTier([EscalationTarget.ForSchedule("primary"), EscalationTarget.ForResponder("Carol")], TimeSpan.FromMinutes(90)),
            ],
            Repeat: 2);

        var copy = JsonSerializer.Deserialize<EscalationPolicy>(JsonSerializer.Serialize(policy, Options(settings)), Options(settings));

        Assert.NotNull(copy);
        Assert.Equal(policy.Name, copy.Name);
        Assert.Equal(policy.Repeat, copy.Repeat);
        Assert.Equal(policy.Tiers.Count, copy.Tiers.Count);
        for (var i = 0; i < policy.Tiers.Count; i++)
        {
            Assert.Equal(policy.Tiers[i].Delay, copy.Tiers[i].Delay);
            Assert.Equal(policy.Tiers[i].Targets, copy.Tiers[i].Targets);
        }
    }

    [Fact]
    public void A_position_serialises_as_just_its_tier_and_pass()
    {
        Assert.Equal("""{"tierIndex":1,"loop":0}""", JsonSerializer.Serialize(new EscalationPosition(1, 0), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }
}
