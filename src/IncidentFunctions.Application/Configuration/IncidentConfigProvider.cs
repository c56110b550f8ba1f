namespace IncidentFunctions.Application.Configuration;

/// <summary>
/// The validated incident configuration. Loaded once at start-up: an invalid file stops the host
/// with every problem listed, rather than failing a page at 3 a.m.
/// </summary>
public sealed class IncidentConfigProvider(IncidentConfig current, string path)
{
    public const string PathVariable = "INCIDENTS_CONFIG";

    /// <summary>
    /// Overrides the file's adminApiKey. In Azure it is a Key Vault reference: the file is committed and packaged,
    /// so its key is a sample, never the deployed one.
    /// </summary>
    public const string AdminKeySetting = "IncidentAdmin:ApiKey";

    public IncidentConfig Current { get; } = current;

    public string Path { get; } = path;

    /// <summary>
    /// INCIDENTS_CONFIG when set, else config/incidents.json beside the app. A relative path is taken from the working
    /// directory when the file is there, else from the app's own directory (where the Functions package puts it:
    /// a Functions host's working directory is not the app's).
    /// </summary>
    public static string ResolvePath(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Path.Combine(AppContext.BaseDirectory, "config", "incidents.json");
        }

        var fromWorkingDirectory = System.IO.Path.GetFullPath(configured);
        if (System.IO.Path.IsPathRooted(configured) || File.Exists(fromWorkingDirectory))
        {
            return fromWorkingDirectory;
        }

        var besideApp = System.IO.Path.GetFullPath(configured, AppContext.BaseDirectory);
        return File.Exists(besideApp) ? besideApp : fromWorkingDirectory;
    }

    /// <param name="adminKey">The <see cref="AdminKeySetting"/> value, replacing the file's key when set.</param>
    /// <param name="requireAdminKey">In Azure: the file's key is a committed sample, so the setting must be given.</param>
    public static IncidentConfigProvider Load(string? configured, string? adminKey, bool requireAdminKey)
    {
        var path = ResolvePath(configured);
        var config = ConfigLoader.Load(path);
        var setting = AdminKeySetting.Replace(":", "__", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            if (requireAdminKey)
            {
                throw new InvalidOperationException(
                    $"{setting} is required here: the admin key in {path} is committed with the code. Set it to a Key Vault reference (infra/ does) or a secret of at least {ConfigLoader.MinAdminApiKeyLength} characters.");
            }

            return new IncidentConfigProvider(config, path);
        }

        if (KeyVaultReference.IsUnresolved(adminKey))
        {
            throw new InvalidOperationException(
                $"{setting} is a Key Vault reference that did not resolve (the secret is missing, or the app's identity may not read it): {KeyVaultReference.Describe(adminKey)}");
        }

        if (adminKey.Length < ConfigLoader.MinAdminApiKeyLength)
        {
            throw new InvalidOperationException($"{setting} must be at least {ConfigLoader.MinAdminApiKeyLength} characters long (it has {adminKey.Length})");
        }

        return new IncidentConfigProvider(config with { AdminApiKey = adminKey }, path);
    }
}
