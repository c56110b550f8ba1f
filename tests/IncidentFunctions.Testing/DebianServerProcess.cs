using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IncidentFunctions.Testing;

/// <summary>
/// A server from a Debian package (Alertmanager, Prometheus) run by a test as its own: a free loopback port, its files in a
/// temporary folder deleted on dispose, its output kept for a failing test's message, and ready only once its
/// <c>/-/ready</c> answers 200 (within a deadline). Never one a person started. ./test.sh installs the packages when missing.
/// </summary>
public sealed class DebianServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DebianServerProcess(Process process, string dir, int port)
    {
        _process = process;
        Directory = dir;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>The process's own folder (configuration, data).</summary>
    public string Directory { get; }

    /// <summary>What it printed.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The binary at <paramref name="variable"/>'s path, else <paramref name="defaultPath"/>, or a message saying how to get one.</summary>
    public static string Binary(string variable, string defaultPath, string package)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? configured : defaultPath;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"no {package} at {path}: install Debian's {package} " +
                $"(apt-get install -y {package}; ./test.sh does this itself) or set {variable} to its binary.");
    }

    /// <summary>
    /// Writes <paramref name="files"/> into a new folder, then starts <paramref name="binary"/> with the arguments
    /// <paramref name="arguments"/> makes from (folder, port), and waits until it is ready.
    /// </summary>
    public static async Task<DebianServerProcess> StartAsync(string name, string binary, IReadOnlyDictionary<string, string> files,
        Func<string, int, IEnumerable<string>> arguments, TimeSpan? timeout = null)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory($"incident-{name}-").FullName;
        foreach (var (file, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(dir, file), text);
        }

        var port = FreePort();
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in arguments(dir, port))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start");
        var server = new DebianServerProcess(process, dir, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {server.Log}");
            }

            try
            {
                using var ready = await http.GetAsync(server.BaseUrl + "/-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > until)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"{name} not ready at {server.BaseUrl}: {server.Log}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
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
