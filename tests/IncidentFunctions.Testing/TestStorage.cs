using System.Diagnostics;

namespace IncidentFunctions.Testing;

/// <summary>
/// The Azurite every test in this process uses: never one a person started. <c>./test.sh</c> starts one of its own on
/// free ports (<c>scripts/azurite.sh private</c>) and names it in <see cref="Variable"/>; a test process started
/// without it (<c>dotnet test</c> from an IDE) starts its own the same way and stops it when the process exits.
/// </summary>
public static class TestStorage
{
    /// <summary>The connection string of the test Azurite, set by ./test.sh and ./bench.sh.</summary>
    public const string Variable = "INCIDENT_TEST_STORAGE";

    private static readonly Lazy<string> Connection = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The connection string, starting the process's own Azurite on first use if none was named.</summary>
    public static string ConnectionString => Connection.Value;

    /// <summary>Starts the process's own Azurite if none was named; for fixtures that want the cost paid up front.</summary>
    public static Task EnsureRunningAsync() => Task.Run(() => _ = Connection.Value);

    private static string Resolve()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return Checked(named.Trim(), Variable);
        }

        DeleteLeftovers();
        var dir = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
        var connection = Checked(AzuriteScript.Run(["private", dir], stateDir: null, TimeSpan.FromMinutes(5)).Trim(), "scripts/azurite.sh private");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            AzuriteScript.Run(["stop"], stateDir: dir, TimeSpan.FromSeconds(30));
            TryDelete(dir);
        };
        return connection;
    }

    private const string Prefix = "incident-test-azurite-";

    /// <summary>
    /// One line that starts like a connection string: anything else (a script's chatter captured with it) would make
    /// every storage client throw "No valid combination of account information found" in hundreds of tests at once.
    /// </summary>
    private static string Checked(string connection, string source) =>
        connection.StartsWith("DefaultEndpointsProtocol=", StringComparison.Ordinal) && !connection.Contains('\n')
            ? connection
            : throw new InvalidOperationException(
                $"{source} gave no Azure Storage connection string (one line starting DefaultEndpointsProtocol=): '{connection}'");

    /// <summary>
    /// Folders of earlier test processes whose Azurite is gone: the test host may be ended before its exit handler has
    /// deleted the folder (the Azurite itself is stopped first).
    /// </summary>
    private static void DeleteLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            // Young folders may belong to a test process that is still starting its Azurite.
            if (DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) < TimeSpan.FromMinutes(10))
            {
                continue;
            }

            var pidFile = Path.Combine(dir, "azurite.pid");
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) || !IsRunning(pid))
            {
                TryDelete(dir);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in the temp folder; the next test process without INCIDENT_TEST_STORAGE deletes it.
        }
    }
}

/// <summary>Runs scripts/azurite.sh, the one place that knows how to start and stop Azurite.</summary>
public static class AzuriteScript
{
    /// <summary>Runs it to the end and returns its standard output; throws with its output if it fails or overruns.</summary>
    public static string Run(IReadOnlyList<string> args, string? stateDir, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = RepoRoot.Find();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "azurite.sh"), .. args])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (stateDir is not null)
        {
            start.Environment["AZURITE_STATE_DIR"] = stateDir;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/azurite.sh.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/azurite.sh {string.Join(' ', args)} did not finish within {timeout}: {errors.Result}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/azurite.sh {string.Join(' ', args)} exited {process.ExitCode}: {output.Result}{errors.Result}");
        }

        return output.Result;
    }
}
