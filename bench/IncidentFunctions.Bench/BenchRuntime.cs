using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using IncidentFunctions.LocalRuntime;
using IncidentFunctions.Testing;

namespace IncidentFunctions.Bench;

/// <summary>
/// The system under test: the local runtime in this process (so its storage clients can be counted and the floor
/// orchestration registered beside the application's), on Azurite under a task hub of its own, paging a fake Twilio
/// on loopback. Each scenario has its own service and its own responder, so their pages never mix.
/// </summary>
internal sealed partial class BenchRuntime : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key";
    public const string LatencyPhone = "+15550200001";
    public const string StormPhone = "+15550200002";
    public const string TimerFirstPhone = "+15550200003";
    public const string TimerSecondPhone = "+15550200004";
    public const string ScalePhone = "+15550200005";
    public static readonly string[] StormKeys = ["bench-storm-am", "bench-storm-grafana", "bench-storm-generic", "bench-storm-pd"];

    private readonly ConcurrentDictionary<(string To, long Incident), TaskCompletionSource<DateTimeOffset>> _pages = new();
    private readonly ConcurrentDictionary<string, int> _pagesTo = new(StringComparer.Ordinal);
    private readonly string _configPath;

    private BenchRuntime(LocalRuntimeHost host, FakeTwilioServer twilio, StorageCounter counter, string taskHub, string configPath)
    {
        Host = host;
        Twilio = twilio;
        Counter = counter;
        TaskHub = taskHub;
        _configPath = configPath;
        Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(2) };
        Events = new EventSubscriber(taskHub);
        Twilio.Received += OnTwilioRequest;
    }

    public LocalRuntimeHost Host { get; }

    public FakeTwilioServer Twilio { get; }

    public StorageCounter Counter { get; }

    public string TaskHub { get; }

    public HttpClient Http { get; }

    /// <summary>Drains the run's event queue, as a subscriber would.</summary>
    public EventSubscriber Events { get; }

    public TableServiceClient Tables { get; } = new(TestStorage.ConnectionString);

    public static async Task<BenchRuntime> StartAsync(BenchOptions options, CancellationToken ct)
    {
        // "b" and 12 hex digits: a valid task hub, table prefix and queue name, new every run.
        var hub = "bench" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var twilio = await FakeTwilioServer.StartAsync(cancellationToken: ct);
        var configPath = Path.Combine(Path.GetTempPath(), $"incidents-{hub}.json");
        await File.WriteAllTextAsync(configPath, Config(options), ct);
        var counter = new StorageCounter(hub);
        try
        {
            var host = await LocalRuntimeHost.StartAsync(new LocalRuntimeOptions
            {
                HttpPort = 0,
                SidecarPort = 0,
                TaskHubName = hub,
                StorageConnectionString = TestStorage.ConnectionString,
                StoragePolicy = counter,
                AdditionalTasks = r => r.AddOrchestrator<FloorOrchestrator>().AddActivity<FloorActivity>(),
                Settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["INCIDENTS_CONFIG"] = configPath,
                    ["IncidentStorage:TablePrefix"] = hub,
                    ["IncidentEvents:QueueName"] = hub,
                    ["Twilio:AccountSid"] = twilio.AccountSid,
                    ["Twilio:AuthToken"] = twilio.AuthToken,
                    ["Twilio:FromNumber"] = "+15557770000",
                    ["Twilio:ApiBaseUrl"] = twilio.BaseUrl,
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            }, ct);
            return new BenchRuntime(host, twilio, counter, hub, configPath);
        }
        catch
        {
            await twilio.DisposeAsync();
            File.Delete(configPath);
            throw;
        }
    }

    /// <summary>Completes with the time the fake Twilio received the first accepted SMS to <paramref name="to"/> about the incident.</summary>
    public Task<DateTimeOffset> PageReceived(string to, long incident) => Slot(to, incident).Task;

    public int PagesTo(string to) => _pagesTo.GetValueOrDefault(to);

    /// <summary>POSTs one alert; returns the HTTP status and the incident number of the first alert in the answer (if any).</summary>
    public async Task<(int Status, long? Incident)> PostAsync(string path, string json, CancellationToken ct)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content, ct);
        long? incident = null;
        if ((int)response.StatusCode == 202 && path.StartsWith("api/alerts/", StringComparison.Ordinal))
        {
            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            if (doc.RootElement.GetProperty("alerts")[0].TryGetProperty("incidentId", out var id) && id.ValueKind == JsonValueKind.Number)
            {
                incident = id.GetInt64();
            }
        }

        return ((int)response.StatusCode, incident);
    }

    public static string Generic(string dedupKey, string title) =>
        JsonSerializer.Serialize(new { title, dedupKey, severity = "warning", source = "bench" });

    public async ValueTask DisposeAsync()
    {
        Twilio.Received -= OnTwilioRequest;
        Http.Dispose();
        await Events.DisposeAsync();
        try
        {
            await Host.DeleteTaskHubAsync();
            await foreach (var table in Tables.QueryAsync(maxPerPage: 1000))
            {
                if (table.Name.StartsWith(TaskHub, StringComparison.OrdinalIgnoreCase))
                {
                    await Tables.DeleteTableAsync(table.Name);
                }
            }

            await new Azure.Storage.Queues.QueueClient(TestStorage.ConnectionString, TaskHub).DeleteIfExistsAsync();

            // Deleting the task hub leaves its app-lease container (<hub>-applease) behind, still leased for a while:
            // break the lease, then delete. A failure here is reported, never a reason to lose the run's table.
            var blobs = new Azure.Storage.Blobs.BlobServiceClient(TestStorage.ConnectionString);
            await foreach (var container in blobs.GetBlobContainersAsync(prefix: TaskHub))
            {
                try
                {
                    var client = blobs.GetBlobContainerClient(container.Name);
                    if (container.Properties.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased)
                    {
                        await Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(client).BreakAsync(TimeSpan.Zero);
                    }

                    await client.DeleteAsync();
                }
                catch (Azure.RequestFailedException e)
                {
                    Console.Error.WriteLine($"bench: could not delete container {container.Name} ({e.Status} {e.ErrorCode}); ./bench.sh leftovers: IncidentFunctions.Bench --delete-leftovers");
                }
            }
        }
        finally
        {
            await Twilio.DisposeAsync();
            File.Delete(_configPath);
        }
    }

    private TaskCompletionSource<DateTimeOffset> Slot(string to, long incident) =>
        _pages.GetOrAdd((to, incident), _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void OnTwilioRequest(FakeTwilioRequest request)
    {
        if (request.StatusCode != 201 || IncidentInBody().Match(request.Body) is not { Success: true } m)
        {
            return;
        }

        _pagesTo.AddOrUpdate(request.To, 1, (_, n) => n + 1);
        Slot(request.To, long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).TrySetResult(request.ReceivedAt);
    }

    [GeneratedRegex(@"INC (\d+) ")]
    private static partial Regex IncidentInBody();

    /// <summary>
    /// One service per scenario. SEV3 alerts ("warning") page tier 1 only. Long tier delays keep the incidents of the
    /// latency, storm and scale scenarios waiting on a timer without paging again; the timer scenario's first tier
    /// is the one measured. The rate limit is raised to its maximum: the storm is 20 senders on four keys.
    /// </summary>
    private static string Config(BenchOptions o) => $$"""
    {
      "adminApiKey": "{{AdminKey}}",
      "rateLimit": { "perKeyPerMinute": 100000 },
      "responders": [
        { "name": "Lat", "phone": "{{LatencyPhone}}" },
        { "name": "Storm", "phone": "{{StormPhone}}" },
        { "name": "TimerOne", "phone": "{{TimerFirstPhone}}" },
        { "name": "TimerTwo", "phone": "{{TimerSecondPhone}}" },
        { "name": "Scale", "phone": "{{ScalePhone}}" }
      ],
      "escalationPolicies": [
        { "name": "latency", "repeat": 0, "tiers": [ { "targets": [ { "responder": "Lat" } ], "delay": "1h" } ] },
        { "name": "storm", "repeat": 0, "tiers": [ { "targets": [ { "responder": "Storm" } ], "delay": "1h" } ] },
        { "name": "timer", "repeat": 0, "tiers": [
            { "targets": [ { "responder": "TimerOne" } ], "delay": "{{(int)o.TimerDelay.TotalSeconds}}s" },
            { "targets": [ { "responder": "TimerTwo" } ], "delay": "1h" } ] },
        { "name": "scale", "repeat": 0, "tiers": [ { "targets": [ { "responder": "Scale" } ], "delay": "1h" } ] }
      ],
      "services": [
        { "name": "latency", "integrationKeys": ["bench-latency"], "escalationPolicy": "latency", "autoResolve": true },
        { "name": "storm", "integrationKeys": [{{string.Join(", ", StormKeys.Select(k => $"\"{k}\""))}}], "escalationPolicy": "storm", "autoResolve": true },
        { "name": "timer", "integrationKeys": ["bench-timer"], "escalationPolicy": "timer", "autoResolve": true },
        { "name": "scale", "integrationKeys": ["bench-scale"], "escalationPolicy": "scale", "autoResolve": true }
      ]
    }
    """;
}
