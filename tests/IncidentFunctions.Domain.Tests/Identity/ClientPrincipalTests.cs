using System.Text;
using IncidentFunctions.Domain.Identity;
using IncidentFunctions.Testing;

namespace IncidentFunctions.Domain.Tests.Identity;

/// <summary>The X-MS-CLIENT-PRINCIPAL header as App Service Authentication writes it for an Entra ID sign-in.</summary>
public class ClientPrincipalTests
{
    /// <summary>The shape the platform documents: auth_typ, claims of typ/val, name_typ and role_typ.</summary>
    internal const string EntraJson = """
        {"auth_typ":"aad","claims":[
          {"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"7f3c2a10-5b4e-4d8a-9c61-2e0f1a2b3c4d"},
          {"typ":"name","val":"Alice Example"},
          {"typ":"preferred_username","val":"alice@example.com"},
          {"typ":"roles","val":"Responder"},
          {"typ":"roles","val":"Viewer"}],
         "name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
         "role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}
        """;

    [Fact]
    public void The_platforms_header_gives_the_users_object_id_address_name_and_app_roles()
    {
        var principal = ClientPrincipal.Decode(Convert.ToBase64String(Encoding.UTF8.GetBytes(EntraJson)), out var error);

        Assert.Null(error);
        Assert.Equal("aad", principal!.IdentityProvider);
        Assert.Equal("7f3c2a10-5b4e-4d8a-9c61-2e0f1a2b3c4d", principal.ObjectId);
        Assert.Equal("alice@example.com", principal.Email);
        Assert.Equal("Alice Example", principal.Name);
        Assert.Equal(["Responder", "Viewer"], principal.Roles);
    }

    [Fact]
    public void Encoding_and_decoding_keep_every_claim_in_order()
    {
        var principal = new ClientPrincipal("aad", "name", "roles", [("oid", "x"), ("roles", "Admin"), ("roles", "Admin"), ("email", "a@b.c")]);

        var again = ClientPrincipal.Decode(principal.Encode(), out _);

        Assert.Equal(principal.Claims, again!.Claims);
        Assert.Equal(["Admin"], again.Roles);
        Assert.Equal(("x", "a@b.c"), (again.ObjectId, again.Email));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("%%%", "is not base64")]
    [InlineData("bm90IGpzb24=", "is not JSON")]
    [InlineData("WzEsMl0=", "is not a JSON object")]
    public void A_header_that_is_not_a_principal_is_refused_with_the_reason(string header, string reason)
    {
        Assert.Null(ClientPrincipal.Decode(header, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void An_oversized_header_is_not_decoded()
    {
        Assert.Null(ClientPrincipal.Decode(new string('A', ClientPrincipal.MaxHeaderLength + 4), out var error));
        Assert.StartsWith("is longer than", error, StringComparison.Ordinal);
    }
}
