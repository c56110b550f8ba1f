namespace IncidentFunctions.Testing;

/// <summary>
/// Finds the read-only shared fixtures (…/shared/fixtures, next to the repository checkout) at run time. They are never
/// copied into the repository; tests that read them pass with a message when they are absent.
/// </summary>
public static class SharedFixtures
{
    /// <summary>Environment variable naming the fixtures directory explicitly (the one holding twilio/, grafana/...).</summary>
    public const string EnvironmentVariable = "INCIDENT_FIXTURES_DIR";

    /// <summary>
    /// The fixtures root: <see cref="EnvironmentVariable"/> when set and existing, else the first "shared/fixtures"
    /// found walking up from the test's base directory. Null when neither exists.
    /// </summary>
    public static string? FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured) && Directory.Exists(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The fixtures subdirectory (e.g. "twilio"), or null when it is not there.</summary>
    public static string? FindDirectory(string name)
    {
        var root = FindRoot();
        var dir = root is null ? null : Path.Combine(root, name);
        return dir is not null && Directory.Exists(dir) ? dir : null;
    }

    /// <summary>The message tests print when they pass without fixtures.</summary>
    public static string AbsentMessage(string name) =>
        $"SKIPPED (passing): shared fixtures '{name}' not found — set {EnvironmentVariable} or place shared/fixtures above {AppContext.BaseDirectory}.";
}
