using IncidentFunctions.Domain.Configuration;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

/// <summary>"email" and "entraObjectId" on a responder: how a sign-in is matched to them, each one person's.</summary>
public class SignInConfigTests
{
    private const string AliceId = "7f3c2a10-5b4e-4d8a-9c61-2e0f1a2b3c4d";

    [Fact]
    public void A_responder_is_found_by_their_sign_in_address_in_any_case_and_by_their_object_id_in_any_form()
    {
        var config = Load(root =>
        {
            root.At("responders[0]")["email"] = "alice@example.com";
            root.At("responders[0]")["entraObjectId"] = AliceId.ToUpperInvariant();
        });

        Assert.Equal("Alice", config.FindResponderBySignInEmail(" ALICE@example.com")?.Name);
        Assert.Equal("Alice", config.FindResponderByEntraObjectId(AliceId)?.Name);
        Assert.Equal("Alice", config.FindResponderByEntraObjectId("{" + AliceId + "}")?.Name);
        Assert.Equal(AliceId, config.FindResponder("Alice")!.EntraObjectId);
        Assert.Null(config.FindResponderBySignInEmail("bob@example.com"));
        Assert.Null(config.FindResponderByEntraObjectId("not-a-guid"));
    }

    [Fact]
    public void Without_either_nobody_signs_in_as_the_responder()
    {
        var alice = Valid().FindResponder("Alice")!;

        Assert.Equal((null, null), (alice.Email, alice.EntraObjectId));
    }

    [Fact]
    public void A_sign_in_address_that_is_not_one_is_reported_at_its_path()
    {
        SingleProblem(With(root => root.At("responders[1]")["email"] = "+15550100002"), "responders[1].email", "is not an email address");
    }

    [Fact]
    public void Two_responders_with_one_sign_in_address_are_rejected_whatever_the_case()
    {
        SingleProblem(With(root =>
        {
            root.At("responders[0]")["email"] = "ops@example.com";
            root.At("responders[2]")["email"] = "OPS@example.com";
        }), "responders[2].email", "is already the sign-in of responders[0].email");
    }

    [Fact]
    public void An_object_id_that_is_not_a_guid_or_is_someone_elses_is_rejected()
    {
        SingleProblem(With(root => root.At("responders[0]")["entraObjectId"] = "alice"), "responders[0].entraObjectId", "is not an Entra ID object id");
        SingleProblem(With(root =>
        {
            root.At("responders[0]")["entraObjectId"] = AliceId;
            root.At("responders[1]")["entraObjectId"] = AliceId.ToUpperInvariant();
        }), "responders[1].entraObjectId", "is already the Entra ID user of responders[0].entraObjectId");
    }
}
