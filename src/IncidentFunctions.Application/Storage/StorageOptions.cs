namespace IncidentFunctions.Application.Storage;

/// <summary>
/// Where incidents, timelines and the dedup index live. Locally a connection string (Azurite);
/// in Azure the Functions storage account through its managed identity.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "IncidentStorage";

    /// <summary>Connection string; falls back to the host's AzureWebJobsStorage.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service endpoint for identity-based access (https://&lt;account&gt;.table.core.windows.net).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Prepended to every table name so several task hubs (tests, environments) can share one account.</summary>
    public string TablePrefix { get; set; } = "";
}
