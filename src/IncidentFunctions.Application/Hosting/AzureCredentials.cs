using Azure.Core;
using Azure.Identity;

namespace IncidentFunctions.Application.Hosting;

/// <summary>The managed identity (or, on a developer machine, whatever DefaultAzureCredential finds) for identity-based connections.</summary>
internal static class AzureCredentials
{
    /// <param name="clientId">A user-assigned identity's client id, from the connection's "__clientId" setting; null for system-assigned.</param>
    public static TokenCredential For(string? clientId) => string.IsNullOrWhiteSpace(clientId)
        ? new DefaultAzureCredential()
        : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
}
