using Azure.Core;
using IncidentFunctions.Application.Hosting;
using Microsoft.Extensions.Configuration;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// How every storage client of the application (tables, the event queue) reaches the account: a connection string
/// when one is given (Azurite), otherwise the managed identity with the same identity-based settings the Functions
/// host reads (AzureWebJobsStorage__accountName or __&lt;service&gt;ServiceUri, __clientId for a user-assigned identity).
/// </summary>
internal static class StorageConnection
{
    /// <summary>The application's own connection string, else the host's AzureWebJobsStorage; null when neither is set.</summary>
    public static string? ConnectionString(StorageOptions storage, IConfiguration configuration)
    {
        var value = storage.ConnectionString ?? configuration["AzureWebJobsStorage"];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <param name="service">"table" or "queue".</param>
    /// <param name="configured">An endpoint given in the application's own settings, which wins.</param>
    public static Uri? ServiceUri(IConfiguration configuration, string service, Uri? configured = null) =>
        configured
        ?? (Uri.TryCreate(configuration[$"AzureWebJobsStorage:{service}ServiceUri"], UriKind.Absolute, out var uri) ? uri : null)
        ?? (configuration["AzureWebJobsStorage:accountName"] is { Length: > 0 } account ? new Uri($"https://{account}.{service}.core.windows.net") : null);

    public static TokenCredential Credential(IConfiguration configuration) => AzureCredentials.For(configuration["AzureWebJobsStorage:clientId"]);
}
