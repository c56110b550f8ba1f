namespace IncidentFunctions.Testing.World;

/// <summary>
/// The built local runtime as a child process (<see cref="RuntimeProcess"/>): a test can kill -9 it and start it again on
/// the same port, task hub and worker id. Dispose stops it and deletes its data (if its storage is still there).
/// </summary>
public sealed class ChildProcessWorld : IAsyncDisposable
{
    private readonly WorldParts _parts;

    private ChildProcessWorld(RuntimeProcess runtime, WorldParts parts)
    {
        Runtime = runtime;
        _parts = parts;
        Client = new HttpClient { BaseAddress = new Uri(runtime.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public RuntimeProcess Runtime { get; }

    public HttpClient Client { get; }

    public FakeTwilioServer Twilio => _parts.Twilio ?? throw new InvalidOperationException("This world pages no fake Twilio (WithFakeTwilio).");

    /// <summary>The fake Slack, when the world has one.</summary>
    public FakeSlackServer Slack => _parts.Slack ?? throw new InvalidOperationException("This world has no fake Slack (WithFakeSlack).");

    public string TaskHub => _parts.TaskHub;

    public string Storage => _parts.Storage;

    internal static async Task<ChildProcessWorld> StartAsync(WorldParts parts)
    {
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = parts.Storage,
            ["TASK_HUB"] = parts.TaskHub,
            // Stable across restarts (docs/local-runtime.md, pitfall 4): a restarted process takes the leases back at once.
            ["WORKER_ID"] = "world-" + parts.TaskHub,
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in parts.Settings)
        {
            if (value is not null)
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var world = new ChildProcessWorld(new RuntimeProcess(environment), parts);
        try
        {
            await world.Runtime.StartAsync();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Runtime.DisposeAsync();
        await _parts.DisposeAsync();
        try
        {
            await TaskHubs.DeleteAsync(Storage, TaskHub);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            // Storage already gone (a private Azurite being disposed): nothing to clean.
        }
    }
}
