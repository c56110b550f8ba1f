using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class SlackCollection : ICollectionFixture<SlackFixture>
{
    public const string Name = "slack";
}

/// <summary>
/// The local runtime with Slack on, against the fake Slack: SEV1–2 get channels, every incident is announced in
/// #incidents, closed incidents' channels are archived after two seconds. Texts go to the fake Twilio; one service per
/// scenario, so scenarios run on one runtime without meeting.
/// </summary>
public sealed class SlackFixture : LocalRuntimeFixture
{
    public const string AdminKey = "slack-admin-key-0123";
    public const string Alice = "+15550400001";
    public const string Bob = "+15550400002";
    public const string Carol = "+15550400003";
    public const string Nobody = "+15550400009";
    public const string Announcements = "incidents";

    public static readonly TimeSpan ArchiveAfter = TimeSpan.FromSeconds(2);

    public FakeSlackServer Slack => World.Slack;

    public FakeTwilioServer Twilio => World.Twilio;

    /// <summary>Teams notices of the "teams" service go to this fake Workflows webhook (Teams:ServiceWebhookUrls:teams).</summary>
    public FakeTeamsWebhook Teams { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Teams = await FakeTeamsWebhook.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Teams.DisposeAsync();
    }

    /// <summary>The announcements channel's id.</summary>
    public string AnnouncementsId { get; private set; } = "";

    public PipelineDriver Driver() => new(Client, AdminKey, Twilio.AuthToken, TestWorldBuilder.DefaultFromNumber);

    protected override void Configure(TestWorldBuilder world)
    {
        var slow = TimeSpan.FromMinutes(10);
        var config = new OnCallConfigBuilder().WithAdminKey(AdminKey).Quiet()
            .Responder("Alice", Alice).SlackUser("Alice", "U0000ALICE")
            .Responder("Bob", Bob).SlackUser("Bob", "U00000BOB")
            .Responder("Carol", Carol).SlackUser("Carol", "U0000CAROL")
            // Paged but not in Slack: the channel is still made, without them.
            .Responder("Nobody", Nobody)
            .Slack(announcementsChannel: "#" + Announcements, archiveAfter: ArchiveAfter);
        foreach (var service in new[] { "room", "taken", "limited", "quiet", "outage", "helpers", "commands", "discussion", "teams" })
        {
            config.Policy(service, slow, "Alice", "Bob").Service(service, "slack-" + service, service);
        }

        config.Policy("nobody", slow, "Nobody").Service("nobody", "slack-nobody", "nobody");
        world.WithConfig(config).WithFakeTwilio().WithFakeSlack(slack => AnnouncementsId = slack.AddChannel(Announcements))
            .WithSetting("Twilio:SmsFloodWindow", "00:00:00").WithSetting("Twilio:CallFloodWindow", "00:00:00")
            .WithSetting("Teams:ServiceWebhookUrls:teams", Teams.UrlFor("teams"));
    }
}
