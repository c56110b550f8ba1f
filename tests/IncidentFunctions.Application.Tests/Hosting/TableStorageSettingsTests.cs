using IncidentFunctions.Application.Hosting;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Configuration;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>Which table endpoint and credential the app picks from the same settings the Functions host reads.</summary>
public sealed class TableStorageSettingsTests
{
    [Fact]
    public void A_connection_string_is_used_as_given()
    {
        var client = IncidentApplication.CreateTableService(new StorageOptions(), Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal("devstoreaccount1", client.AccountName);
    }

    [Fact]
    public void An_account_name_alone_means_the_managed_identity_on_that_accounts_table_endpoint()
    {
        var client = IncidentApplication.CreateTableService(new StorageOptions(), Config(
            ("AzureWebJobsStorage:accountName", "incidentsprod"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));

        Assert.Equal(new Uri("https://incidentsprod.table.core.windows.net"), client.Uri);
    }

    [Fact]
    public void An_explicit_table_endpoint_wins_over_the_account_name()
    {
        var client = IncidentApplication.CreateTableService(new StorageOptions(), Config(
            ("AzureWebJobsStorage:tableServiceUri", "https://custom.table.core.windows.net"),
            ("AzureWebJobsStorage:accountName", "ignored")));

        Assert.Equal(new Uri("https://custom.table.core.windows.net"), client.Uri);
    }

    [Fact]
    public void No_storage_setting_at_all_says_which_settings_would_do()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IncidentApplication.CreateTableService(new StorageOptions(), Config()));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message);
        Assert.Contains("UseDevelopmentStorage=true", error.Message);
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
