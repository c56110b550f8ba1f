using System.Text.Json;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Importer.Exports;

/// <summary>
/// The folder of saved API responses. An export named "users" is any of: users.json (one response), users.2.json,
/// users.3.json… (further pages, read in page order), and users/*.json (one response per file, e.g. one
/// GET /schedules/{id} each, read in file-name order). Each file is one response exactly as the API returned it.
/// </summary>
public sealed partial class ExportFolder(string root)
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public string Root { get; } = root;

    /// <summary>The files of export <paramref name="name"/>, in reading order; empty when there are none.</summary>
    public IReadOnlyList<string> Files(string name)
    {
        var files = new List<string>();
        var single = Path.Combine(Root, name + ".json");
        if (File.Exists(single))
        {
            files.Add(single);
        }

        files.AddRange(Directory.EnumerateFiles(Root, name + ".*.json")
            .Select(file => (file, page: PageNumber().Match(Path.GetFileName(file))))
            .Where(pair => pair.page.Success && pair.page.Groups["name"].Value == name)
            .OrderBy(pair => int.Parse(pair.page.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Select(pair => pair.file));

        var folder = Path.Combine(Root, name);
        if (Directory.Exists(folder))
        {
            files.AddRange(Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal));
        }

        return files;
    }

    public bool Has(string name) => Files(name).Count > 0;

    /// <summary>Every response of export <paramref name="name"/>, parsed; a file that is not JSON throws naming it.</summary>
    public IReadOnlyList<ExportNode> Read(string name) => [.. Files(name).Select(ReadFile)];

    public static ExportNode ReadFile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExportFormatException(file, "$", $"cannot read the file: {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text, Options);
            return new ExportNode(document.RootElement.Clone(), file, "$");
        }
        catch (JsonException e)
        {
            var reason = ReaderPosition().Replace(e.Message, "").Trim();
            throw new ExportFormatException(file, "$", $"invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {reason}");
        }
    }

    [GeneratedRegex(@"^(?<name>.+)\.(?<n>[0-9]{1,6})\.json$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\s*(?:Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex ReaderPosition();
}
