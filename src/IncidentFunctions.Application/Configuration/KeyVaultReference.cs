namespace IncidentFunctions.Application.Configuration;

/// <summary>
/// App Service leaves a setting as its literal "@Microsoft.KeyVault(...)" text when the reference cannot be resolved.
/// Taken as the value, that text would become a password anyone can read in the docs; start-up refuses it instead.
/// </summary>
public static class KeyVaultReference
{
    private const string Prefix = "@Microsoft.KeyVault(";

    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The reference itself holds no secret (a vault and secret name), so it may be shown.</summary>
    public static string Describe(string value) => value.Trim();
}
