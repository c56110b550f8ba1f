namespace IncidentFunctions.Importer.Exports;

/// <summary>An export file that cannot be read as the vendor's API returns it: which file, where in it (a JSON path), and why.</summary>
public sealed class ExportFormatException(string file, string path, string reason)
    : Exception($"{file}: {path}: {reason}")
{
    public string File { get; } = file;

    /// <summary>"$" for the file as a whole, else like "$.users[2].contact_methods[0].address".</summary>
    public string Path { get; } = path;

    public string Reason { get; } = reason;
}
