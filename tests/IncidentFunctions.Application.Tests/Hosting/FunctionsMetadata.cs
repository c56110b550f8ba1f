using System.Reflection;
using System.Text.Json.Nodes;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>One function of the Functions app as the Worker SDK declared it to the host.</summary>
internal sealed record FunctionBinding(string Type, string? Route, IReadOnlyList<string> Methods, string? AuthLevel);

internal sealed record DeclaredFunction(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding? Trigger => Bindings.FirstOrDefault(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    public bool Binds(string type) => Bindings.Any(b => b.Type == type);
}

/// <summary>
/// The functions.metadata the Worker SDK writes when the Functions app builds: what the Functions host actually binds
/// (routes, methods, authorization levels, triggers), read from the build of the same configuration as these tests.
/// </summary>
internal static class FunctionsMetadata
{
    public static IReadOnlyList<DeclaredFunction> Load()
    {
        var path = Locate();
        var functions = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        return functions.Select(f => new DeclaredFunction(
            f!["name"]!.GetValue<string>(),
            f["bindings"]!.AsArray().Select(b => new FunctionBinding(
                b!["type"]!.GetValue<string>(),
                b["route"]?.GetValue<string>(),
                b["methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [],
                b["authLevel"]?.GetValue<string>())).ToList())).ToList();
    }

    /// <summary>src/IncidentFunctions.FunctionsApp/bin/{Debug|Release}/{tfm}/functions.metadata, matching this test build.</summary>
    private static string Locate()
    {
        var testOutput = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = typeof(FunctionsMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? testOutput.Parent!.Name;
        var path = Path.Combine(RepoRoot(testOutput), "src", "IncidentFunctions.FunctionsApp", "bin", configuration, testOutput.Name, "functions.metadata");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{path} is missing: build the Functions app in {configuration} first (dotnet build IncidentFunctions.sln -c {configuration})", path);
    }

    private static string RepoRoot(DirectoryInfo start)
    {
        for (var dir = start; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no IncidentFunctions.sln above {start.FullName}");
    }
}
