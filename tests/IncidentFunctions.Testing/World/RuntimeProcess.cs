using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IncidentFunctions.Testing.World;

/// <summary>
/// The local runtime as a separate child process (the built IncidentFunctions.LocalRuntime.dll), configured by
/// environment variables, so a test can kill -9 it and start it again on the same port, task hub and worker id.
/// </summary>
public sealed class RuntimeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();
    private Process? _process;
    private int _incarnation;

    public RuntimeProcess(IReadOnlyDictionary<string, string> environment)
    {
        Port = FreePort();
        var env = new Dictionary<string, string>(environment) { ["PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        _environment = env;
        BaseUrl = $"http://127.0.0.1:{Port}";
    }

    public int Port { get; }

    /// <summary>How many times the process was started (a restart would hide a runtime that cannot recover by itself).</summary>
    public int Starts => _incarnation;

    public string BaseUrl { get; }

    /// <summary>The built runtime, from the same configuration (Release under ./test.sh) as these tests.</summary>
    public static string DllPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(RepoRoot.Find(), "src", "IncidentFunctions.LocalRuntime", "bin", configuration, "net10.0", "IncidentFunctions.LocalRuntime.dll");
        }
    }

    /// <summary>Everything the process(es) wrote so far, each incarnation marked: for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_gate)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the process and waits until GET /api/health answers 200 (storage reachable).</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The runtime is already running.");
        }

        if (!File.Exists(DllPath))
        {
            throw new InvalidOperationException($"{DllPath} is missing: build the solution first (dotnet build IncidentFunctions.sln -c Release).");
        }

        var start = new ProcessStartInfo("dotnet", [DllPath])
        {
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var incarnation = ++_incarnation;
        Append($"---- runtime #{incarnation} starting at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the runtime.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The runtime exited with {process.ExitCode} while starting. Its output:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Append($"---- runtime #{incarnation} healthy at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The runtime was not healthy within {StartTimeout}. Its output:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no lease release, whatever was in flight is lost mid-way.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The runtime was never started.");
        Append($"---- kill -9 at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
        process.Kill(entireProcessTree: false); // SIGKILL on Unix
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
