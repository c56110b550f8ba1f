using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Azure.Storage.Queues;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Telemetry;

/// <summary>
/// Work waiting in the Durable task hub: messages in its control queues (orchestration episodes: starts, events, due
/// timers) and in its work-item queue (activities: pages, notifications). A queue that grows while pages come late says
/// the workers cannot keep up (more instances, more partitions, or the Durable Task Scheduler: README, Performance);
/// one near zero while they come late says the time goes elsewhere.
/// </summary>
/// <remarks>
/// Storage is asked every <see cref="Every"/> by this service, never by the metrics exporter's callback, which only
/// reads the last counts. The gauge is the process's (several hosts share a test process), each host one series,
/// labelled by its task hub.
/// </remarks>
public sealed class DurableQueueWatch(IConfiguration configuration, ILogger<DurableQueueWatch> log) : BackgroundService
{
    /// <summary>The task hub the Functions app's host.json names; the local runtime sets its own.</summary>
    public const string TaskHubSetting = "DurableTask:HubName";

    public const string DefaultTaskHub = "IncidentFunctions";

    internal static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    private static readonly ConcurrentDictionary<DurableQueueWatch, (string Hub, long Control, long WorkItems)> Latest = new();

    private static readonly ObservableGauge<long> Gauge = IncidentTelemetry.Meter.CreateObservableGauge(
        "incidentfunctions.durable.queued", Observe, "{message}",
        "Messages waiting in the Durable task hub's queues (approximate): kind=control (orchestration episodes and due timers), kind=workitems (activities).");

    private static IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (hub, control, workItems) in Latest.Values)
        {
            yield return new Measurement<long>(control, new("kind", "control"), new("taskhub", hub));
            yield return new Measurement<long>(workItems, new("kind", "workitems"), new("taskhub", hub));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = Gauge; // created with the first watch, so a process without one shows no gauge
        var hub = configuration[TaskHubSetting] is { Length: > 0 } configured ? configured : DefaultTaskHub;
        if (CreateService(configuration) is not { } queues)
        {
            log.LogInformation("No task hub storage configured (AzureWebJobsStorage): the durable queue gauge is off");
            return;
        }

        // Queue names derive from the hub name in lower case: {hub}-control-00…, {hub}-workitems.
        var prefix = hub.ToLowerInvariant() + "-";
        try
        {
            using var timer = new PeriodicTimer(Every);
            do
            {
                try
                {
                    long control = 0, workItems = 0;
                    await foreach (var queue in queues.GetQueuesAsync(prefix: prefix, cancellationToken: stoppingToken))
                    {
                        var rest = queue.Name[prefix.Length..];
                        if (rest.StartsWith("control-", StringComparison.Ordinal) || rest == "workitems")
                        {
                            var count = (await queues.GetQueueClient(queue.Name).GetPropertiesAsync(stoppingToken)).Value.ApproximateMessagesCount;
                            if (rest == "workitems")
                            {
                                workItems += count;
                            }
                            else
                            {
                                control += count;
                            }
                        }
                    }

                    Latest[this] = (hub, control, workItems);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage that does not answer is reported by the storage watch; a gauge with stale counts would mislead.
                    Latest.TryRemove(this, out _);
                    log.LogDebug(e, "Could not read the task hub's queue lengths");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Latest.TryRemove(this, out _);
        }
    }

    /// <summary>The Durable backend's account, read the way the Functions host reads it (AzureWebJobsStorage or its identity-based settings).</summary>
    private static QueueServiceClient? CreateService(IConfiguration configuration)
    {
        if (configuration["AzureWebJobsStorage"] is { Length: > 0 } connectionString)
        {
            return new QueueServiceClient(connectionString);
        }

        return StorageConnection.ServiceUri(configuration, "queue") is { } endpoint
            ? new QueueServiceClient(endpoint, StorageConnection.Credential(configuration))
            : null;
    }
}
