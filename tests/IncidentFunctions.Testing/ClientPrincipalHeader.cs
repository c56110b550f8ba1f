using System.Text.Json;
using IncidentFunctions.Domain.Identity;

namespace IncidentFunctions.Testing;

/// <summary>The X-MS-CLIENT-PRINCIPAL header made from a principal: what tests send where the platform would.</summary>
public static class ClientPrincipalHeader
{
    /// <summary>The header's value for <paramref name="principal"/>, as App Service Authentication writes it.</summary>
    public static string Encode(this ClientPrincipal principal)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("auth_typ", principal.IdentityProvider);
            writer.WriteStartArray("claims");
            foreach (var (type, value) in principal.Claims)
            {
                writer.WriteStartObject();
                writer.WriteString("typ", type);
                writer.WriteString("val", value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("name_typ", principal.NameClaimType);
            writer.WriteString("role_typ", principal.RoleClaimType);
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.ToArray());
    }
}
