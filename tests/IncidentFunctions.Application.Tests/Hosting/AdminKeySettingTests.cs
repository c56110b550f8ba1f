using IncidentFunctions.Application.Configuration;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>
/// In Azure the console key comes from IncidentAdmin__ApiKey (a Key Vault reference), never from the committed
/// configuration file; a reference that did not resolve stops start-up instead of becoming the key.
/// </summary>
public sealed class AdminKeySettingTests
{
    internal static readonly string SampleConfig = Path.Combine(IncidentFunctions.Testing.RepoRoot.Find(), "config", "incidents.json");

    [Fact]
    public void Without_the_setting_the_file_key_is_used_locally()
    {
        var provider = IncidentConfigProvider.Load(SampleConfig, adminKey: null, requireAdminKey: false);

        Assert.Equal("local-admin-key", provider.Current.AdminApiKey);
    }

    [Fact]
    public void The_setting_replaces_the_file_key()
    {
        var provider = IncidentConfigProvider.Load(SampleConfig, adminKey: "a-much-longer-deployed-key", requireAdminKey: true);

        Assert.Equal("a-much-longer-deployed-key", provider.Current.AdminApiKey);
        Assert.NotEmpty(provider.Current.Services);
    }

    [Fact]
    public void In_Azure_the_setting_is_required()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IncidentConfigProvider.Load(SampleConfig, adminKey: null, requireAdminKey: true));

        Assert.Contains("IncidentAdmin__ApiKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unresolved_Key_Vault_reference_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IncidentConfigProvider.Load(SampleConfig,
            adminKey: "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/admin-api-key)", requireAdminKey: true));

        Assert.Contains("did not resolve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_key_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IncidentConfigProvider.Load(SampleConfig, adminKey: "short", requireAdminKey: true));

        Assert.Contains("at least 12 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_config_path_is_found_beside_the_app_when_the_working_directory_lacks_it()
    {
        // A folder name only the app directory has (the working directory is not changed: tests run in parallel).
        var relative = Path.Combine("config-" + Guid.NewGuid().ToString("N")[..8], "incidents.json");
        var besideApp = Path.Combine(AppContext.BaseDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(besideApp)!);
        File.Copy(SampleConfig, besideApp);
        try
        {
            Assert.Equal(besideApp, IncidentConfigProvider.ResolvePath(relative));
            Assert.Equal(Path.GetFullPath(relative + ".missing"), IncidentConfigProvider.ResolvePath(relative + ".missing"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(besideApp)!, recursive: true);
        }
    }
}
