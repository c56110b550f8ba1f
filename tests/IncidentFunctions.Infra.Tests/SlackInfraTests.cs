using System.Text.Json.Nodes;

namespace IncidentFunctions.Infra.Tests;

/// <summary>
/// Slack in Azure (issue 13): the bot token and signing secret reach the app only as Key Vault references, Slack is
/// off unless a token is given (or was, and is kept), and azd prints the three URLs the Slack app is pointed at.
/// </summary>
public sealed class SlackInfraTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private static readonly string[] SecretParameters = ["slackBotToken", "slackSigningSecret"];

    private JsonObject Settings => template.SiteConfig("appsettings")["properties"]!.AsObject();

    private JsonObject Module(string name) =>
        Assert.Single(template.OfType("Microsoft.Resources/deployments"), d => d["name"]!.GetValue<string>() == name)["properties"]!.AsObject();

    [Theory]
    [InlineData("Slack__BotToken", "slackBotTokenSecretUri")]
    [InlineData("Slack__SigningSecret", "slackSigningSecretUri")]
    public void Each_Slack_setting_is_a_Key_Vault_reference_or_empty_when_Slack_is_off(string setting, string secretUri)
    {
        Assert.Equal($"[if(parameters('slackEnabled'), format('@Microsoft.KeyVault(SecretUri={{0}})', parameters('{secretUri}')), '')]",
            Settings[setting]!.GetValue<string>());
    }

    [Fact]
    public void Slack_is_on_when_a_token_is_given_or_when_asked_to_keep_the_stored_one()
    {
        Assert.Equal("[variables('slackOn')]", Module("function")["parameters"]!["slackEnabled"]!["value"]!.GetValue<string>());
        Assert.Equal("[or(parameters('slackEnabled'), not(empty(parameters('slackBotToken'))))]", template.Root["variables"]!["slackOn"]!.GetValue<string>());
        Assert.False(template.Root["parameters"]!["slackEnabled"]!["defaultValue"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("slackBotToken", "slack-bot-token")]
    [InlineData("slackSigningSecret", "slack-signing-secret")]
    public void Each_secret_is_a_secure_parameter_written_to_Key_Vault_only_when_given(string parameter, string secretName)
    {
        var declared = template.Root["parameters"]![parameter]!;
        Assert.Equal("securestring", declared["type"]!.GetValue<string>());
        Assert.Equal("", declared["defaultValue"]!.GetValue<string>());

        var secret = Assert.Single(template.OfType("Microsoft.KeyVault/vaults/secrets"), s => s["name"]!.GetValue<string>().EndsWith($"'{secretName}')]", StringComparison.Ordinal));
        Assert.Equal($"[not(empty(parameters('{parameter}')))]", secret["condition"]!.GetValue<string>());
        Assert.Equal($"[parameters('{parameter}')]", secret["properties"]!["value"]!.GetValue<string>());
        Assert.Equal("securestring", Module("keyvault")["template"]!["parameters"]![parameter]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void No_Slack_secret_reaches_a_setting_an_output_or_the_parameters_file()
    {
        var settings = Settings.ToJsonString();
        var outputs = template.Root["outputs"]!.ToJsonString();
        var function = Module("function")["parameters"]!.ToJsonString();
        var parametersFile = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json")))!["parameters"]!;

        foreach (var parameter in SecretParameters)
        {
            Assert.DoesNotContain($"'{parameter}'", settings, StringComparison.Ordinal);
            Assert.DoesNotContain($"'{parameter}'", outputs, StringComparison.Ordinal);
            Assert.DoesNotContain($"'{parameter}'", function, StringComparison.Ordinal);
            // azd fills them from the environment (azd env set SLACK_BOT_TOKEN …); nothing is written in the file.
            Assert.Matches(@"^\$\{SLACK_[A-Z_]+\}$", parametersFile[parameter]!["value"]!.GetValue<string>());
        }

        Assert.DoesNotContain("xoxb-", settings + outputs + parametersFile.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SLACK_EVENTS_URL", "api/slack/events")]
    [InlineData("SLACK_INTERACTIVITY_URL", "api/slack/interactivity")]
    [InlineData("SLACK_COMMANDS_URL", "api/slack/commands")]
    public void Azd_prints_each_Slack_request_url_on_the_apps_https_host(string output, string path)
    {
        var value = template.Root["outputs"]![output]!["value"]!.GetValue<string>();

        Assert.StartsWith($"[format('{{0}}/{path}', reference(", value, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'function')", value, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.url.value)]", value, StringComparison.Ordinal);
        Assert.Equal("[format('https://{0}', reference(resourceId('Microsoft.Web/sites', parameters('appName')), '2024-04-01').defaultHostName)]",
            Module("function")["template"]!["outputs"]!["url"]!["value"]!.GetValue<string>());
    }
}
