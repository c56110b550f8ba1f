using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Identity;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Identity;

/// <summary>Who an Entra ID sign-in is, and what they may do: least privilege unless the configuration names them.</summary>
public class SignedInPersonTests
{
    private const string AliceId = "7f3c2a10-5b4e-4d8a-9c61-2e0f1a2b3c4d";

    private static readonly IncidentConfig Config = Load(root =>
    {
        root.At("responders[0]")["entraObjectId"] = AliceId;
        root.At("responders[1]")["email"] = "bob@example.com";
    });

    [Fact]
    public void A_user_with_a_configured_object_id_is_that_responder_with_their_highest_app_role()
    {
        var person = SignedInPerson.FromEntra(User(("oid", AliceId.ToUpperInvariant()), ("name", "A. Example"), ("roles", "Viewer"), ("roles", "admin")), Config);

        Assert.Equal(("Alice", AccessRole.Admin, SignInMethod.EntraId), (person.Name, person.Role, person.Method));
        Assert.Same(Config.FindResponder("Alice"), person.Responder);
    }

    [Fact]
    public void A_user_is_matched_by_address_when_no_responder_has_their_object_id()
    {
        var person = SignedInPerson.FromEntra(User(("oid", Guid.NewGuid().ToString()), ("preferred_username", "Bob@Example.com"), ("roles", "Responder")), Config);

        Assert.Equal(("Bob", AccessRole.Responder), (person.Name, person.Role));
    }

    [Fact]
    public void A_responder_without_an_app_role_only_reads()
    {
        Assert.Equal(AccessRole.Viewer, SignedInPerson.FromEntra(User(("oid", AliceId)), Config).Role);
    }

    [Fact]
    public void Someone_the_configuration_does_not_name_reads_at_most_whatever_roles_they_hold()
    {
        var person = SignedInPerson.FromEntra(User(("name", "Mallory"), ("email", "mallory@example.com"), ("roles", "Admin")), Config);

        Assert.Equal(("Mallory", null, AccessRole.Viewer), (person.Name, person.Responder, person.Role));
    }

    [Fact]
    public void Unknown_app_role_values_grant_nothing()
    {
        Assert.Equal(AccessRole.Viewer, SignedInPerson.FromEntra(User(("oid", AliceId), ("roles", "Owner"), ("roles", "")), Config).Role);
    }

    private static ClientPrincipal User(params (string Type, string Value)[] claims) => new("aad", "name", "roles", claims);
}
