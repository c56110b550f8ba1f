using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// An Azurite of this test's own, on free ports with its own data folder (scripts/azurite.sh with AZURITE_*_PORT and
/// AZURITE_STATE_DIR), so that it can be stopped and started again without touching the shared one on 10000-10002.
/// </summary>
internal sealed class PrivateAzurite : IAsyncDisposable
{
    /// <summary>Azurite's documented development account (public, the same in every Azurite).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly int[] _ports;

    private PrivateAzurite(string stateDir, int[] ports)
    {
        StateDir = stateDir;
        _ports = ports;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;";
    }

    public string StateDir { get; }

    public string ConnectionString { get; }

    public static async Task<PrivateAzurite> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "azurite-faults-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var azurite = new PrivateAzurite(dir, FreePorts(3));
        await azurite.StartAgainAsync();
        return azurite;
    }

    /// <summary>Starts it (again) on the same ports and data folder.</summary>
    public Task StartAgainAsync() => RunScriptAsync("start", TimeSpan.FromMinutes(3));

    public Task StopAsync() => RunScriptAsync("stop", TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; nothing else reads it.
        }
    }

    private async Task RunScriptAsync(string command, TimeSpan timeout)
    {
        var root = LocalRuntimeFixture.FindRepoRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "azurite.sh"), command])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AZURITE_BLOB_PORT"] = _ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["AZURITE_QUEUE_PORT"] = _ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["AZURITE_TABLE_PORT"] = _ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["AZURITE_STATE_DIR"] = StateDir;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/azurite.sh.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/azurite.sh {command} (private, ports {string.Join(",", _ports)}) exited {process.ExitCode}: {await output}{await errors}");
        }
    }

    /// <summary>Held open together, so the three are distinct.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var l in listeners)
            {
                l.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners)
            {
                l.Dispose();
            }
        }
    }
}
