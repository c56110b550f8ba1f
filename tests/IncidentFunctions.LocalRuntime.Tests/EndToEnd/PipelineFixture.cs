using Azure.Data.Tables;
using IncidentFunctions.Testing;

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
    public const string FromNumber = "+15557770000";
    public const int RateLimitPerMinute = 20;

    private string? _configPath;

    public FakeTwilioServer Twilio { get; private set; } = null!;

    public TableServiceClient Tables { get; } = new(TestStorage.ConnectionString);

    public override async Task InitializeAsync()
    {
        Twilio = await FakeTwilioServer.StartAsync();
        Twilio.RejectNumber(Dave, 21610);

        _configPath = Path.Combine(Path.GetTempPath(), $"incidents-e2e-{TaskHubName}.json");
        await File.WriteAllTextAsync(_configPath, BuildConfig(RateLimit));
        Settings["INCIDENTS_CONFIG"] = _configPath;
        Settings["Twilio:AccountSid"] = Twilio.AccountSid;
        Settings["Twilio:AuthToken"] = Twilio.AuthToken;
        Settings["Twilio:FromNumber"] = FromNumber;
        Settings["Twilio:ApiBaseUrl"] = Twilio.BaseUrl;
        Settings["Twilio:InitialBackoff"] = "00:00:00.050";
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Twilio.DisposeAsync();
        if (_configPath is not null)
        {
            File.Delete(_configPath);
        }
    }

    public TableClient Table(string name) => Tables.GetTableClient(TaskHubName + name);

    /// <summary>Alerts per integration key per minute; a derived fixture that sends many raises it.</summary>
    protected virtual int RateLimit => RateLimitPerMinute;

    // Each scenario gets its own service (integration key) so they do not share dedup keys or rate budgets.
    private static string BuildConfig(int rateLimit) => $$"""
    {
      "adminApiKey": "{{AdminKey}}",
      "rateLimit": { "perKeyPerMinute": {{rateLimit}} },
      "responders": [
        { "name": "Alice", "phone": "{{Alice}}" },
        { "name": "Bob", "phone": "{{Bob}}" },
        { "name": "Carol", "phone": "{{Carol}}" },
        { "name": "Dave", "phone": "{{Dave}}" },
        { "name": "Erin", "phone": "{{Erin}}" },
        { "name": "Lee", "phone": "{{Lee}}" }
      ],
      "escalationPolicies": [
        { "name": "slow", "repeat": 0, "tiers": [
            { "targets": [ { "responder": "Alice" } ], "delay": "10m" },
            { "targets": [ { "responder": "Bob" } ], "delay": "10m" } ] },
        { "name": "fast", "repeat": 0, "tiers": [
            { "targets": [ { "responder": "Alice" } ], "delay": "2s" },
            { "targets": [ { "responder": "Bob" } ], "delay": "2s" } ] },
        { "name": "opted-out-first", "repeat": 0, "tiers": [
            { "targets": [ { "responder": "Dave" } ], "delay": "10m" },
            { "targets": [ { "responder": "Carol" } ], "delay": "10m" } ] },
        { "name": "erin", "repeat": 0, "tiers": [
            { "targets": [ { "responder": "Erin" } ], "delay": "10m" } ] }
      ],
      "services": [
        { "name": "checkout", "integrationKeys": ["e2e-checkout"], "escalationPolicy": "slow", "autoResolve": true, "playbookUrl": "https://runbooks.example/checkout" },
        { "name": "dedup", "integrationKeys": ["e2e-dedup"], "escalationPolicy": "slow", "autoResolve": true },
        { "name": "escalating", "integrationKeys": ["e2e-escalating"], "escalationPolicy": "fast", "autoResolve": true },
        { "name": "manual", "integrationKeys": ["e2e-manual"], "escalationPolicy": "slow", "autoResolve": false },
        { "name": "optout", "integrationKeys": ["e2e-optout"], "escalationPolicy": "opted-out-first", "autoResolve": true },
        { "name": "pagerduty", "integrationKeys": ["e2e-pagerduty"], "escalationPolicy": "slow", "autoResolve": true },
        { "name": "limited", "integrationKeys": ["e2e-limited"], "escalationPolicy": "slow", "autoResolve": true },
        { "name": "bare-reply", "integrationKeys": ["e2e-bare"], "escalationPolicy": "erin", "autoResolve": true },
        { "name": "rejects", "integrationKeys": ["e2e-rejects"], "escalationPolicy": "slow", "autoResolve": true },
        { "name": "loop", "integrationKeys": ["e2e-loop"], "escalationPolicy": "slow", "autoResolve": false },
        { "name": "retro", "integrationKeys": ["e2e-retro"], "escalationPolicy": "slow", "autoResolve": false },
        { "name": "records", "integrationKeys": ["e2e-records"], "escalationPolicy": "slow", "autoResolve": false },
        { "name": "ledger-internal", "integrationKeys": ["e2e-status"], "escalationPolicy": "slow", "autoResolve": false }
      ],
      "leadership": ["Lee"],
      // Only SEV4 (generic "info" alerts) runs on a short cadence here, so other scenarios see no agenda texts.
      "response": {
        "updateCadence": { "SEV1": null, "SEV2": null, "SEV3": null, "SEV4": "3s" },
        "reminderBefore": "1s",
        "quietGrace": "1h",
        "retrospectiveDue": { "SEV1": null, "SEV2": "1d", "SEV3": null, "SEV4": null }
      }
    }
    """;
}
