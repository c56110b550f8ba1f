using IncidentFunctions.LocalRuntime;

namespace IncidentFunctions.Testing.World;

/// <summary>The local runtime in the test's own process, with what it was built from. Dispose stops it and deletes its data.</summary>
public sealed class InProcessWorld : IAsyncDisposable
{
    private readonly WorldParts _parts;

    private InProcessWorld(LocalRuntimeHost host, WorldParts parts, LocalRuntimeOptions options)
    {
        Host = host;
        _parts = parts;
        Options = options;
        Client = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public LocalRuntimeHost Host { get; }

    /// <summary>An HttpClient whose BaseAddress is the runtime's base URL with a trailing slash (use relative paths like "api/health").</summary>
    public HttpClient Client { get; }

    /// <summary>The fake Twilio, when the world has one.</summary>
    public FakeTwilioServer Twilio => _parts.Twilio ?? throw new InvalidOperationException("This world pages no fake Twilio (WithFakeTwilio).");

    /// <summary>The fake Slack, when the world has one.</summary>
    public FakeSlackServer Slack => _parts.Slack ?? throw new InvalidOperationException("This world has no fake Slack (WithFakeSlack).");

    public string TaskHub => _parts.TaskHub;

    public string Storage => _parts.Storage;

    /// <summary>The options the runtime was started with: a second runtime on the same hub can be started from them.</summary>
    public LocalRuntimeOptions Options { get; }

    internal static async Task<InProcessWorld> StartAsync(TestWorldBuilder builder, WorldParts parts, CancellationToken ct)
    {
        var options = new LocalRuntimeOptions
        {
            HttpPort = 0,
            SidecarPort = 0,
            TaskHubName = parts.TaskHub,
            StorageConnectionString = parts.Storage,
            Settings = new Dictionary<string, string?>(parts.Settings, StringComparer.OrdinalIgnoreCase),
            StoragePolicy = builder.StoragePolicy,
            AdditionalTasks = builder.AdditionalTasks,
            ConfigureLogging = builder.ConfigureLogging,
            ConfigureTracing = builder.ConfigureTracing,
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            var host = await LocalRuntimeHost.StartAsync(options, timeout.Token);
            return new InProcessWorld(host, parts, options);
        }
        catch
        {
            await parts.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await Host.DeleteTaskHubAsync();
            await TaskHubs.DeleteAsync(Storage, TaskHub);
        }
        finally
        {
            await _parts.DisposeAsync();
        }
    }
}
