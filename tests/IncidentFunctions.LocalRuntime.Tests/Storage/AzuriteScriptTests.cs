using System.Diagnostics;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Storage;

/// <summary>
/// <c>scripts/azurite.sh private</c> is how ./test.sh and ./bench.sh get their own Azurite: its standard output is
/// captured whole as the connection string. On a fresh clone it first installs Azurite with <c>npm ci</c>; that
/// output once landed in the captured string and every storage client in CI refused it.
/// </summary>
public sealed class AzuriteScriptTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "azurite-script-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void On_a_fresh_clone_private_prints_the_connection_string_alone_while_the_install_talks_on_stderr()
    {
        // A clone-shaped folder without node_modules, and an npm that chatters on stdout the way `npm ci` does, then
        // "installs" a node_modules/.bin/azurite that runs the repository's own (a wrapper, not a link: deleting the
        // folder afterwards must not reach into the repository's node_modules), and the file our patch marks.
        var repo = RepoRoot.Find();
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        File.Copy(Path.Combine(repo, "scripts", "azurite.sh"), Path.Combine(_root, "scripts", "azurite.sh"));
        var bin = Path.Combine(_root, "fake-bin");
        Directory.CreateDirectory(bin);
        var npm = Path.Combine(bin, "npm");
        File.WriteAllText(npm, $"""
            #!/usr/bin/env bash
            echo
            echo "added 457 packages in 26s"
            mkdir -p node_modules/.bin
            printf '#!/usr/bin/env bash\nexec %q "$@"\n' '{Path.Combine(repo, "node_modules", ".bin", "azurite")}' >node_modules/.bin/azurite
            chmod +x node_modules/.bin/azurite
            mkdir -p node_modules/azurite/dist/src/table/persistence
            echo "static pinnedPartitionKey(query)" >node_modules/azurite/dist/src/table/persistence/LokiTableStoreQueryGenerator.js
            """);
        // The scripts this test drives run only where bash does.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var state = Path.Combine(_root, "state");
        var (exit, stdout, stderr) = Run(["private", state], new() { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") });
        try
        {
            Assert.True(exit == 0, $"azurite.sh private failed ({exit}): {stderr}");
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;", line, StringComparison.Ordinal);
            Assert.Matches(@"QueueEndpoint=http://127\.0\.0\.1:\d+/devstoreaccount1;", line);
            Assert.Contains("installing Azurite (npm ci)", stderr, StringComparison.Ordinal);
            Assert.Contains("added 457 packages", stderr, StringComparison.Ordinal);
            Assert.Equal(line + "\n", File.ReadAllText(Path.Combine(state, "connection-string")));
        }
        finally
        {
            Run(["stop"], new() { ["AZURITE_STATE_DIR"] = state });
        }
    }

    private (int Exit, string Stdout, string Stderr) Run(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_root, "scripts", "azurite.sh"), .. args])
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("azurite.sh " + string.Join(' ', args) + " overran 2 minutes: " + stderr.Result);
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing reads it.
        }
    }
}
