using System.Net;
using Grpc.Net.Client;
using IncidentFunctions.Application.Hosting;
using IncidentFunctions.Application.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentFunctions.LocalRuntime;

/// <summary>
/// The whole pipeline in one process, without the Functions host: the application's HTTP endpoints on Kestrel, and its
/// orchestrations and activities on the Durable Task worker, over the real Azure Storage backend (Azurite locally).
/// The console program runs one; tests start one in-process.
/// </summary>
public sealed class LocalRuntimeHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly DurableBackend _backend;
    private readonly Lock _gate = new();
    private Task? _stop;

    private LocalRuntimeHost(WebApplication app, GrpcChannel channel, DurableBackend backend, LocalRuntimeOptions options, string baseUrl)
    {
        _app = app;
        _channel = channel;
        _backend = backend;
        Options = options;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the HTTP endpoints listen, without a trailing slash, e.g. http://127.0.0.1:7071.</summary>
    public string BaseUrl { get; }

    /// <summary>The application's services: DurableTaskClient, the application's handlers and stores.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The configuration the application was given (appsettings.json, environment, then the options' settings).</summary>
    public IConfiguration Configuration => _app.Configuration;

    public LocalRuntimeOptions Options { get; }

    /// <summary>Builds and starts the sidecar, then the application. Nothing is left running if this throws.</summary>
    public static async Task<LocalRuntimeHost> StartAsync(LocalRuntimeOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalRuntimeHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        ConfigureSources(builder.Configuration, options);
        options.ConfigureLogging?.Invoke(builder.Logging);
        var configuration = builder.Configuration;

        // First, because it needs nothing running: a bad incident configuration is reported before anything else.
        builder.Services.AddIncidentApplication(configuration, IncidentHostKind.LocalRuntime);
        // Metrics for Prometheus at /metrics (see MapMetrics), traces of every request; exporters as the environment says.
        builder.Services.AddIncidentTelemetry(configuration,
            metrics: m => m.AddPrometheusExporter(),
            tracing: t =>
            {
                t.AddAspNetCoreInstrumentation();
                options.ConfigureTracing?.Invoke(t);
            });
        if (options.StoragePolicy is not null)
        {
            builder.Services.AddSingleton(new StoragePipelinePolicy(options.StoragePolicy));
        }

        var storage = configuration[LocalRuntimeOptions.StorageSetting] ?? options.StorageConnectionString;
        await LocalStorageCheck.ThrowIfNotListeningAsync(storage, ct);

        var backend = await DurableBackend.StartAsync(
            new DurableBackendSettings(
                storage,
                options.TaskHubName,
                options.WorkerId,
                options.SidecarPort,
                configuration.GetValue<TimeSpan?>(LocalRuntimeOptions.VisibilityTimeoutSetting),
                options.StoragePolicy,
                configuration.GetValue(LocalRuntimeOptions.PartitionCountSetting, LocalRuntimeOptions.DefaultPartitionCount)),
            configuration,
            ct);

        var channel = GrpcChannel.ForAddress(backend.Address);
        try
        {
            if (!options.HandleConsoleSignals)
            {
                builder.Services.AddSingleton<IHostLifetime, NoSignalsHostLifetime>();
            }

            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
            builder.WebHost.ConfigureKestrel(k =>
                k.Listen(IPAddress.Loopback, options.HttpPort, l => l.Protocols = HttpProtocols.Http1));

            // The same worker and client the Functions isolated worker uses. The sidecar takes one worker stream only.
            builder.Services.AddDurableTaskWorker(b =>
            {
                b.UseGrpc(channel);
                b.AddTasks(r =>
                {
                    r.AddIncidentTasks();
                    options.AdditionalTasks?.Invoke(r);
                });
            });
            builder.Services.AddDurableTaskClient(b =>
            {
                b.UseGrpc(channel);
                b.RegisterDirectly();
            });

            var app = builder.Build();
            // No App Service Authentication in front of this host: its identity headers can only be forged here.
            app.Use(Application.Identity.PlatformIdentityHeaders.RefuseAsync);
            app.MapIncidentEndpoints();
            LocalMetricsEndpoint.Map(app);
            try
            {
                await app.StartAsync(ct);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new LocalRuntimeHost(app, channel, backend, options, address.TrimEnd('/'));
        }
        catch
        {
            await ShutDownChannelAsync(channel);
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Completes when the runtime is asked to stop: Ctrl-C or SIGTERM (with <see cref="LocalRuntimeOptions.HandleConsoleSignals"/>),
    /// or <see cref="StopAsync"/>. The caller then calls <see cref="StopAsync"/>; the host never exits the process itself.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Stops in dependency order: the application (HTTP and the Durable worker), the gRPC channel, the sidecar, then the
    /// orchestration service, which releases its partition leases. Safe to call more than once; later calls await the first.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            return _stop ??= StopOnceAsync();
        }
    }

    /// <summary>Deletes this host's task hub from storage (tests use one hub each). Stops the host first if it is running.</summary>
    public async Task DeleteTaskHubAsync()
    {
        await StopAsync();
        await _backend.DeleteTaskHubAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopOnceAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            try
            {
                await _app.DisposeAsync();
            }
            finally
            {
                await ShutDownChannelAsync(_channel);
                await _backend.DisposeAsync();
            }
        }
    }

    private static async Task ShutDownChannelAsync(GrpcChannel channel)
    {
        await channel.ShutdownAsync();
        channel.Dispose();
    }

    /// <summary>appsettings.json beside the binary, the environment, the storage in use, then the options' settings.</summary>
    private static void ConfigureSources(ConfigurationManager configuration, LocalRuntimeOptions options)
    {
        configuration.Sources.Clear();
        configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();

        // The application reads AzureWebJobsStorage for its tables, as under the Functions host.
        configuration.AddInMemoryCollection([
            new(LocalRuntimeOptions.StorageSetting, options.StorageConnectionString),
            new(IncidentFunctions.Application.Telemetry.DurableQueueWatch.TaskHubSetting, options.TaskHubName),
        ]);
        configuration.AddInMemoryCollection(options.Settings);
    }
}
