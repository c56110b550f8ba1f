using System.Text.Json;

namespace IncidentFunctions.Domain.Identity;

/// <summary>
/// The signed-in user as Azure App Service Authentication hands it to the app: the <c>X-MS-CLIENT-PRINCIPAL</c>
/// header, base64 of <c>{"auth_typ": "aad", "name_typ": "…", "role_typ": "…", "claims": [{"typ": "…", "val": "…"}]}</c>.
/// Only the platform may set that header (in Azure it removes any copy a client sends); whether to trust it is the
/// host's decision, not this type's.
/// </summary>
/// <param name="IdentityProvider">"auth_typ": "aad" for Microsoft Entra ID.</param>
/// <param name="Claims">Every claim, in the order given; a type may repeat (one "roles" claim per app role).</param>
public sealed record ClientPrincipal(string IdentityProvider, string NameClaimType, string RoleClaimType, IReadOnlyList<(string Type, string Value)> Claims)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Entra ID's object id of the user, the same in every app of the tenant.</summary>
    public const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private static readonly string[] ObjectIdClaims = [ObjectIdClaim, "oid"];

    /// <summary>Where Entra ID puts a user's address, most specific first.</summary>
    private static readonly string[] EmailClaims =
    [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "email", "preferred_username",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "upn",
    ];

    /// <summary>The header's size is the platform's to bound; this bounds what is decoded from a header we were handed anyway.</summary>
    public const int MaxHeaderLength = 16 * 1024;

    public string? ObjectId => First(ObjectIdClaims);

    public string? Email => First(EmailClaims);

    /// <summary>The display name: the claim "name_typ" names, else "name".</summary>
    public string? Name => First([NameClaimType, "name"]);

    /// <summary>The values of the role claims (app roles assigned to the user).</summary>
    public IEnumerable<string> Roles => Claims.Where(c => c.Type == RoleClaimType || c.Type == "roles").Select(c => c.Value).Distinct(StringComparer.Ordinal);

    /// <summary>Decodes the header's value; null with the reason when it is not one.</summary>
    public static ClientPrincipal? Decode(string? header, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            error = "is empty";
            return null;
        }

        if (header.Length > MaxHeaderLength)
        {
            error = $"is longer than {MaxHeaderLength} characters";
            return null;
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            error = "is not base64";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "is not a JSON object";
                return null;
            }

            var claims = new List<(string, string)>();
            if (root.TryGetProperty("claims", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in list.EnumerateArray())
                {
                    if (claim.ValueKind == JsonValueKind.Object
                        && claim.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String
                        && claim.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.String)
                    {
                        claims.Add((typ.GetString()!, val.GetString()!));
                    }
                }
            }

            return new ClientPrincipal(Text(root, "auth_typ") ?? "", Text(root, "name_typ") ?? "name", Text(root, "role_typ") ?? "roles", claims);
        }
        catch (JsonException)
        {
            error = "is not JSON";
            return null;
        }
    }

    private string? First(IEnumerable<string> types)
    {
        foreach (var type in types)
        {
            foreach (var (t, v) in Claims)
            {
                if (t == type && !string.IsNullOrWhiteSpace(v))
                {
                    return v;
                }
            }
        }

        return null;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
