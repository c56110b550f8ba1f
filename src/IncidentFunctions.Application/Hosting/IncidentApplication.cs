using Azure.Data.Tables;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Communication.Status;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Http.Routes;
using IncidentFunctions.Application.Http.Slack;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Ingestion;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Notifications.Voice;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.Reports;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Application.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentFunctions.Application.Hosting;

/// <summary>
/// The one place both hosts (Azure Functions and the local runtime) get the application from:
/// services, HTTP endpoints and durable tasks. Neither host defines any of these itself.
/// </summary>
public static class IncidentApplication
{
    /// <summary>Registers options, adapters and handlers. Loads and validates the incident configuration now, so a bad file stops start-up.</summary>
    public static IServiceCollection AddIncidentApplication(this IServiceCollection services, IConfiguration configuration, IncidentHostKind host)
    {
        var configProvider = IncidentConfigProvider.Load(configuration[IncidentConfigProvider.PathVariable],
            configuration[IncidentConfigProvider.AdminKeySetting], requireAdminKey: host == IncidentHostKind.AzureFunctions);
        services.AddSingleton(configProvider);
        services.AddSingleton(TimeProvider.System);

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(sp => CreateTableService(storage, configuration, sp.GetService<StoragePipelinePolicy>()));
        // One store per concern, all on the same tables client and prefix.
        void Store<T>(Func<TableServiceClient, string, IServiceProvider, T> create) where T : class =>
            services.AddSingleton(sp => create(sp.GetRequiredService<TableServiceClient>(), storage.TablePrefix, sp));
        Store((t, prefix, _) => new StorageTables(t, prefix));
        Store((t, prefix, _) => new IncidentStore(t, prefix));
        Store((t, prefix, sp) => new AlertStore(t, prefix, sp.GetRequiredService<IncidentStore>()));
        Store((t, prefix, _) => new TimelineStore(t, prefix));
        Store((t, prefix, _) => new SendLedger(t, prefix));
        Store((t, prefix, _) => new FloodGateStore(t, prefix));
        Store((t, prefix, _) => new ResolvedIndex(t, prefix));
        Store((t, prefix, _) => new IncidentRecordStore(t, prefix));
        Store((t, prefix, _) => new PagerTestStore(t, prefix));
        Store((t, prefix, _) => new RoomStore(t, prefix));
        Store((t, prefix, _) => new MaintenanceStore(t, prefix));
        Store((t, prefix, _) => new HeartbeatStore(t, prefix));
        Store((t, prefix, _) => new HealthStore(t, prefix));
        Store((t, prefix, _) => new IdentityStore(t, prefix));
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<Telemetry.DurableQueueWatch>();

        services.AddIncidentSms(configuration, allowOutbox: host == IncidentHostKind.LocalRuntime);
        services.AddIncidentVoice(configuration);
        services.AddIncidentEmail(configuration, allowOutbox: host == IncidentHostKind.LocalRuntime);
        services.AddIncidentSlack(configuration);
        services.AddIncidentTeams(configuration);
        services.AddIncidentEvents(configuration, storage);

        // Every message goes through the notifier to a channel per medium: SMS, voice, email.
        services.AddMetrics();
        services.AddSingleton<Telemetry.IncidentMetrics>();
        services.AddOptions<Health.PipelineHealthOptions>().Bind(configuration.GetSection(Health.PipelineHealthOptions.Section));
        services.AddSingleton<Health.PipelineAlerts>();
        services.AddSingleton<Health.IncidentMarks>();
        services.AddSingleton<Health.PipelineHealth>();
        services.AddSingleton<Health.StorageWatch>();
        services.AddSingleton<Health.PipelineWatch>();
        services.AddSingleton<FloodLimit>();
        services.AddSingleton<SmsDispatcher>();
        services.AddSingleton<INotificationChannel, SmsChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<IncidentCommandService>();
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<IncidentOrchestrationStarter>();
        services.AddSingleton<AlertIngestor>();
        services.AddSingleton<Maintenance.MaintenanceService>();
        services.AddSingleton<Maintenance.MaintenancePlanner>();
        services.AddSingleton<IncidentReconciler>();
        services.AddSingleton<ReconcilerBeat>();
        services.AddSingleton<Heartbeats.HeartbeatService>();
        services.AddSingleton<IncidentResponseHandler>();
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ReportsHandler>();
        services.AddSingleton<WeeklyAlertReview>();
        // Pager tests: not incidents, but sent through the same notifier and channels.
        services.AddSingleton<PagerTestLinks>();
        services.AddSingleton<PagerTestService>();
        services.AddSingleton<PagerTestRoster>();
        services.AddSingleton<PagerTestHandoffs>();
        if (host == IncidentHostKind.LocalRuntime)
        {
            // What the Functions app runs from timer triggers (see TimerFunctions there). Added as IHostedService one by
            // one: AddHostedService with a factory keeps only the first of several LocalTimers (TryAddEnumerable by type).
            // Also at start: a local runtime that was killed between writing an incident and starting its orchestration
            // restarts it at once, not two minutes later (the Functions timer keeps its schedule across restarts).
            services.AddSingleton<IHostedService>(sp => new LocalTimer("Reconciling open incidents", TimeSpan.FromMinutes(2),
                ct => sp.GetRequiredService<ReconcilerBeat>().RunAsync(sp.GetRequiredService<DurableTaskClient>(), ct),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalTimer>>(), runAtStart: true));
            // Heartbeats: the configuration's brought into storage and every heartbeat's timer running, at start and after.
            services.AddSingleton<IHostedService>(sp => new LocalTimer("Heartbeats", TimeSpan.FromMinutes(2),
                ct => sp.GetRequiredService<Heartbeats.HeartbeatService>().SyncAsync(sp.GetRequiredService<DurableTaskClient>(), ct),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalTimer>>(), runAtStart: true));
            // The pipeline watch: storage probed, and the watch orchestration (late timers, re-telling) kept running.
            services.AddSingleton<IHostedService>(sp => new LocalTimer("Pipeline watch",
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Health.PipelineHealthOptions>>().Value.StorageProbeEvery,
                ct => sp.GetRequiredService<Health.PipelineWatch>().RunAsync(sp.GetRequiredService<DurableTaskClient>(), ct),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalTimer>>(), runAtStart: true));
            services.AddSingleton<IHostedService>(sp => new LocalTimer("Weekly alert review", TimeSpan.FromDays(7),
                ct => sp.GetRequiredService<WeeklyAlertReview>().RunAsync(ct),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalTimer>>()));
            services.AddSingleton<IHostedService>(sp => new LocalTimer("Hand-off pager tests", PagerTestHandoffs.Interval,
                ct => sp.GetRequiredService<PagerTestHandoffs>().RunAsync(ct),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LocalTimer>>()));
        }

        services.AddSingleton<IngestRateLimiter>();
        services.AddSingleton<AlertWebhookHandler>();
        services.AddSingleton<PagerDutyEnqueueHandler>();
        services.AddSingleton<HeartbeatApiHandler>();
        services.AddSingleton<Http.Opsgenie.OpsgenieAlertApiHandler>();
        services.AddSingleton<SmsInboundHandler>();
        services.AddSingleton<VoiceWebhookHandler>();
        // Slack's requests: transient like the SlackApiClient they use (a typed HttpClient, not to be held for the app's life).
        services.AddSingleton<SlackRequestReader>();
        services.AddTransient<SlackReply>();
        services.AddTransient<SlackCommandRunner>();
        services.AddTransient<SlackCommandHandler>();
        services.AddTransient<SlackInteractivityHandler>();
        services.AddTransient<SlackEventsHandler>();
        services.AddSingleton<IncidentApiHandler>();
        services.AddSingleton<ResponderApiHandler>();
        services.AddSingleton<MaintenanceApiHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<StatusPageBuilder>();
        services.AddSingleton<StatusPageHandler>();
        services.AddSingleton(sp => new DevOutboxHandler(sp.GetService<DevOutbox>()));
        services.AddSingleton(sp => new DevEventsHandler(sp.GetService<StorageQueueEventPublisher>()));
        services.AddSingleton(sp => new Identity.PlatformAuthentication(
            host == IncidentHostKind.AzureFunctions && Identity.PlatformAuthentication.IsOn(configuration[Identity.PlatformAuthentication.EnabledSetting]),
            behindFrontEnd: host == IncidentHostKind.AzureFunctions, sp.GetRequiredService<IncidentConfigProvider>()));
        services.AddSingleton<ConsoleSession>();
        services.AddSingleton<Identity.RequestAuthenticator>();
        services.AddSingleton(Identity.SignInOptions.From(configuration));
        services.AddSingleton<Identity.SignInService>();
        services.AddSingleton<ApiTokenHandler>();
        services.AddSingleton<ConsoleHandler>();
        services.AddSingleton<ConsoleApiDispatcher>();

        // Activities are resolved per call by both hosts.
        foreach (var activity in IncidentTasks.Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    /// <summary>
    /// Maps every route of <see cref="RouteTable"/> on the local runtime; the Functions app binds the same routes with
    /// [Function] attributes. Both run every route through <see cref="RouteGate"/>, which finds who is calling an API route.
    /// </summary>
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var route in RouteTable.Routes)
        {
            // Two parameters, so this is a route handler (its IResult is executed), not a RequestDelegate.
            var endpoint = endpoints.MapMethods("/" + route.Template, route.Methods, (HttpContext http, CancellationToken ct) =>
                RouteGate.RunAsync(route, new RouteCall(http.Request, RouteValues(http.Request, route), http.RequestServices,
                    route.UsesDurableClient ? http.RequestServices.GetRequiredService<DurableTaskClient>() : null, ct)));
            endpoint.WithName(route.Name);
        }

        return endpoints;
    }

