using IncidentFunctions.Testing;
using System.Diagnostics;
using System.Security.Cryptography;
using Azure.Data.Tables;
using IncidentFunctions.LocalRuntime;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.LocalRuntime.Tests;

/// <summary>Test classes in this collection share one running local runtime.</summary>
[CollectionDefinition(Name)]
public sealed class LocalRuntimeCollection : ICollectionFixture<LocalRuntimeFixture>
{
    public const string Name = "local-runtime";
}

/// <summary>
/// A local runtime started in the test process, on a free port and a task hub of its own, over the test process's own
/// Azurite (<see cref="TestStorage"/>: never one a person started). On
/// dispose the host stops and its task hub and tables are deleted.
/// </summary>
/// <remarks>
/// To add settings (a fake Twilio, say), derive: pass them to the protected constructor, or add to <see cref="Settings"/>
/// in an override of <see cref="InitializeAsync"/> before calling <c>base.InitializeAsync()</c> (once the fake's port is known).
/// </remarks>
public class LocalRuntimeFixture : IAsyncLifetime
{
    private LocalRuntimeHost? _host;
    private HttpClient? _client;

    public LocalRuntimeFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>For a derived fixture with settings of its own (xunit allows a fixture one public constructor only).</summary>
    protected LocalRuntimeFixture(IDictionary<string, string?> settings)
    {
        TaskHubName = NewTaskHubName();
        Settings = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);

        // The application's tables get the hub's name as prefix, so fixtures share Azurite without sharing data.
        Settings.TryAdd("IncidentStorage:TablePrefix", TaskHubName);
        // And the event stream's Storage queue (no Service Bus here): the hub's name is a valid queue name too.
        Settings.TryAdd("IncidentEvents:QueueName", TaskHubName);
        Settings.TryAdd("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>"t" and 16 hex digits: a valid task hub name and table-name prefix, unique per fixture.</summary>
    public string TaskHubName { get; }

    /// <summary>Laid over appsettings.json and the environment. Read when the host starts.</summary>
    public IDictionary<string, string?> Settings { get; }

    public LocalRuntimeHost Host => _host ?? throw new InvalidOperationException("The fixture has not started yet.");

    /// <summary>An HttpClient whose BaseAddress is the runtime's base URL (with a trailing slash: use relative paths like "api/health").</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The fixture has not started yet.");

    /// <summary>Everything the runtime logged at the configured levels (Warning and above unless a fixture says otherwise).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>How long <see cref="LocalRuntimeHost.StartAsync"/> took.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>The options the host is started with; tests that start a second host on the same hub can copy them.</summary>
    public LocalRuntimeOptions CreateOptions() => new()
    {
        ConfigureLogging = logging => logging.AddProvider(Logs),
        HttpPort = 0,
        SidecarPort = 0,
        TaskHubName = TaskHubName,
        StorageConnectionString = TestStorage.ConnectionString,
        Settings = new Dictionary<string, string?>(Settings, StringComparer.OrdinalIgnoreCase),
    };

    public virtual async Task InitializeAsync()
    {
        await TestStorage.EnsureRunningAsync();

        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _host = await LocalRuntimeHost.StartAsync(CreateOptions(), timeout.Token);
        StartDuration = clock.Elapsed;
        _client = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/") };
    }

    public virtual async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DeleteTaskHubAsync();
            await DeleteTablesAsync(TaskHubName);
            await new Azure.Storage.Queues.QueueClient(TestStorage.ConnectionString, TaskHubName).DeleteIfExistsAsync();
        }
    }

    public static string NewTaskHubName() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static async Task DeleteTablesAsync(string prefix)
    {
        var tables = new TableServiceClient(TestStorage.ConnectionString);
        await foreach (var table in tables.QueryAsync(maxPerPage: 1000))
        {
            if (table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                await tables.DeleteTableAsync(table.Name);
            }
        }
    }
}
