using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IncidentFunctions.Testing;

/// <summary>
/// A real Prometheus Alertmanager (Debian's prometheus-alertmanager, which ./test.sh installs when missing;
/// ALERTMANAGER_PATH overrides /usr/bin/prometheus-alertmanager) of the test's own: a free port, clustering off, its
/// configuration and data in a temporary folder deleted on dispose. Never one a person started.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string PathVariable = "ALERTMANAGER_PATH";
    private const string DefaultPath = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>What it printed, for a failing test's message.</summary>
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

    /// <summary>The binary, or a message saying how to get one.</summary>
    public static string Binary()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"no Alertmanager at {path}: install Debian's prometheus-alertmanager " +
                $"(apt-get install -y prometheus-alertmanager; ./test.sh does this itself) or set {PathVariable} to an alertmanager binary.");
    }

    /// <summary>Starts it with <paramref name="configYaml"/> and waits (with a deadline) until it answers ready.</summary>
    public static async Task<AlertmanagerProcess> StartAsync(string configYaml, TimeSpan? timeout = null)
    {
        var binary = Binary();
        var dir = Directory.CreateTempSubdirectory("incident-alertmanager-").FullName;
        var config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--config.file=" + config, "--storage.path=" + Path.Combine(dir, "data"), $"--web.listen-address=127.0.0.1:{port}",
            // A single instance: no gossip port to collide with another test's.
            "--cluster.listen-address=",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Alertmanager did not start");
        var am = new AlertmanagerProcess(process, dir, port);
        process.OutputDataReceived += (_, e) => am.Append(e.Data);
        process.ErrorDataReceived += (_, e) => am.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                await am.DisposeAsync();
                throw new InvalidOperationException($"Alertmanager exited with {process.ExitCode}: {am.Log}");
            }

            try
            {
                using var ready = await http.GetAsync(am.BaseUrl + "/-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return am;
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
                await am.DisposeAsync();
                throw new TimeoutException($"Alertmanager not ready at {am.BaseUrl}: {am.Log}");
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
            Directory.Delete(_dir, recursive: true);
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
