using System.Globalization;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.PagerTests;

[CollectionDefinition(Name)]
public sealed class PagerTestCollection : ICollectionFixture<PagerTestFixture>
{
    public const string Name = "pager-test";
}

/// <summary>
/// The local runtime with the fake Twilio (texts and calls) and a mail server on loopback, and responders each scenario
/// has to itself (one test a minute per responder): Alice has a phone and an address, Carol's number Twilio refuses,
/// Fay is on no schedule and in no policy. The "handoff-weekly" schedule (Gus, then Dave, weekly from Monday 7 January
/// 2030 09:00 UTC, owner Erin) tests its incoming person at each hand-off; it starts in 2030 so that the runtime's own
/// minute timer never finds a hand-off: tests run the hand-off job at instants of their choosing.
/// </summary>
public sealed class PagerTestFixture : LocalRuntimeFixture
{
    public const string AdminKey = "pager-test-admin-key-0123";
    public const string Alice = "+15550500001";
    public const string AliceMail = "alice@example.com";
    public const string Bob = "+15550500002";
    public const string Carol = "+15550500003";
    public const string Dana = "+15550500004";
    public const string Erin = "+15550500005";
    public const string Fay = "+15550500006";
    public const string Gus = "+15550500007";
    public const string Dave = "+15550500008";
    public const string Hal = "+15550500009";
    public const string HalMail = "hal@example.com";
    public const string Schedule = "handoff-weekly";

    /// <summary>Gus's first week starts here; Dave's a week later, then Gus's again.</summary>
    public static readonly DateTimeOffset RotationStart = new(2030, 1, 7, 9, 0, 0, TimeSpan.Zero);

    public FakeTwilioServer Twilio => World.Twilio;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public PipelineDriver Driver() => new(Client, AdminKey, Twilio.AuthToken, TestWorldBuilder.DefaultFromNumber);

    public override async Task InitializeAsync()
    {
        Smtp = await LoopbackSmtpServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override void Configure(TestWorldBuilder world)
    {
        var config = new OnCallConfigBuilder()
            .WithAdminKey(AdminKey)
            .Responder("Alice", Alice, AliceMail)
            .Responder("Bob", Bob)
            .Responder("Carol", Carol)
            .Responder("Dana", Dana)
            .Responder("Erin", Erin)
            .Responder("Fay", Fay)
            .Responder("Gus", Gus)
            .Responder("Dave", Dave)
            .Responder("Hal", Hal, HalMail)
            .Schedule(Schedule, "UTC", "2030-01-07T09:00", "7d", ["Gus", "Dave"], owner: "Erin", testAtHandoff: true)
            .Policy("main", 0, (["Alice", "Bob", "Carol", "Dana", "Hal"], TimeSpan.FromMinutes(10)))
            .Service("main", "pager-test-main", "main")
            .Quiet();
        world.WithConfig(config)
            .WithFakeTwilio(twilio => twilio.RejectNumber(Carol, 21211))
            .WithSetting("Twilio:InitialBackoff", "00:00:00.050")
            .WithSetting("Email:Host", Smtp.Host)
            .WithSetting("Email:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture))
            .WithSetting("Email:Security", "None")
            .WithSetting("Email:From", "Incidents <incidents@alerts.example.com>");
    }
}
