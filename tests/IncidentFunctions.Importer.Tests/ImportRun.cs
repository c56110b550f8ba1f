using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Importer;

namespace IncidentFunctions.Importer.Tests;

/// <summary>One run of the tool in-process, as scripts/import.sh runs it: its exit code, what it wrote, what it said.</summary>
public sealed record ImportRun(int ExitCode, string Config, string Errors)
{
    public static ImportRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ImportTool.Run(args, stdout, stderr);
        return new ImportRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The written configuration loaded as the app loads it (throws with every problem when it does not load).</summary>
    public IncidentConfig Load() => ConfigLoader.Parse(Config, "imported.json");

    /// <summary>The comment lines, for what the import says it did not carry.</summary>
    /// <summary>Whether some commented-out line holds <paramref name="text"/> (a section kept for reference, not in effect).</summary>
    public bool HasCommentedOut(string text) => Config.Split('\n').Any(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    public string Comments => string.Join('\n', Config.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("//", StringComparison.Ordinal)));
}

/// <summary>A copy of an export folder in the temp directory, so a test may remove or spoil files; deleted afterwards.</summary>
public sealed class ExportCopy : IDisposable
{
    public ExportCopy(string? vendor = null)
    {
        Root = Directory.CreateTempSubdirectory("import-test-").FullName;
        if (vendor is not null)
        {
            var source = Path.Combine(AppContext.BaseDirectory, "Exports", vendor);
            foreach (var file in Directory.EnumerateFiles(source, "*.json", SearchOption.AllDirectories))
            {
                var target = Path.Combine(Root, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Delete(string relative)
    {
        var path = PathOf(relative);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    public void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
