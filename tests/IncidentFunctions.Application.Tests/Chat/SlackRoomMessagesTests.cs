using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Application.Tests.Chat;

public class SlackRoomMessagesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 5, 0, TimeSpan.Zero);

    [Fact]
    public void The_topic_names_severity_service_status_lead_and_the_next_update_while_open()
    {
        var incident = new IncidentBuilder().Acknowledged("Alice", updateCadence: TimeSpan.FromMinutes(30)).Build();

        Assert.Equal($"SEV2 · checkout · Acknowledged · Lead: Alice · Next update {incident.NextUpdateDue!.Value.UtcDateTime:HH:mm} UTC", SlackRoomMessages.Topic(incident));
        Assert.Equal("SEV2 · checkout · Resolved · Lead: Alice", SlackRoomMessages.Topic(new IncidentBuilder().Acknowledged("Alice", updateCadence: TimeSpan.FromMinutes(30)).Resolved().Build()));
    }

    [Fact]
    public void A_long_title_never_makes_a_topic_Slack_refuses()
    {
        var incident = new IncidentBuilder().Service(new string('s', 300)).Build();

        Assert.Equal(SlackRoomMessages.MaxTopic, SlackRoomMessages.Topic(incident).Length);
    }

    [Fact]
    public void The_card_of_an_open_incident_has_the_six_buttons_carrying_its_number_and_a_closed_one_none()
    {
        var (text, blocks) = SlackRoomMessages.Card(new IncidentBuilder().Number(42).Build(), _ => null, "https://incidents.example.com/console/incidents/42");

        Assert.Equal("INC 42 · SEV2 · Checkout 5xx above 2% — Triggered", text);
        var buttons = blocks.Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal(SlackActions.Buttons.Select(b => b.ActionId), buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.All(buttons, b => Assert.Equal("42", b!["value"]!.GetValue<string>()));
        Assert.Contains("<https://incidents.example.com/console/incidents/42|Open in the console>", blocks.ToJsonString(Plain), StringComparison.Ordinal);

        var (_, closed) = SlackRoomMessages.Card(new IncidentBuilder().Number(42).Acknowledged().Resolved(summary: "Rolled back").Closed().Build(), _ => null, null);
        Assert.DoesNotContain(closed, b => b!["type"]!.GetValue<string>() == "actions");
        Assert.Contains("*Resolved by Alice:* Rolled back", closed.ToJsonString(Plain), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lead_is_mentioned_by_their_slack_id_when_they_have_one()
    {
        var incident = new IncidentBuilder().Acknowledged("Alice").Build();

        Assert.Contains("Alice (<@U0000ALICE>)", SlackRoomMessages.Card(incident, name => name == "Alice" ? "U0000ALICE" : null, null).Blocks.ToJsonString(Plain), StringComparison.Ordinal);
        Assert.DoesNotContain("<@", SlackRoomMessages.Card(incident, _ => null, null).Blocks.ToJsonString(Plain), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_alerts_and_people_cannot_inject_mentions_or_links()
    {
        var incident = new IncidentBuilder().Title("<!channel> & <https://evil.example|click>").Build();

        var line = SlackRoomMessages.Line(new TimelineEntry(1, At, TimelineEntryKind.Note, "Bob", "Finding: <!here> see <https://x|y>", "note:1"));
        var (_, announcement) = SlackRoomMessages.Announcement(incident, null, null);

        Assert.Equal(":mag: `10:05 UTC` Finding: &lt;!here&gt; see &lt;https://x|y&gt;", line);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;", announcement.ToJsonString(Plain), StringComparison.Ordinal);
    }

    [Fact]
    public void The_announcement_links_the_channel_when_there_is_one_else_carries_the_buttons()
    {
        var incident = new IncidentBuilder().Number(7).Build();

        var (_, withChannel) = SlackRoomMessages.Announcement(incident, "C0ROOM", "https://x/console/incidents/7");
        var (_, without) = SlackRoomMessages.Announcement(incident, null, "https://x/console/incidents/7");

        Assert.Contains("<#C0ROOM>", withChannel.ToJsonString(Plain), StringComparison.Ordinal);
        Assert.DoesNotContain(withChannel, b => b!["type"]!.GetValue<string>() == "actions");
        Assert.Contains("<https://x/console/incidents/7|console>", without.ToJsonString(Plain), StringComparison.Ordinal);
        Assert.Contains(without, b => b!["type"]!.GetValue<string>() == "actions");
    }

    [Theory]
    [InlineData(TimelineEntryKind.PageSent, true)]
    [InlineData(TimelineEntryKind.Acknowledged, true)]
    [InlineData(TimelineEntryKind.UpdatePosted, true)]
    [InlineData(TimelineEntryKind.ActionConfirmed, true)]
    [InlineData(TimelineEntryKind.UpdateOverdue, true)]
    [InlineData(TimelineEntryKind.Resolved, true)]
    [InlineData(TimelineEntryKind.PostmortemCompleted, true)]
    [InlineData(TimelineEntryKind.AlertReceived, false)]
    [InlineData(TimelineEntryKind.Notified, false)]
    [InlineData(TimelineEntryKind.UpdateReminder, false)]
    [InlineData(TimelineEntryKind.ChatMessage, false)]
    [InlineData(TimelineEntryKind.ChatPinned, false)]
    [InlineData(TimelineEntryKind.RoomOpened, false)]
    [InlineData(TimelineEntryKind.RoomUnavailable, false)]
    public void Only_the_response_s_facts_are_posted_in_the_channel(TimelineEntryKind kind, bool posted)
    {
        Assert.Equal(posted, SlackRoomMessages.Matters(new TimelineEntry(1, At, kind, "system", "x", "k")));
    }

    [Fact]
    public void A_page_that_will_be_tried_again_is_not_posted_but_one_that_failed_for_good_is()
    {
        var retrying = new TimelineEntry(1, At, TimelineEntryKind.PageFailed, "system", "x", "k", new Dictionary<string, string> { ["transient"] = "true" });
        var failed = retrying with { Data = new Dictionary<string, string> { ["errorCode"] = "21211" } };

        Assert.False(SlackRoomMessages.Matters(retrying));
        Assert.True(SlackRoomMessages.Matters(failed));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
