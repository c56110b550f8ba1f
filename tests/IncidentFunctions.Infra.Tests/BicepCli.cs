using System.Diagnostics;

namespace IncidentFunctions.Infra.Tests;

/// <summary>
/// The Bicep CLI from NuGet (tools/bicep/bicep.csproj), restored into the ignored .tools/packages: test.sh restores it
/// before the tests; a plain `dotnet test` restores it here on first use.
/// </summary>
internal static class BicepCli
{
    public const string Version = "0.49.2";
    private static readonly SemaphoreSlim Restore = new(1, 1);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string InfraDir => Path.Combine(RepoRoot, "infra");

    private static string Executable => Path.Combine(RepoRoot, ".tools", "packages", "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");

    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        await EnsureRestoredAsync();
        return await ExecAsync(Executable, args, TimeSpan.FromMinutes(3));
    }

    private static async Task EnsureRestoredAsync()
    {
        await Restore.WaitAsync();
        try
        {
            if (File.Exists(Executable))
            {
                return;
            }

            var (code, stdout, stderr) = await ExecAsync("dotnet",
                ["restore", Path.Combine(RepoRoot, "tools", "bicep", "bicep.csproj"), "--packages", Path.Combine(RepoRoot, ".tools", "packages")],
                TimeSpan.FromMinutes(5));
            if (code != 0 || !File.Exists(Executable))
            {
                throw new InvalidOperationException($"could not restore the Bicep CLI {Version} from NuGet (exit {code}):\n{stdout}\n{stderr}");
            }
        }
        finally
        {
            Restore.Release();
        }
    }

    private static async Task<(int, string, string)> ExecAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // Bicep would otherwise try to reach the internet for telemetry and module registries.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IncidentFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
