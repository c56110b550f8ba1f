using System.Globalization;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// One fault scenario's world: a fake Twilio in the test process, an on-call configuration with short delays, and the
/// local runtime as a child process (a <see cref="TestWorldBuilder"/> world) on a task hub of its own, over the test process's Azurite
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

    private readonly ChildProcessWorld _world;

    private FaultRig(ChildProcessWorld world)
    {
        _world = world;
        Driver = new PipelineDriver(world.Client, AdminKey, world.Twilio.AuthToken, FromNumber);
    }

    public FakeTwilioServer Twilio => _world.Twilio;

    /// <summary>The fake Slack, in rigs started with one (<c>world: w => w.WithFakeSlack()</c>).</summary>
    public FakeSlackServer Slack => _world.Slack;

    public RuntimeProcess Runtime => _world.Runtime;

    public PipelineDriver Driver { get; }

    public string TaskHub => _world.TaskHub;

    public string Storage => _world.Storage;

    /// <param name="storage">A connection string; null for the test process's Azurite (<see cref="TestStorage"/>).</param>
    /// <param name="tierDelay">Delay of each tier in the "ack" and "hold" policies (Alice or Carol, then Bob).</param>
    /// <param name="twilio">Twilio:* settings over the defaults (e.g. RequestTimeout).</param>
    /// <param name="visibilityTimeout">Default <see cref="VisibilityTimeout"/>.</param>
    /// <param name="config">Adds to the rig's on-call configuration (responders, admins, Slack).</param>
    /// <param name="world">Adds to the world: fakes, settings.</param>
    public static async Task<FaultRig> StartAsync(
        string? storage = null, TimeSpan? tierDelay = null, IReadOnlyDictionary<string, string>? twilio = null, TimeSpan? visibilityTimeout = null,
        Action<OnCallConfigBuilder>? config = null, Action<TestWorldBuilder>? world = null)
    {
        var onCall = Config(tierDelay ?? TimeSpan.FromSeconds(6));
        config?.Invoke(onCall);
        var builder = new TestWorldBuilder()
            .WithConfig(onCall)
            .WithFakeTwilio(RejectDeadNumbers)
            .WithSetting("LocalRuntime:VisibilityTimeout", (visibilityTimeout ?? VisibilityTimeout).ToString("c", CultureInfo.InvariantCulture))
            // Longest send: 2 attempts of 2 s, and between them 1 s and a lookup of two reads of 2 s (TwilioSmsSender.MaxSendDurationFor).
            .WithSetting("Twilio:MaxAttempts", "2")
            .WithSetting("Twilio:InitialBackoff", "00:00:00.500")
            .WithSetting("Twilio:MaxBackoff", "00:00:01")
            .WithSetting("Twilio:MaxRetryAfter", "00:00:01")
            .WithSetting("Twilio:RequestTimeout", "00:00:02")
            // Faults are counted per text: storms page the same people seconds apart, which the flood limit would hold.
            .WithSetting("Twilio:SmsFloodWindow", "00:00:00")
            .WithSetting("Twilio:CallFloodWindow", "00:00:00")
            .WithLogLevel("Error", "Microsoft.AspNetCore");
        if (storage is not null)
        {
            builder.WithStorage(storage);
        }

        foreach (var (key, value) in twilio ?? new Dictionary<string, string>())
        {
            builder.WithSetting("Twilio:" + key, value);
        }

        world?.Invoke(builder);
        return new FaultRig(await builder.StartChildProcessAsync());
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

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

    private static OnCallConfigBuilder Config(TimeSpan tierDelay)
    {
        var slow = TimeSpan.FromMinutes(10);
        return new OnCallConfigBuilder()
            .WithAdminKey(AdminKey)
            .WithRateLimit(100_000)
            .Responder("Alice", Alice)
            .Responder("Bob", Bob)
            .Responder("Carol", Carol)
            .Responder("Erin", Erin)
            .Responder("Olive", OptedOut)
            .Responder("Nemo", BadNumber)
            .Policy("ack", 0, (["Alice"], tierDelay), (["Bob"], slow))
            .Policy("hold", 0, (["Carol"], tierDelay), (["Bob"], slow))
            .Policy("storm", slow, "Erin")
            .Policy("dead-first", slow, "Olive", "Nemo", "Carol")
            .Service("ack", "f-ack", "ack", autoResolve: false)
            .Service("hold", "f-hold", "hold", autoResolve: false)
            .Service("storm", "f-storm", "storm", autoResolve: false)
            .Service("dead", "f-dead", "dead-first", autoResolve: false)
            .Service("beat", "f-beat", "storm", autoResolve: true)
            .Quiet();
    }
}
