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

    private readonly DebianServerProcess _server;

    private AlertmanagerProcess(DebianServerProcess server) => _server = server;

    public string BaseUrl => _server.BaseUrl;

    /// <summary>What it printed, for a failing test's message.</summary>
    public string Log => _server.Log;

    /// <summary>The binary, or a message saying how to get one.</summary>
    public static string Binary() => DebianServerProcess.Binary(PathVariable, DefaultPath, "prometheus-alertmanager");

    /// <summary>Starts it with <paramref name="configYaml"/> and waits (with a deadline) until it answers ready.</summary>
    public static async Task<AlertmanagerProcess> StartAsync(string configYaml, TimeSpan? timeout = null) =>
        new(await DebianServerProcess.StartAsync("alertmanager", Binary(), new Dictionary<string, string> { ["alertmanager.yml"] = configYaml },
            (dir, port) =>
            [
                "--config.file=" + Path.Combine(dir, "alertmanager.yml"), "--storage.path=" + Path.Combine(dir, "data"),
                $"--web.listen-address=127.0.0.1:{port}",
                // A single instance: no gossip port to collide with another test's.
                "--cluster.listen-address=",
            ],
            timeout));

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
