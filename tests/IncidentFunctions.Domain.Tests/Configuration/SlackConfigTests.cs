using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Chat;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class SlackConfigTests
{
    [Fact]
    public void Without_a_slack_section_SEV1_and_SEV2_get_channels_and_nothing_is_announced()
    {
        var slack = Valid().Slack;

        Assert.True(slack.GetsChannel(IncidentSeverity.Sev1));
        Assert.True(slack.GetsChannel(IncidentSeverity.Sev2));
        Assert.False(slack.GetsChannel(IncidentSeverity.Sev3));
        Assert.Null(slack.AnnouncementsChannel);
        Assert.Equal("inc-{number}-{service}-{title}", slack.ChannelNamePattern);
        Assert.Equal(TimeSpan.FromDays(1), slack.ArchiveAfter);
    }

    [Fact]
    public void The_slack_section_is_read_as_written()
    {
        var config = ConfigLoader.Parse(WithSection("slack",
            """{ "channelSeverities": ["SEV1"], "announcementsChannel": "C0INCIDENTS", "channelNamePattern": "{severity}-inc-{number}", "archiveAfter": "2h" }"""), FileName);

        Assert.Equal(new SlackRoomConfig(new HashSet<IncidentSeverity> { IncidentSeverity.Sev1 }, "C0INCIDENTS", "{severity}-inc-{number}", TimeSpan.FromHours(2)), config.Slack);
    }

    [Fact]
    public void An_empty_severity_list_means_announcements_only()
    {
        var config = ConfigLoader.Parse(WithSection("slack", """{ "channelSeverities": [], "announcementsChannel": "#incidents" }"""), FileName);

        Assert.All(Enum.GetValues<IncidentSeverity>(), severity => Assert.False(config.Slack.GetsChannel(severity)));
        Assert.Equal("#incidents", config.Slack.AnnouncementsChannel);
    }

    [Theory]
    [InlineData("""{ "channelSeverities": ["SEV9"] }""", "slack.channelSeverities[0]", "SEV1, SEV2, SEV3 or SEV4")]
    [InlineData("""{ "channelSeverities": ["SEV1", "sev1"] }""", "slack.channelSeverities[1]", "listed twice")]
    [InlineData("""{ "channelSeverities": "SEV1" }""", "slack.channelSeverities", "must be an array")]
    [InlineData("""{ "announcementsChannel": "incidents" }""", "slack.announcementsChannel", "channel id like C0123ABCD")]
    [InlineData("""{ "channelNamePattern": "incident-{service}" }""", "slack.channelNamePattern", "{number}")]
    [InlineData("""{ "archiveAfter": "45d" }""", "slack.archiveAfter", "at most 30 days")]
    [InlineData("""{ "archiveAfter": "soon" }""", "slack.archiveAfter", "")]
    [InlineData("""{ "archiveAfte": "1d" }""", "slack.archiveAfte", "unknown property (expected one of: channelSeverities")]
    public void A_bad_slack_section_is_reported_with_its_path(string section, string path, string message)
    {
        SingleProblem(WithSection("slack", section), path, message);
    }

    [Fact]
    public void Responders_carry_their_slack_user_ids_and_are_found_by_them()
    {
        var config = Load(root =>
        {
            root.At("responders[0]")["slackUserId"] = "U0000ALICE";
            root.At("responders[1]")["slackUserId"] = "W00000BOB";
        });

        Assert.Equal("U0000ALICE", config.FindResponder("Alice")!.SlackUserId);
        Assert.Null(config.FindResponder("Carol")!.SlackUserId);
        Assert.Equal("Bob", config.FindResponderBySlackUser("W00000BOB")!.Name);
        Assert.Null(config.FindResponderBySlackUser("u0000alice"));
        Assert.Null(config.FindResponderBySlackUser("U0NOBODY"));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("@alice")]
    [InlineData("u0000alice")]
    [InlineData("C0000ALICE")]
    public void A_slack_user_id_must_look_like_one(string id)
    {
        SingleProblem(With(root => root.At("responders[0]")["slackUserId"] = id), "responders[0].slackUserId", "not a Slack user id like U0123ABCD");
    }

    [Fact]
    public void Two_responders_cannot_share_a_slack_user()
    {
        SingleProblem(With(root =>
        {
            root.At("responders[0]")["slackUserId"] = "U0000ALICE";
            root.At("responders[2]")["slackUserId"] = "U0000ALICE";
        }), "responders[2].slackUserId", "already the Slack user of responders[0].slackUserId");
    }
}
