using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class VoiceCollection : ICollectionFixture<VoiceFixture>
{
    public const string Name = "voice";
}

/// <summary>
/// The local runtime with the fake Twilio's Calls API and notification rules in seconds: a text at once, a call after
/// two seconds, another after five. One responder per scenario, so each can program how their phone behaves.
/// </summary>
public sealed class VoiceFixture : LocalRuntimeFixture
{
    public const string AdminKey = "voice-admin-key-0123";
    public const string Alice = "+15550300001";
    public const string Bob = "+15550300002";
    public const string Carol = "+15550300003";
    public const string Dave = "+15550300004";
    public const string Erin = "+15550300005";
    public const string Frank = "+15550300006";
    public const string Gina = "+15550300007";
    public const string Hana = "+15550300008";
    public const string Ivan = "+15550300009";
    public const string Jo = "+15550300010";
    public const string JoMail = "jo@example.com";

    /// <summary>At most one call and one page by text per number in this window (a minute in production).</summary>
    public static readonly TimeSpan FloodWindow = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan FirstCall = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SecondCall = TimeSpan.FromSeconds(5);

    public FakeTwilioServer Twilio => World.Twilio;

    public PipelineDriver Driver() => new(Client, AdminKey, Twilio.AuthToken, TestWorldBuilder.DefaultFromNumber);

    protected override void Configure(TestWorldBuilder world)
    {
        var slow = TimeSpan.FromMinutes(10);
        var config = new OnCallConfigBuilder().WithAdminKey(AdminKey).Quiet();
        foreach (var (name, phone) in new[] { ("Alice", Alice), ("Bob", Bob), ("Carol", Carol), ("Dave", Dave), ("Erin", Erin), ("Frank", Frank), ("Gina", Gina), ("Hana", Hana), ("Ivan", Ivan) })
        {
            config.Responder(name, phone).Policy(name.ToLowerInvariant(), slow, name, "Frank").Service(name.ToLowerInvariant(), "voice-" + name.ToLowerInvariant(), name.ToLowerInvariant());
        }

        // Bob's own rules: a call nobody answers must bring the next one forward, so it is far away.
        config.NotificationRules("Bob", ("sms", TimeSpan.Zero), ("voice", TimeSpan.FromSeconds(1)), ("voice", TimeSpan.FromMinutes(30)));
        config.NotificationRules("Carol", ("sms", TimeSpan.Zero), ("voice", TimeSpan.FromSeconds(1)), ("voice", TimeSpan.FromMinutes(30)));
        // Hana is only ever called, at once: the flood limit's scenario.
        config.NotificationRules("Hana", ("voice", TimeSpan.Zero));
        // Ivan is only ever texted: the flood limit of texts.
        config.NotificationRules("Ivan", ("sms", TimeSpan.Zero));
        // Jo is paged by mail and text at once (no mail server here: the local runtime's outbox).
        config.Responder("Jo", Jo, JoMail).Policy("jo", slow, "Jo").Service("jo", "voice-jo", "jo")
            .NotificationRules("Jo", ("email", TimeSpan.Zero), ("sms", TimeSpan.Zero));
        for (var severity = 1; severity <= 4; severity++)
        {
            config.DefaultNotificationRules(severity, ("sms", TimeSpan.Zero), ("voice", FirstCall), ("voice", SecondCall));
        }

        world.WithConfig(config).WithFakeTwilio().WithSetting("Twilio:InitialBackoff", "00:00:00.050")
            .WithSetting("Twilio:CallFloodWindow", FloodWindow.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("Twilio:SmsFloodWindow", FloodWindow.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
    }
}
