using System.Globalization;
using Azure.Core.Pipeline;
using Microsoft.DurableTask;

namespace IncidentFunctions.LocalRuntime;

/// <summary>
/// How one local runtime is started. The defaults are what <c>./run.sh</c> gets; tests set a free port (0),
/// a task hub of their own and extra settings.
/// </summary>
public sealed class LocalRuntimeOptions
{
    public const int DefaultHttpPort = 7071;
    public const string DefaultTaskHubName = "IncidentsLocal";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The environment variable read for the default <see cref="HttpPort"/>.</summary>
    public const string PortVariable = "PORT";

    /// <summary>The environment variable read for the default <see cref="TaskHubName"/> (a second runtime beside <c>./run.sh</c>, tests).</summary>
    public const string TaskHubVariable = "TASK_HUB";

    /// <summary>The environment variable read for the default <see cref="WorkerId"/>.</summary>
    public const string WorkerIdVariable = "WORKER_ID";

    /// <summary>
    /// Optional setting (env LocalRuntime__VisibilityTimeout, e.g. 00:00:30): how long a dequeued orchestration or activity
    /// message stays hidden, i.e. how soon work in flight at a crash is picked up again. Default 5 minutes (the backend's).
    /// </summary>
    public const string VisibilityTimeoutSetting = "LocalRuntime:VisibilityTimeout";

    /// <summary>
    /// Control queues of a new task hub (1 to 16). Default 1: one process owns them all here, and on Azurite each queue
    /// more costs polling and lease renewals without adding parallelism (README, Performance). A task hub that exists
    /// keeps the count it was created with, since instances are hashed to their queue by it.
    /// </summary>
    public const string PartitionCountSetting = "LocalRuntime:PartitionCount";

    /// <summary>The control queues of a new task hub when <see cref="PartitionCountSetting"/> is not set.</summary>
    public const int DefaultPartitionCount = 1;

    /// <summary>The storage setting both the Durable backend and the application read (as the Functions host does).</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    private readonly string? _workerId;

    /// <summary>HTTP/1.1 port on 127.0.0.1; 0 picks a free one. Default: env PORT, else 7071.</summary>
    public int HttpPort { get; init; } = PortFromEnvironment();

    /// <summary>Storage for the task hub and the application's tables. Default: env AzureWebJobsStorage, else Azurite.</summary>
    public string StorageConnectionString { get; init; } =
        NonEmpty(Environment.GetEnvironmentVariable(StorageSetting)) ?? DevelopmentStorage;

    /// <summary>3 to 45 letters or digits, starting with a letter (Azure Storage queue, table and container names derive from it). Default: env TASK_HUB, else IncidentsLocal.</summary>
    public string TaskHubName { get; init; } = NonEmpty(Environment.GetEnvironmentVariable(TaskHubVariable)) ?? DefaultTaskHubName;

    /// <summary>
    /// The worker's name on partition leases. It must stay the same across restarts, or a restarted runtime waits
    /// for its previous incarnation's leases to expire. Default: env WORKER_ID, else "local-" + <see cref="TaskHubName"/>.
    /// </summary>
    public string WorkerId
    {
        get => _workerId ?? NonEmpty(Environment.GetEnvironmentVariable(WorkerIdVariable)) ?? "local-" + TaskHubName;
        init => _workerId = NonEmpty(value);
    }

    /// <summary>Port of the gRPC sidecar (HTTP/2 on 127.0.0.1) between the Durable worker and the backend; 0 picks a free one.</summary>
    public int SidecarPort { get; init; }

    /// <summary>Settings laid over appsettings.json and the environment, e.g. <c>["Twilio:ApiBaseUrl"] = "http://127.0.0.1:5123"</c>.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Let Ctrl-C and SIGTERM stop the runtime (the console program sets this). Off by default so that hosts started
    /// inside a test process do not take over that process's signals.
    /// </summary>
    public bool HandleConsoleSignals { get; init; }

    /// <summary>
    /// Called with the host's logging builder after the configured providers, e.g. for a test to add a provider that
    /// keeps what the runtime logs (the levels still come from configuration). Null: console logging only.
    /// </summary>
    public Action<Microsoft.Extensions.Logging.ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Called with the runtime's tracer provider builder, e.g. for a test to add an in-memory exporter. Null: nothing added.</summary>
    public Action<OpenTelemetry.Trace.TracerProviderBuilder>? ConfigureTracing { get; init; }

    /// <summary>
    /// An extra HTTP pipeline policy on every storage client of the runtime: the Durable backend's blobs, queues and
    /// tables and the application's tables and event queue. The benchmark counts storage operations with it; null
    /// (the default) leaves the clients as they are.
    /// </summary>
    public HttpPipelinePolicy? StoragePolicy { get; init; }

    /// <summary>
    /// Registers orchestrators and activities beside the application's on the same worker. The benchmark adds its
    /// floor orchestration here, so that it never exists in production; null (the default) adds nothing.
    /// </summary>
    public Action<DurableTaskRegistry>? AdditionalTasks { get; init; }

    /// <summary>Throws with every problem at once, before anything is started.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (HttpPort is < 0 or > 65535)
        {
            problems.Add($"{nameof(HttpPort)} {HttpPort} is not a TCP port (0 picks a free one)");
        }

        if (SidecarPort is < 0 or > 65535)
        {
            problems.Add($"{nameof(SidecarPort)} {SidecarPort} is not a TCP port (0 picks a free one)");
        }

        if (TaskHubName is null || TaskHubName.Length is < 3 or > 45 || !char.IsAsciiLetter(TaskHubName[0]) || !TaskHubName.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"{nameof(TaskHubName)} '{TaskHubName}' must be 3 to 45 letters or digits, starting with a letter");
        }

        if (string.IsNullOrWhiteSpace(StorageConnectionString))
        {
            problems.Add($"{nameof(StorageConnectionString)} is empty");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid local runtime options: " + string.Join("; ", problems) + ".");
        }
    }

    private static int PortFromEnvironment()
    {
        var text = NonEmpty(Environment.GetEnvironmentVariable(PortVariable));
        if (text is null)
        {
            return DefaultHttpPort;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"The environment variable {PortVariable}='{text}' is not a TCP port.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
