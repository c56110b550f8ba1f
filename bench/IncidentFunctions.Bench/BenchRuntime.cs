using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using IncidentFunctions.LocalRuntime;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

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
    public const string CallPhone = "+15550200006";
    public static readonly string[] StormKeys = ["bench-storm-am", "bench-storm-grafana", "bench-storm-generic", "bench-storm-pd"];

    private readonly ConcurrentDictionary<(string To, long Incident), TaskCompletionSource<DateTimeOffset>> _pages = new();
    private readonly ConcurrentDictionary<string, int> _pagesTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string To, long Incident), TaskCompletionSource<DateTimeOffset>> _calls = new();
    private readonly InProcessWorld _world;

    private BenchRuntime(InProcessWorld world, StorageCounter counter)
    {
        _world = world;
        Counter = counter;
        Http = new HttpClient { BaseAddress = new Uri(world.Host.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(2) };
        Events = new EventSubscriber(world.TaskHub);
        Twilio.Received += OnTwilioRequest;
        Twilio.CallReceived += OnCallRequest;
    }

    public LocalRuntimeHost Host => _world.Host;

    public FakeTwilioServer Twilio => _world.Twilio;

    public StorageCounter Counter { get; }

    public string TaskHub => _world.TaskHub;

    public HttpClient Http { get; }

    /// <summary>Drains the run's event queue, as a subscriber would.</summary>
    public EventSubscriber Events { get; }

    public TableServiceClient Tables { get; } = new(TestStorage.ConnectionString);

    public static async Task<BenchRuntime> StartAsync(BenchOptions options, CancellationToken ct)
    {
        // "bench" and 16 hex digits: a valid task hub, table prefix and queue name, new every run.
        var hub = TaskHubs.NewName("bench");
        var counter = new StorageCounter(hub, TestStorage.ConnectionString);
        var world = await new TestWorldBuilder()
            .WithTaskHub(hub)
            .WithConfig(Config(options))
            .WithFakeTwilio()
            .WithStoragePolicy(counter)
            .WithTasks(r => r.AddOrchestrator<FloorOrchestrator>().AddActivity<FloorActivity>())
            // Each scenario pages one number hundreds of times in a minute: flood protection (one page per number per
            // minute, the rest carried in the next) would measure the window, not the pipeline. The pages are counted
            // per incident as they were before it existed.
            .WithSetting("Twilio:SmsFloodWindow", "00:00:00")
            .WithSetting("Twilio:CallFloodWindow", "00:00:00")
            .WithSetting(LocalRuntimeOptions.PartitionCountSetting, options.Partitions?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StartInProcessAsync(ct);
        return new BenchRuntime(world, counter);
    }

    /// <summary>Completes with the time the fake Twilio received the first accepted SMS to <paramref name="to"/> about the incident.</summary>
    public Task<DateTimeOffset> PageReceived(string to, long incident) => Slot(to, incident).Task;

    public int PagesTo(string to) => _pagesTo.GetValueOrDefault(to);

    /// <summary>Completes with the time the fake Twilio received the first accepted call request to <paramref name="to"/> about the incident.</summary>
    public Task<DateTimeOffset> CallReceived(string to, long incident) =>
        _calls.GetOrAdd((to, incident), _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

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
        Twilio.CallReceived -= OnCallRequest;
        Http.Dispose();
        await Events.DisposeAsync();
        try
        {
            await _world.DisposeAsync();
        }
        catch (Azure.RequestFailedException e)
        {
            // Never a reason to lose the run's table.
            Console.Error.WriteLine($"bench: could not delete all of task hub {TaskHub} ({e.Status} {e.ErrorCode}); see README, Performance, for --delete-leftovers");
        }
    }

    private TaskCompletionSource<DateTimeOffset> Slot(string to, long incident) =>
        _pages.GetOrAdd((to, incident), _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void OnCallRequest(FakeTwilioCallAttempt attempt)
    {
        // The call's TwiML URL names its incident: …/api/voice/twiml?incident=42&key=…
        if (attempt.StatusCode == 201 && attempt.Url is { } url && CallIncident().Match(url) is { Success: true } m)
        {
            _calls.GetOrAdd((attempt.To, long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
                _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(attempt.ReceivedAt);
        }
    }

    [GeneratedRegex(@"[?&]incident=(\d+)&")]
    private static partial Regex CallIncident();

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
    /// is the one measured. The rate limit is raised to its maximum: the storm is 20 senders on four keys. Pages are
    /// texts only (the built-in rules would call every open incident's responder a minute later, in the middle of the
    /// next scenario), except the caller's, whose only rule is a call at once: the figure beside the text's.
    /// </summary>
    private static OnCallConfigBuilder Config(BenchOptions o)
    {
        var hour = TimeSpan.FromHours(1);
        var config = new OnCallConfigBuilder();
        for (var severity = 1; severity <= 4; severity++)
        {
            config.DefaultNotificationRules(severity, ("sms", TimeSpan.Zero));
        }

        return config
            .WithAdminKey(AdminKey)
            .WithRateLimit(100_000)
            .Responder("Lat", LatencyPhone)
            .Responder("Storm", StormPhone)
            .Responder("TimerOne", TimerFirstPhone)
            .Responder("TimerTwo", TimerSecondPhone)
            .Responder("Scale", ScalePhone)
            .Responder("Caller", CallPhone)
            .NotificationRules("Caller", ("voice", TimeSpan.Zero))
            .Policy("latency", hour, "Lat")
            .Policy("storm", hour, "Storm")
            .Policy("timer", 0, (["TimerOne"], o.TimerDelay), (["TimerTwo"], hour))
            .Policy("scale", hour, "Scale")
            .Policy("call", hour, "Caller")
            .Service("latency", "bench-latency", "latency")
            .Service("storm", StormKeys, "storm")
            .Service("timer", "bench-timer", "timer")
            .Service("scale", "bench-scale", "scale")
            .Service("call", "bench-call", "call");
    }
}
