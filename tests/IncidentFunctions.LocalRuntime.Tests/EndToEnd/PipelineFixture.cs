using Azure.Data.Tables;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}

/// <summary>
/// The local runtime with a fake Twilio on loopback and an on-call configuration with short delays,
/// so escalation can be watched happen in seconds.
/// </summary>
public class PipelineFixture : LocalRuntimeFixture
{
    public const string AdminKey = "e2e-admin-key-0123";
    public const string Alice = "+15550100001";
    public const string Bob = "+15550100002";
    public const string Carol = "+15550100003";
    public const string Dave = "+15550100004";
    public const string Erin = "+15550100005";
    public const string Lee = "+15550100009";

    /// <summary>The configuration's one admin: signs in to the console for what needs the Admin role (maintenance, heartbeats, others' pager tests).</summary>
    public const string Ada = "+15550100010";
    public const string FromNumber = TestWorldBuilder.DefaultFromNumber;
    public const int RateLimitPerMinute = 20;

    /// <summary>A heartbeat the configuration declares; nothing pings it, so it waits for its first ping all along.</summary>
    public const string DeclaredHeartbeat = "e2e-declared-heartbeat";

    public FakeTwilioServer Twilio => World.Twilio;

    public TableServiceClient Tables { get; } = new(TestStorage.ConnectionString);

    public TableClient Table(string name) => Tables.GetTableClient(TaskHubName + name);

    /// <summary>Alerts per integration key per minute; a derived fixture that sends many raises it.</summary>
    protected virtual int RateLimit => RateLimitPerMinute;

    /// <summary>What a derived fixture adds to the on-call configuration (a responder's Slack id…).</summary>
    protected virtual OnCallConfigBuilder OnCall(OnCallConfigBuilder config) => config;

    protected override void Configure(TestWorldBuilder world) => world
        .WithConfig(OnCall(Config(RateLimit)))
        .WithFakeTwilio(twilio => twilio.RejectNumber(Dave, 21610))
        .WithSetting("Twilio:InitialBackoff", "00:00:00.050")
        // Scenarios page the same few people seconds apart; the flood limit has its own tests (VoiceEndToEndTests, FloodLimitTests).
        .WithSetting("Twilio:CallFloodWindow", "00:00:00")
        .WithSetting("Twilio:SmsFloodWindow", "00:00:00");

    // Each scenario gets its own service (integration key) so they do not share dedup keys or rate budgets.
    private static OnCallConfigBuilder Config(int rateLimit)
    {
        var slow = TimeSpan.FromMinutes(10);
        var config = new OnCallConfigBuilder()
            .WithAdminKey(AdminKey)
            .WithRateLimit(rateLimit)
            .Responder("Alice", Alice)
            .Responder("Bob", Bob)
            .Responder("Carol", Carol)
            .Responder("Dave", Dave)
            .Responder("Erin", Erin)
            .Responder("Lee", Lee)
            .Responder("Ada", Ada)
            .Policy("slow", slow, "Alice", "Bob")
            .Policy("fast", TimeSpan.FromSeconds(2), "Alice", "Bob")
            .Policy("opted-out-first", slow, "Dave", "Carol")
            .Policy("erin", slow, "Erin")
            .Service("checkout", "e2e-checkout", "slow", playbookUrl: "https://runbooks.example/checkout");
        foreach (var (name, key, policy, autoResolve) in new[]
        {
            ("dedup", "e2e-dedup", "slow", true),
            ("escalating", "e2e-escalating", "fast", true),
            ("manual", "e2e-manual", "slow", false),
            ("optout", "e2e-optout", "opted-out-first", true),
            ("pagerduty", "e2e-pagerduty", "slow", true),
            ("limited", "e2e-limited", "slow", true),
            ("bare-reply", "e2e-bare", "erin", true),
            ("rejects", "e2e-rejects", "slow", true),
            ("loop", "e2e-loop", "slow", false),
            ("retro", "e2e-retro", "slow", false),
            ("records", "e2e-records", "slow", false),
            ("ledger-internal", "e2e-status", "slow", false),
            ("opsgenie", "e2e-opsgenie", "slow", true),
            ("opsgenie-manual", "e2e-opsgenie-manual", "slow", false),
            ("maint", "e2e-maint", "slow", true),
            ("maint-other", "e2e-maint-other", "slow", true),
            ("heartbeats", "e2e-heartbeats", "slow", true),
            ("metrics", "e2e-metrics", "slow", true),
        })
        {
            config.Service(name, key, policy, autoResolve);
        }

        // Two configured daily windows that overlap, so alerts labelled window=recurring on "maint" are always under
        // one (MaintenanceWindowTests); one crosses midnight. No other alert carries that label.
        string[] everyDay = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        var recurring = new Dictionary<string, string> { ["window"] = "recurring" };
        config.MaintenanceWindow("e2e daily early", ["maint"], everyDay, "00:00", "12:30", matchers: recurring)
            .MaintenanceWindow("e2e daily late", ["maint"], everyDay, "12:00", "00:30", reason: "nightly batch", matchers: recurring);

        // Only SEV4 (generic "info" alerts) runs on a short cadence here, so other scenarios see no agenda texts.
        return config
            .Heartbeat(DeclaredHeartbeat, "heartbeats", TimeSpan.FromMinutes(5))
            .Leadership("Lee")
            .Admins("Ada")
            .Response(
                updateCadence: new Dictionary<int, TimeSpan?> { [1] = null, [2] = null, [3] = null, [4] = TimeSpan.FromSeconds(3) },
                reminderBefore: TimeSpan.FromSeconds(1),
                quietGrace: TimeSpan.FromHours(1),
                retrospectiveDue: new Dictionary<int, TimeSpan?> { [1] = null, [2] = TimeSpan.FromDays(1), [3] = null, [4] = null });
    }
}
