using System.Text.Json.Nodes;

namespace IncidentFunctions.Infra.Tests;

/// <summary>
/// Teams in Azure (issue 13): the Workflows URL (its signature lets anyone post) reaches the app only as a Key Vault
/// reference, and Teams is off unless a URL is given (or was, and is kept).
/// </summary>
public sealed class TeamsInfraTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private JsonObject Settings => template.SiteConfig("appsettings")["properties"]!.AsObject();

    private JsonObject Module(string name) =>
        Assert.Single(template.OfType("Microsoft.Resources/deployments"), d => d["name"]!.GetValue<string>() == name)["properties"]!.AsObject();

    [Fact]
    public void The_webhook_url_setting_is_a_Key_Vault_reference_or_empty_when_Teams_is_off()
    {
        Assert.Equal("[if(parameters('teamsEnabled'), format('@Microsoft.KeyVault(SecretUri={0})', parameters('teamsWebhookSecretUri')), '')]",
            Settings["Teams__WebhookUrl"]!.GetValue<string>());
        Assert.Equal("[variables('teamsOn')]", Module("function")["parameters"]!["teamsEnabled"]!["value"]!.GetValue<string>());
        Assert.Equal("[or(parameters('teamsEnabled'), not(empty(parameters('teamsWebhookUrl'))))]", template.Root["variables"]!["teamsOn"]!.GetValue<string>());
    }

    [Fact]
    public void The_url_is_a_secure_parameter_written_to_Key_Vault_only_when_given_and_never_to_a_setting_or_output()
    {
        var declared = template.Root["parameters"]!["teamsWebhookUrl"]!;
        Assert.Equal("securestring", declared["type"]!.GetValue<string>());
        var secret = Assert.Single(template.OfType("Microsoft.KeyVault/vaults/secrets"), s => s["name"]!.GetValue<string>().EndsWith("'teams-webhook-url')]", StringComparison.Ordinal));
        Assert.Equal("[not(empty(parameters('teamsWebhookUrl')))]", secret["condition"]!.GetValue<string>());

        Assert.DoesNotContain("'teamsWebhookUrl'", Settings.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("'teamsWebhookUrl'", template.Root["outputs"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("'teamsWebhookUrl'", Module("function")["parameters"]!.ToJsonString(), StringComparison.Ordinal);
        var parametersFile = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${TEAMS_WEBHOOK_URL}", parametersFile["teamsWebhookUrl"]!["value"]!.GetValue<string>());
    }
}
