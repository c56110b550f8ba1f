using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IncidentFunctions.Testing;

/// <summary>
/// An Azurite of one test's own that can be stopped and started again on the same ports and data folder (a storage
/// outage), without touching <see cref="TestStorage"/>'s. Fixed free ports rather than the OS's pick, so a restart
/// comes back where the runtime under test is still pointing.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
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
        var dir = Path.Combine(Path.GetTempPath(), "azurite-private-" + Guid.NewGuid().ToString("N")[..12]);
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

    private Task RunScriptAsync(string command, TimeSpan timeout) => Task.Run(() => AzuriteScript.Run([command], StateDir, timeout,
        new Dictionary<string, string>
        {
            ["AZURITE_BLOB_PORT"] = _ports[0].ToString(CultureInfo.InvariantCulture),
            ["AZURITE_QUEUE_PORT"] = _ports[1].ToString(CultureInfo.InvariantCulture),
            ["AZURITE_TABLE_PORT"] = _ports[2].ToString(CultureInfo.InvariantCulture),
        }));

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
