using System.Text.Json.Nodes;

namespace IncidentFunctions.Infra.Tests;

/// <summary>
/// infra/ builds with the pinned Bicep CLI with no diagnostics, lints clean, and says what issue 5 promises:
/// identity everywhere, no keys, least-privilege roles, and outputs azd can read.
/// </summary>
public sealed class InfraTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    [Fact]
    public void Main_bicep_builds_without_errors_or_warnings()
    {
        Assert.True(template.ExitCode == 0, template.Diagnostics);
        Assert.Equal("", template.Diagnostics.Trim());
        Assert.Equal("subscriptionDeploymentTemplate.json", Path.GetFileName(template.Root["$schema"]!.GetValue<string>().Split('#')[0]));
    }

    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(BicepCli.InfraDir, "*.bicep", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(BicepCli.InfraDir, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Every_bicep_file_lints_without_warnings(string file)
    {
        var (code, stdout, stderr) = await BicepCli.RunAsync("lint", Path.Combine(BicepCli.InfraDir, file));

        Assert.True(code == 0 && stdout.Trim().Length == 0 && stderr.Trim().Length == 0, $"bicep lint {file} (exit {code}):\n{stdout}\n{stderr}");
    }

    [Fact]
    public void No_compiled_ARM_json_is_committed()
    {
        // The dashboards are JSON of their own (a Grafana dashboard, a workbook's content), never ARM templates; so
        // is the Entra ID app registration's list of app roles (an az ad argument).
        var json = Directory.EnumerateFiles(BicepCli.InfraDir, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(BicepCli.InfraDir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("dashboards/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["entra/app-roles.json", "main.parameters.json"], json);
        Assert.DoesNotContain("$schema", File.ReadAllText(Path.Combine(BicepCli.InfraDir, "entra", "app-roles.json")), StringComparison.Ordinal);
        Assert.All(Directory.EnumerateFiles(Path.Combine(BicepCli.InfraDir, "dashboards"), "*.json"),
            f => Assert.DoesNotContain("deploymentTemplate.json", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_allows_no_shared_keys_no_public_blobs_and_TLS_1_2_only()
    {
        var account = Assert.Single(template.OfType("Microsoft.Storage/storageAccounts"));
        var properties = account["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/queueServices"));
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/tableServices"));
    }

    [Fact]
    public void The_event_topic_drops_duplicates_and_local_auth_is_off_everywhere()
    {
        var topic = Assert.Single(template.OfType("Microsoft.ServiceBus/namespaces/topics"));
        Assert.True(topic["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());

        var subscription = Assert.Single(template.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions"));
        Assert.True(subscription["properties"]!["requiresSession"]!.GetValue<bool>());

        Assert.True(Assert.Single(template.OfType("Microsoft.ServiceBus/namespaces"))["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(Assert.Single(template.OfType("Microsoft.Insights/components"))["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(Assert.Single(template.OfType("Microsoft.KeyVault/vaults"))["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
    }

    [Fact]
    public void The_function_app_runs_on_Flex_Consumption_as_dotnet_isolated_10_with_its_user_assigned_identity()
    {
        var plan = Assert.Single(template.OfType("Microsoft.Web/serverfarms"));
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());

        var site = Assert.Single(template.OfType("Microsoft.Web/sites"));
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Contains("createObject('azd-service-name', 'api')", site["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void App_settings_use_identity_based_connections_and_hold_no_secret()
    {
        var settings = template.SiteConfig("appsettings")["properties"]!.AsObject();
        var names = settings.Select(kv => kv.Key).ToHashSet();

        Assert.Contains("AzureWebJobsStorage__accountName", names);
        Assert.Contains("AzureWebJobsStorage__clientId", names);
        Assert.Contains("ServiceBusConnection__fullyQualifiedNamespace", names);
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        Assert.DoesNotContain("ServiceBusConnection", names);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["Twilio__AuthToken"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["IncidentAdmin__ApiKey"]!.GetValue<string>(), StringComparison.Ordinal);
        // The mail server's password only with a user to sign in as, and then from Key Vault.
        var mailPassword = settings["Email__Password"]!.GetValue<string>();
        Assert.StartsWith("[if(empty(parameters('emailUser')), '', format('@Microsoft.KeyVault(SecretUri=", mailPassword, StringComparison.Ordinal);
        var text = settings.ToJsonString();
        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_app_identity_gets_exactly_the_roles_it_needs()
    {
        var roles = template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(CompiledTemplate.RoleDefinitionGuid)
            .ToList();
        string[] expected =
        [
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", // Azure Service Bus Data Sender
            "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
            "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
            "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", // Key Vault Secrets Officer, for the deploying user only
        ];

        Assert.Equal(expected.Order(), roles.Order());

        Assert.All(template.OfType("Microsoft.Authorization/roleAssignments"),
            r => Assert.StartsWith("[guid(", r["name"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Outputs_are_upper_case_for_azd_and_include_the_Twilio_webhook_and_health_URLs()
    {
        var outputs = template.Root["outputs"]!.AsObject().Select(kv => kv.Key).ToList();

        Assert.All(outputs, o => Assert.Equal(o.ToUpperInvariant(), o));
        Assert.Contains("FUNCTION_URL", outputs);
        Assert.Contains("TWILIO_INBOUND_WEBHOOK_URL", outputs);
        Assert.Contains("HEALTH_URL", outputs);
    }

    [Fact]
    public void Azd_deploys_the_functions_project_as_a_dotnet_function()
    {
        var yaml = File.ReadAllText(Path.Combine(BicepCli.RepoRoot, "azure.yaml"));

        Assert.Contains("project: ./src/IncidentFunctions.FunctionsApp", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.Contains("language: dotnet", yaml, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(BicepCli.RepoRoot, "src", "IncidentFunctions.FunctionsApp", "IncidentFunctions.FunctionsApp.csproj")));
    }
}
