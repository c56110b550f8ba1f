using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// One fault scenario's world: a fake Twilio in the test process, an on-call configuration with short delays, and the
/// local runtime as a child process (<see cref="RuntimeProcess"/>) on a task hub of its own, over the test process's Azurite
/// or a private one. Disposing stops the runtime and deletes the hub's tables, queues and containers.
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    public const string AdminKey = "fault-admin-key-0123";
    public const string FromNumber = "+15557770000";
    public const string Alice = "+15550200001";
    public const string Bob = "+15550200002";
    public const string Carol = "+15550200003";
    public const string Erin = "+15550200005";
    public const string OptedOut = "+15550200006";
    public const string BadNumber = "+15550200007";

    /// <summary>
    /// How soon a message that a killed process had dequeued is handed out again (LocalRuntime:VisibilityTimeout), for the
    /// kill tests: short, so recovery is seconds. It must outlast every activity they run (a page: well under a second).
    /// Rigs whose activities wait on Twilio's timeouts pass a longer one, or a slow activity would be handed out twice.
    /// The default Twilio settings below keep the send ledger's lease (the sender's longest send, 9 s, and a margin) under
    /// it too: a send the kill cut short is taken up again as soon as it is handed out, not when its lease runs out.
    /// </summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(15);

    private readonly string _configPath;
    private readonly HttpClient _http;

    private FaultRig(FakeTwilioServer twilio, RuntimeProcess runtime, string taskHub, string storage, string configPath)
    {
        Twilio = twilio;
        Runtime = runtime;
        TaskHub = taskHub;
        Storage = storage;
        _configPath = configPath;
        _http = new HttpClient { BaseAddress = new Uri(runtime.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        Driver = new PipelineDriver(_http, AdminKey, twilio.AuthToken, FromNumber);
    }

    public FakeTwilioServer Twilio { get; }

    public RuntimeProcess Runtime { get; }

    public PipelineDriver Driver { get; }

    public string TaskHub { get; }

    public string Storage { get; }

    /// <param name="storage">A connection string; null for the test process's Azurite (<see cref="TestStorage"/>).</param>
    /// <param name="tierDelay">Delay of each tier in the "ack" and "hold" policies (Alice or Carol, then Bob).</param>
    /// <param name="twilio">Twilio:* settings over the defaults (e.g. RequestTimeout).</param>
    /// <param name="visibilityTimeout">Default <see cref="VisibilityTimeout"/>.</param>
    public static async Task<FaultRig> StartAsync(
        string? storage = null, TimeSpan? tierDelay = null, IReadOnlyDictionary<string, string>? twilio = null, TimeSpan? visibilityTimeout = null)
    {
        await TestStorage.EnsureRunningAsync();
        var fake = await FakeTwilioServer.StartAsync();
        RejectDeadNumbers(fake);

        var hub = LocalRuntimeFixture.NewTaskHubName();
        var configPath = Path.Combine(Path.GetTempPath(), $"incidents-faults-{hub}.json");
        await File.WriteAllTextAsync(configPath, Config(tierDelay ?? TimeSpan.FromSeconds(6)));
        storage ??= TestStorage.ConnectionString;

        var env = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["TASK_HUB"] = hub,
            // Stable across restarts (docs/local-runtime.md, pitfall 4): the restarted process takes the leases back at once.
            ["WORKER_ID"] = "faults-" + hub,
            ["INCIDENTS_CONFIG"] = configPath,
            ["IncidentStorage__TablePrefix"] = hub,
            ["IncidentEvents__QueueName"] = hub,
            ["LocalRuntime__VisibilityTimeout"] = (visibilityTimeout ?? VisibilityTimeout).ToString("c", CultureInfo.InvariantCulture),
            ["Twilio__AccountSid"] = fake.AccountSid,
            ["Twilio__AuthToken"] = fake.AuthToken,
            ["Twilio__FromNumber"] = FromNumber,
            ["Twilio__ApiBaseUrl"] = fake.BaseUrl,
            // Longest send: 2 attempts of 2 s, and between them 1 s and a lookup of two reads of 2 s (TwilioSmsSender.MaxSendDurationFor).
            ["Twilio__MaxAttempts"] = "2",
            ["Twilio__InitialBackoff"] = "00:00:00.500",
            ["Twilio__MaxBackoff"] = "00:00:01",
            ["Twilio__MaxRetryAfter"] = "00:00:01",
            ["Twilio__RequestTimeout"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Error",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in twilio ?? new Dictionary<string, string>())
        {
            env["Twilio__" + key] = value;
        }

        var runtime = new RuntimeProcess(env);
        var rig = new FaultRig(fake, runtime, hub, storage, configPath);
        try
        {
            await runtime.StartAsync();
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Runtime.DisposeAsync();
        await Twilio.DisposeAsync();
        File.Delete(_configPath);
        try
        {
            await DeleteHubAsync();
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            // Storage already gone (a private Azurite being disposed): nothing to clean.
        }
    }

    /// <summary>Clears a test's faults, keeping the dead numbers dead.</summary>
    public void ResetTwilioFaults()
    {
        Twilio.ResetFaults();
        RejectDeadNumbers(Twilio);
    }

    private static void RejectDeadNumbers(FakeTwilioServer fake)
    {
        fake.RejectNumber(OptedOut, 21610);
        fake.RejectNumber(BadNumber, 21211);
    }

    /// <summary>Posts one generic alert and returns its incident id.</summary>
    public async Task<long> OpenIncidentAsync(string integrationKey, string title)
    {
        var reply = await Driver.PostAlertAsync("generic", integrationKey, Payloads.Generic(title, Payloads.Unique("fault")));
        Assert.True(reply.Status == System.Net.HttpStatusCode.Accepted, reply.ToString());
        return Payloads.IncidentId(reply);
    }

    /// <summary>Texts the fake accepted for incident <paramref name="id"/> to <paramref name="to"/>.</summary>
    public IReadOnlyList<FakeTwilioRequest> TextsTo(string to, long id) =>
        Twilio.Messages.Where(m => m.To == to && Mentions(m.Body, id)).ToList();

    /// <summary>POSTs (accepted or not) for incident <paramref name="id"/> to <paramref name="to"/>, in arrival order.</summary>
    public IReadOnlyList<FakeTwilioRequest> AttemptsTo(string to, long id) =>
        Twilio.Attempts.Where(m => m.To == to && Mentions(m.Body, id)).OrderBy(m => m.ReceivedAt).ToList();

    /// <summary>No responder got the same text twice: every step's text is distinct (tier, reason), so a repeat is a duplicate send.</summary>
    public void AssertNoDuplicateTexts()
    {
        var duplicates = Twilio.Messages.GroupBy(m => (m.To, m.Body)).Where(g => g.Count() > 1).ToList();
        Assert.True(duplicates.Count == 0,
            "Sent twice: " + string.Join("; ", duplicates.Select(g => $"{g.Count()}x to {g.Key.To}: {g.Key.Body}")) + "\n" + Runtime.Log);
    }

    public static IEnumerable<JsonNode> Timeline(JsonNode incident) => incident["timeline"]!.AsArray().Select(e => e!);

    public static string Kind(JsonNode entry) => entry["kind"]!.GetValue<string>();

    public static string? Data(JsonNode entry, string key) => entry["data"]?[key]?.GetValue<string>();

    public static bool HasText(JsonNode incident, string kind, string recipient) =>
        Timeline(incident).Any(e => Kind(e) == kind && Data(e, "to") == recipient);

    private static bool Mentions(string body, long id) => body.Contains($"INC {id} ", StringComparison.Ordinal) || body.Contains($"INC {id}\u00a0", StringComparison.Ordinal);

    private async Task DeleteHubAsync()
    {
        var prefix = TaskHub.ToLowerInvariant();
        var tables = new TableServiceClient(Storage);
        await foreach (var table in tables.QueryAsync(maxPerPage: 1000))
        {
            if (table.Name.StartsWith(TaskHub, StringComparison.OrdinalIgnoreCase))
            {
                await tables.DeleteTableAsync(table.Name);
            }
        }

        var queues = new QueueServiceClient(Storage);
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            await queues.DeleteQueueAsync(queue.Name);
        }

        var blobs = new BlobServiceClient(Storage);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }
    }

    private static string Config(TimeSpan tierDelay)
    {
        var delay = $"{(int)Math.Ceiling(tierDelay.TotalSeconds)}s";
        return $$"""
        {
          "adminApiKey": "{{AdminKey}}",
          "rateLimit": { "perKeyPerMinute": 100000 },
          "responders": [
            { "name": "Alice", "phone": "{{Alice}}" },
            { "name": "Bob", "phone": "{{Bob}}" },
            { "name": "Carol", "phone": "{{Carol}}" },
            { "name": "Erin", "phone": "{{Erin}}" },
            { "name": "Olive", "phone": "{{OptedOut}}" },
            { "name": "Nemo", "phone": "{{BadNumber}}" }
          ],
          "escalationPolicies": [
            { "name": "ack", "repeat": 0, "tiers": [
                { "targets": [ { "responder": "Alice" } ], "delay": "{{delay}}" },
                { "targets": [ { "responder": "Bob" } ], "delay": "10m" } ] },
            { "name": "hold", "repeat": 0, "tiers": [
                { "targets": [ { "responder": "Carol" } ], "delay": "{{delay}}" },
                { "targets": [ { "responder": "Bob" } ], "delay": "10m" } ] },
            { "name": "storm", "repeat": 0, "tiers": [
                { "targets": [ { "responder": "Erin" } ], "delay": "10m" } ] },
            { "name": "dead-first", "repeat": 0, "tiers": [
                { "targets": [ { "responder": "Olive" } ], "delay": "10m" },
                { "targets": [ { "responder": "Nemo" } ], "delay": "10m" },
                { "targets": [ { "responder": "Carol" } ], "delay": "10m" } ] }
          ],
          "services": [
            { "name": "ack", "integrationKeys": ["f-ack"], "escalationPolicy": "ack", "autoResolve": false },
            { "name": "hold", "integrationKeys": ["f-hold"], "escalationPolicy": "hold", "autoResolve": false },
            { "name": "storm", "integrationKeys": ["f-storm"], "escalationPolicy": "storm", "autoResolve": false },
            { "name": "dead", "integrationKeys": ["f-dead"], "escalationPolicy": "dead-first", "autoResolve": false }
          ],
          "response": {
            "updateCadence": { "SEV1": null, "SEV2": null, "SEV3": null, "SEV4": null },
            "retrospectiveDue": { "SEV1": null, "SEV2": null, "SEV3": null, "SEV4": null }
          }
        }
        """;
    }
}
