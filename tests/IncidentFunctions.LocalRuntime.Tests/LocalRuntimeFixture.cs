using System.Diagnostics;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.LocalRuntime.Tests;

/// <summary>Test classes in this collection share one running local runtime.</summary>
[CollectionDefinition(Name)]
public sealed class LocalRuntimeCollection : ICollectionFixture<LocalRuntimeFixture>
{
    public const string Name = "local-runtime";
}

/// <summary>
/// A local runtime started in the test process (a <see cref="TestWorldBuilder"/> world): a free port, a task hub, table
/// prefix and event queue of its own on the test process's Azurite, the shipped sample configuration. On dispose the
/// host stops and everything it wrote is deleted.
/// </summary>
/// <remarks>To run another configuration, a fake Twilio or other settings, derive and override <see cref="Configure"/>.</remarks>
public class LocalRuntimeFixture : IAsyncLifetime
{
    private readonly TestWorldBuilder _builder = new();
    private InProcessWorld? _world;

    /// <summary>"t" and 16 hex digits: the task hub's name, its tables' prefix and its event queue's name.</summary>
    public string TaskHubName => _builder.TaskHub;

    public InProcessWorld World => _world ?? throw new InvalidOperationException("The fixture has not started yet.");

    public LocalRuntimeHost Host => World.Host;

    /// <summary>An HttpClient whose BaseAddress is the runtime's base URL (with a trailing slash: use relative paths like "api/health").</summary>
    public HttpClient Client => World.Client;

    /// <summary>Everything the runtime logged at the configured levels (Warning and above unless a fixture says otherwise).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>How long <see cref="LocalRuntimeHost.StartAsync"/> took.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>The options the host was started with; tests that start a second host on the same hub reuse them.</summary>
    public LocalRuntimeOptions CreateOptions() => World.Options;

    /// <summary>What this fixture's world is made of, beside the defaults; runs once, before the runtime starts.</summary>
    protected virtual void Configure(TestWorldBuilder world)
    {
    }

    public virtual async Task InitializeAsync()
    {
        // Tests sign many people in to the console from one address, many times an hour; the throttle's own tests
        // (SignInThrottleTests, SignInServiceTests, ConsoleSignInTests' throttled runtime) hold its product limits.
        Configure(_builder.WithLogging(logging => logging.AddProvider(Logs))
            .WithSetting("SignIn:CodesPerPerson", "100000")
            .WithSetting("SignIn:CodesPerAddress", "100000"));
        var clock = Stopwatch.StartNew();
        _world = await _builder.StartInProcessAsync();
        StartDuration = clock.Elapsed;
    }

    public virtual async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }

    public static string NewTaskHubName() => TaskHubs.NewName();
}