    private static Dictionary<string, string> RouteValues(HttpRequest request, HttpRoute route)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in route.Parameters)
        {
            if (request.RouteValues.TryGetValue(name, out var value) && value?.ToString() is { } text)
            {
                values[name] = text;
            }
        }

        return values;
    }

    /// <summary>Registers every orchestrator and activity of <see cref="IncidentTasks"/> by its [DurableTask] name.</summary>
    public static DurableTaskRegistry AddIncidentTasks(this DurableTaskRegistry registry)
    {
        foreach (var orchestrator in IncidentTasks.Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in IncidentTasks.Activities)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }

    /// <summary>
    /// A connection string (Azurite, or a key where one is allowed) when given; otherwise the managed identity with the
    /// same identity-based settings the Functions host uses (AzureWebJobsStorage__accountName or __tableServiceUri,
    /// and __clientId for a user-assigned identity).
    /// </summary>
    internal static TableServiceClient CreateTableService(StorageOptions storage, IConfiguration configuration, StoragePipelinePolicy? policy = null)
    {
        var options = new TableClientOptions();
        policy?.ApplyTo(options);
        if (StorageConnection.ConnectionString(storage, configuration) is { } connectionString)
        {
            return new TableServiceClient(connectionString, options);
        }

        if (StorageConnection.ServiceUri(configuration, "table", storage.TableServiceUri) is { } endpoint)
        {
            return new TableServiceClient(endpoint, StorageConnection.Credential(configuration), options);
        }

        throw new InvalidOperationException(
            $"No table storage configured: set {StorageOptions.Section}:ConnectionString or AzureWebJobsStorage (\"UseDevelopmentStorage=true\" for Azurite), " +
            "or AzureWebJobsStorage__accountName (with __clientId for a user-assigned identity) for managed identity.");
    }
}

public enum IncidentHostKind
{
    AzureFunctions,
    LocalRuntime,
}

/// <summary>Creates the tables once at start-up instead of on every request.</summary>
internal sealed class StorageInitializer(StorageTables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
