namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The console's script and stylesheet, embedded in the assembly so both hosts serve the same bytes from
/// /console/assets/{name} without a static-files setup (which the Functions host does not have).
/// </summary>
public static class ConsoleAssets
{
    private static readonly Dictionary<string, ConsoleAsset> Assets = new(StringComparer.Ordinal)
    {
        ["app.js"] = Load("app.js", "text/javascript; charset=utf-8"),
        ["app.css"] = Load("app.css", "text/css; charset=utf-8"),
        ["favicon.svg"] = Load("favicon.svg", "image/svg+xml"),
    };

    public static ConsoleAsset? Find(string name) => Assets.GetValueOrDefault(name);

    private static ConsoleAsset Load(string name, string contentType)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("WebConsole.Assets." + name)
            ?? throw new InvalidOperationException($"The console asset {name} is not embedded in the application assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new ConsoleAsset(contentType, copy.ToArray());
    }
}

public sealed record ConsoleAsset(string ContentType, byte[] Body);
