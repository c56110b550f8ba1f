namespace IncidentFunctions.Testing;

/// <summary>The checkout the tests run from: scripts, config and samples are read from it.</summary>
public static class RepoRoot
{
    /// <summary>The directory holding IncidentFunctions.sln, found by walking up from the test binaries.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No IncidentFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
