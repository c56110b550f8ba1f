using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentFunctions.Application.Http.Routes;
using IncidentFunctions.Domain.Identity;

namespace IncidentFunctions.Infra.Tests;

/// <summary>
/// Signing in with Microsoft Entra ID (issue 16): App Service Authentication, configured when an app registration is
/// named, requires sign-in for the console and leaves every other route (checked against the route table) to the
/// credential the app already checks there; the template holds no secret for it.
/// </summary>
public sealed partial class AuthInfraTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private JsonObject Auth => template.SiteConfig("authsettingsV2");

    private JsonObject Properties => Auth["properties"]!.AsObject();

    [Fact]
    public void Sign_in_is_configured_only_when_an_app_registration_is_named()
    {
        Assert.Equal("[not(empty(parameters('entraClientId')))]", Auth["condition"]!.GetValue<string>());
        var module = Assert.Single(template.OfType("Microsoft.Resources/deployments"), d => d["name"]!.GetValue<string>() == "function");
        Assert.Equal("[parameters('entraClientId')]", module["properties"]!["parameters"]!["entraClientId"]!["value"]!.GetValue<string>());
        Assert.Equal("", template.Root["parameters"]!["entraClientId"]!["defaultValue"]!.GetValue<string>());
        var parametersFile = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${AZURE_ENTRA_CLIENT_ID}", parametersFile["entraClientId"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void The_console_requires_sign_in_and_every_other_route_keeps_its_own_credential()
    {
        var validation = Properties["globalValidation"]!;
        Assert.True(validation["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("RedirectToLoginPage", validation["unauthenticatedClientAction"]!.GetValue<string>());
        var excluded = validation["excludedPaths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();

        foreach (var route in RouteTable.Routes)
        {
            var path = "/" + Placeholder().Replace(route.Template, "x");
            var isConsole = path == "/console" || path.StartsWith("/console/", StringComparison.Ordinal);
            Assert.True(isConsole != excluded.Any(e => Matches(e, path)),
                $"{route.Name} ({path}) {(isConsole ? "is a console route but is excluded from sign-in" : "is not a console route but would need a sign-in")}; excluded: {string.Join(", ", excluded)}");
        }
    }

    [Fact]
    public void The_provider_is_Entra_ID_of_the_deploying_tenant_with_no_secret_and_no_token_store()
    {
        var entra = Properties["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True(entra["enabled"]!.GetValue<bool>());
        Assert.Equal("[parameters('entraClientId')]", entra["registration"]!["clientId"]!.GetValue<string>());
        Assert.Contains("tenant().tenantId", entra["registration"]!["openIdIssuer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/v2.0", entra["registration"]!["openIdIssuer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", Auth.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(Properties["login"]!["tokenStore"]!["enabled"]!.GetValue<bool>());
        Assert.True(Properties["httpSettings"]!["requireHttps"]!.GetValue<bool>());
        Assert.True(Properties["platform"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public void The_app_roles_to_create_are_the_three_the_app_reads_each_for_users_with_its_own_id()
    {
        var roles = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "entra", "app-roles.json")))!.AsArray();

        Assert.Equal(["Viewer", "Responder", "Admin"], roles.Select(r => r!["value"]!.GetValue<string>()));
        Assert.Equal([AccessRole.Viewer, AccessRole.Responder, AccessRole.Admin],
            roles.Select(r => AccessRoles.FromAppRole(r!["value"]!.GetValue<string>())!.Value));
        Assert.All(roles, r => Assert.Equal(["User"], r!["allowedMemberTypes"]!.AsArray().Select(t => t!.GetValue<string>())));
        Assert.All(roles, r => Assert.True(r!["isEnabled"]!.GetValue<bool>()));
        Assert.Equal(3, roles.Select(r => Guid.Parse(r!["id"]!.GetValue<string>())).Distinct().Count());
    }

    /// <summary>An excluded path as App Service Authentication reads it: exact, or a prefix before a trailing "/*".</summary>
    private static bool Matches(string excluded, string path) =>
        excluded.EndsWith("/*", StringComparison.Ordinal)
            ? path.StartsWith(excluded[..^1], StringComparison.Ordinal)
            : string.Equals(excluded, path, StringComparison.Ordinal);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}
