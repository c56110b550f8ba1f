using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.LocalRuntime;

/// <summary>Where the Durable backend keeps its task hub and how the sidecar listens.</summary>
/// <param name="VisibilityTimeout">
/// How long a dequeued message (an orchestration episode or an activity) stays hidden from other dequeues; null keeps the
/// backend's default (5 minutes, as under the Functions host). After a crash, work that was in flight waits this long.
/// </param>
/// <param name="StoragePolicy">Put on the backend's blob, queue and table clients when given (see <see cref="LocalRuntimeOptions.StoragePolicy"/>).</param>
/// <param name="PartitionCount">Control queues of a new task hub (<see cref="LocalRuntimeOptions.PartitionCountSetting"/>); an existing hub keeps its own.</param>
internal sealed record DurableBackendSettings(
    string StorageConnectionString, string TaskHubName, string WorkerId, int SidecarPort, TimeSpan? VisibilityTimeout = null, HttpPipelinePolicy? StoragePolicy = null,
    int PartitionCount = LocalRuntimeOptions.DefaultPartitionCount);

/// <summary>
/// The Durable Task engine under the local runtime: the Azure Storage backend (Azurite locally), the same one the
/// Functions host uses, served to the standard gRPC worker and client by the sidecar from
/// Microsoft.DurableTask.InProcessTestHost, on HTTP/2 over loopback.
/// </summary>
internal sealed class DurableBackend : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A graceful stop drains the control queues and releases the leases in about a second; never wait past this.</summary>
    private static readonly TimeSpan ServiceStopTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _sidecar;
    private readonly AzureStorageOrchestrationService _service;
    private readonly StartStopOnceOrchestrationService _sidecarView;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _stop;

    private DurableBackend(WebApplication sidecar, AzureStorageOrchestrationService service, StartStopOnceOrchestrationService sidecarView, Uri address)
    {
        _sidecar = sidecar;
        _service = service;
        _sidecarView = sidecarView;
        _logger = sidecar.Services.GetRequiredService<ILoggerFactory>().CreateLogger<DurableBackend>();
        Address = address;
    }

    /// <summary>The sidecar's gRPC address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>Creates the task hub if needed and starts the sidecar. The sidecar starts the service when the worker connects.</summary>
    public static async Task<DurableBackend> StartAsync(DurableBackendSettings settings, IConfiguration configuration, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DurableBackend).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

        // The runtime's configuration, so its logging filters apply here too.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton<IHostLifetime, NoSignalsHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(k =>
            k.Listen(IPAddress.Loopback, settings.SidecarPort, l => l.Protocols = HttpProtocols.Http2));

        builder.Services.AddGrpc();
        var partitions = await ExistingPartitionCountAsync(settings, ct) ?? settings.PartitionCount;
        builder.Services.AddSingleton(sp => CreateService(settings, partitions, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new StartStopOnceOrchestrationService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<DurableBackend>()));
        builder.Services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<StartStopOnceOrchestrationService>());
        builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        try
        {
            var service = sidecar.Services.GetRequiredService<AzureStorageOrchestrationService>();
            await service.CreateIfNotExistsAsync().WaitAsync(ct);

            // Created now so that its start-up hook sees ApplicationStarted, not on the first gRPC call.
            _ = sidecar.Services.GetRequiredService<TaskHubGrpcServer>();
            await sidecar.StartAsync(ct);

            var address = sidecar.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new DurableBackend(sidecar, service, sidecar.Services.GetRequiredService<StartStopOnceOrchestrationService>(), new Uri(address));
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the sidecar, then the service, awaited here so that partition leases are released before the process
    /// exits and a restart with the same worker id resumes at once. Stop the worker first: the sidecar waits for its stream.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            return _stop ??= StopOnceAsync();
        }
    }

    private async Task StopOnceAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(ShutdownTimeout);
            await _sidecar.StopAsync(timeout.Token);
        }
        finally
        {
            try
            {
                await _sidecarView.StopAsync(isForced: false).WaitAsync(ServiceStopTimeout);
            }
            catch (TimeoutException)
            {
                // E.g. a work item dispatched to a worker that had already gone: its session never drains.
                _logger.LogWarning("The orchestration service did not stop within {Timeout}; its partition leases expire on their own", ServiceStopTimeout);
            }
        }
    }

    /// <summary>Deletes the task hub's queues, tables and blob containers (tests use a hub of their own). Call after <see cref="StopAsync"/>.</summary>
    public Task DeleteTaskHubAsync() => _service.DeleteAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await _sidecar.DisposeAsync();
        }
    }

    /// <summary>
    /// The control queues a task hub already has (named <c>{hub}-control-NN</c>), or null for a new hub. Instances are
    /// hashed to a queue by the count, so changing it under an existing hub would strand the messages of every incident
    /// waiting in the others (Durable Task warns "This could result in errors for in-flight orchestrations"). Runtimes
    /// that created their hub with 4 (before the default became 1) keep 4.
    /// </summary>
    private static async Task<int?> ExistingPartitionCountAsync(DurableBackendSettings settings, CancellationToken ct)
    {
        if (settings.PartitionCount is < 1 or > 16)
        {
            throw new InvalidOperationException($"{LocalRuntimeOptions.PartitionCountSetting}: {settings.PartitionCount} is not between 1 and 16");
        }

        var prefix = settings.TaskHubName.ToLowerInvariant() + "-control-";
        var count = 0;
        await foreach (var _ in new QueueServiceClient(settings.StorageConnectionString).GetQueuesAsync(prefix: prefix, cancellationToken: ct))
        {
            count++;
        }

        return count == 0 ? null : count;
    }

    private static AzureStorageOrchestrationService CreateService(DurableBackendSettings settings, int partitionCount, ILoggerFactory loggerFactory)
    {
        var serviceSettings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = settings.TaskHubName,
            StorageAccountClientProvider = CreateClientProvider(settings),
            PartitionCount = partitionCount,

            // The default idle back-off reaches 30 s: an alert would wait that long for its first page.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),

            // The default is 10, and the sidecar's dispatcher sleeps 500 ms whenever that many activities are in flight:
            // under a burst of incidents pages queued behind it (./bench.sh, scale). Activities here are short waits
            // on storage and Twilio, not CPU work, so more of them at once cost little.
            MaxConcurrentTaskActivityWorkItems = 100,

            // Stable across restarts, or a restart waits for the previous owner's partition leases to expire.
            WorkerId = settings.WorkerId,
            LoggerFactory = loggerFactory,
        };

        // The sidecar never renews a work item's visibility (docs/local-runtime.md, pitfall 5): the timeout must outlast the longest
        // activity (a tier of texts through Twilio's retries), or a running activity is handed out a second time.
        if (settings.VisibilityTimeout is { } visibility)
        {
            serviceSettings.ControlQueueVisibilityTimeout = visibility;
            serviceSettings.WorkItemQueueVisibilityTimeout = visibility;
        }

        return new AzureStorageOrchestrationService(serviceSettings);
    }

    private static StorageAccountClientProvider CreateClientProvider(DurableBackendSettings settings)
    {
        if (settings.StoragePolicy is not { } policy)
        {
            return new StorageAccountClientProvider(settings.StorageConnectionString);
        }

        var blob = new BlobClientOptions();
        var queue = new QueueClientOptions();
        var table = new TableClientOptions();
        blob.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        queue.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        table.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(settings.StorageConnectionString, blob),
            StorageServiceClientProvider.ForQueue(settings.StorageConnectionString, queue),
            StorageServiceClientProvider.ForTable(settings.StorageConnectionString, table));
    }
}
