using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Application.Configuration;

/// <summary>
/// The validated incident configuration. Loaded once at start-up: an invalid file stops the host
/// with every problem listed, rather than failing a page at 3 a.m.
/// </summary>
public sealed class IncidentConfigProvider(IncidentConfig current, string path)
{
    public const string PathVariable = "INCIDENTS_CONFIG";

    public IncidentConfig Current { get; } = current;

    public string Path { get; } = path;

    /// <summary>INCIDENTS_CONFIG when set (relative to the working directory), else config/incidents.json beside the app.</summary>
    public static string ResolvePath(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Path.GetFullPath(configured);
        }

        return System.IO.Path.Combine(AppContext.BaseDirectory, "config", "incidents.json");
    }

    public static IncidentConfigProvider Load(string? configured)
    {
        var path = ResolvePath(configured);
        return new IncidentConfigProvider(ConfigLoader.Load(path), path);
    }
}
