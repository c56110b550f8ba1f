using System.Text.Json;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using static IncidentFunctions.Domain.Tests.Postmortems.PostmortemFactsBuilder;

namespace IncidentFunctions.Domain.Tests.Postmortems;

/// <summary>
/// The draft's "From the incident channel": what the channel found (pinned messages, notes made there) is offered,
/// the rest of the discussion is not, and none of it floods the draft's timeline.
/// </summary>
public class PostmortemChannelTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(1);
    private const string Channel = "C0INC42";

    private static Postmortem Draft(PostmortemFactsBuilder facts) => PostmortemDrafter.Draft(facts.Build(), Now);

    private static ChatMessageDetails Message(string ts) =>
        new(Channel, ts, "U0BOB", $"https://example.slack.com/archives/{Channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}");

    private static TimelineEntry Chat(int minutes, string author, string ts, string text) =>
        TimelineEntries.ChatMessage(42, At(minutes), author, Message(ts), text);

    private static TimelineEntry Pin(int minutes, string by, string ts, string excerpt) =>
        TimelineEntries.ChatPinned(42, At(minutes), by, Message(ts), excerpt);

    /// <summary>A note's entry as the Slack command writes it: the note's own entry, its data saying where it was made.</summary>
    private static TimelineEntry SlackNote(IncidentNote note)
    {
        var entry = TimelineEntries.Note(42, note);
        return entry with { Data = new Dictionary<string, string>(entry.Data!) { ["via"] = "slack" } };
    }

    private static readonly IncidentNote FromSlack = new("n-slack", At(25), "Carol", NoteKind.Finding, "Price cache hit rate fell to 0% at 09:56");

    /// <summary>A busy channel: four messages, two of them pinned (one twice), one note from Slack and one from the console.</summary>
    private static PostmortemFactsBuilder BusyChannel() => new PostmortemFactsBuilder()
        .With(f => f with { Notes = [.. f.Notes, FromSlack] })
        .WithTimeline(
            Chat(12, "Alice", "1740823920.000100", "anyone else seeing slow checkouts?"),
            Chat(15, "U0DAVE", "1740824100.000200", "the price cache dashboard is flat at zero\nsince 09:56"),
            Chat(16, "Bob", "1740824160.000300", "+1"),
            Chat(18, "Alice", "1740824280.000400", "release 2025.03.1 went out at 09:55"),
            Pin(17, "Bob", "1740824100.000200", "the price cache dashboard is flat at zero since 09:56"),
            Pin(19, "Alice", "1740824280.000400", "release 2025.03.1 went out at 09:55"),
            Pin(21, "Carol", "1740824280.000400", "release 2025.03.1 went out at 09:55"),
            SlackNote(FromSlack),
            TimelineEntries.Note(42, new IncidentNote("n2", At(20), "Alice", NoteKind.Finding, "p99 rose right after the 09:55 deploy")));

    [Fact]
    public void Pinned_messages_and_notes_from_slack_are_offered_in_time_order_with_author_time_text_and_link()
    {
        var found = Draft(BusyChannel()).FromChannel;

        Assert.Equal(
            [
                new ChannelFinding(At(15), "U0DAVE", ChannelFinding.Pinned, "the price cache dashboard is flat at zero\nsince 09:56",
                    $"https://example.slack.com/archives/{Channel}/p1740824100000200", "Bob"),
                new ChannelFinding(At(18), "Alice", ChannelFinding.Pinned, "release 2025.03.1 went out at 09:55",
                    $"https://example.slack.com/archives/{Channel}/p1740824280000400", "Alice"),
                new ChannelFinding(At(25), "Carol", ChannelFinding.Note, "Finding: Price cache hit rate fell to 0% at 09:56", null, null),
            ],
            found);
    }

    [Fact]
    public void Unpinned_chat_and_notes_made_elsewhere_are_not_offered()
    {
        var texts = Draft(BusyChannel()).FromChannel.Select(c => c.Text).ToList();

        Assert.DoesNotContain("anyone else seeing slow checkouts?", texts);
        Assert.DoesNotContain("+1", texts);
        Assert.DoesNotContain(texts, t => t.Contains("p99 rose", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_pins_or_notes_from_slack_there_is_no_section()
    {
        var chatOnly = Draft(new PostmortemFactsBuilder().WithTimeline(Chat(12, "Alice", "1740823920.000100", "looking")));

        Assert.Empty(chatOnly.FromChannel);
        Assert.Empty(Draft(new PostmortemFactsBuilder()).FromChannel);
    }

    [Fact]
    public void A_pin_whose_message_was_not_kept_offers_the_pins_excerpt_at_the_pins_time_by_the_slack_user()
    {
        var found = Assert.Single(Draft(new PostmortemFactsBuilder().WithTimeline(Pin(30, "Bob", "1740825000.000500", "it is the cache"))).FromChannel);

        Assert.Equal(new ChannelFinding(At(30), "U0BOB", ChannelFinding.Pinned, "it is the cache",
            $"https://example.slack.com/archives/{Channel}/p1740825000000500", "Bob"), found);
    }

    [Fact]
    public void A_note_from_slack_without_its_record_is_offered_as_the_timeline_has_it()
    {
        var found = Assert.Single(Draft(new PostmortemFactsBuilder().WithTimeline(SlackNote(FromSlack))).FromChannel);

        Assert.Equal(new ChannelFinding(At(25), "Carol", ChannelFinding.Note, "Finding: Price cache hit rate fell to 0% at 09:56", null, null), found);
    }

    [Fact]
    public void The_draft_timeline_shows_each_pin_once_but_not_the_discussion()
    {
        var timeline = Draft(BusyChannel()).Timeline;

        Assert.DoesNotContain(timeline, e => e.Kind == "chatMessage");
        Assert.DoesNotContain(timeline, e => e.Text.Contains("anyone else", StringComparison.Ordinal));
        Assert.Equal(
            [
                new PostmortemEvent(At(17), "Bob", "chatPinned", "Pinned as a finding: the price cache dashboard is flat at zero since 09:56"),
                new PostmortemEvent(At(19), "Alice", "chatPinned", "Pinned as a finding: release 2025.03.1 went out at 09:55"),
            ],
            timeline.Where(e => e.Kind == "chatPinned"));
    }

    [Fact]
    public void The_room_opening_and_outages_stay_on_the_draft_timeline_and_its_archiving_does_not()
    {
        var room = new RoomDetails("slack", Channel, "inc-42-checkout", "https://example.slack.com/archives/" + Channel);
        var kinds = Draft(new PostmortemFactsBuilder().WithTimeline(
            TimelineEntries.RoomOpened(42, At(1), room),
            TimelineEntries.RoomUnavailable(42, At(10), At(10), room with { Error = "ratelimited" }),
            TimelineEntries.RoomRestored(42, At(14), At(10), room),
            TimelineEntries.RoomArchived(42, At(59), room))).Timeline.Select(e => e.Kind).ToList();

        Assert.Contains("roomOpened", kinds);
        Assert.Contains("roomUnavailable", kinds);
        Assert.Contains("roomRestored", kinds);
        Assert.DoesNotContain("roomArchived", kinds);
    }

    [Fact]
    public void Offered_messages_are_clipped_and_capped_so_the_draft_stays_one_row()
    {
        var pins = Enumerable.Range(0, PostmortemDrafter.MaxChannelFindings + 5)
            .Select(i => Pin(i % 60, "Bob", $"17408{i:D5}.000100", new string('x', 300)));
        var messages = Enumerable.Range(0, PostmortemDrafter.MaxChannelFindings + 5)
            .Select(i => Chat(i % 60, "Alice", $"17408{i:D5}.000100", new string('y', TimelineEntries.MaxChatText)));

        var found = Draft(new PostmortemFactsBuilder().WithTimeline([.. messages, .. pins])).FromChannel;

        Assert.Equal(PostmortemDrafter.MaxChannelFindings, found.Count);
        Assert.All(found, c => Assert.True(c.Text.Length <= PostmortemEditValidator.MaxItemLength));
    }

    [Fact]
    public void The_section_survives_a_json_round_trip_and_is_empty_in_a_draft_stored_before_it()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var draft = Draft(BusyChannel());

        var copy = JsonSerializer.Deserialize<Postmortem>(JsonSerializer.Serialize(draft, options), options)!;
        var older = JsonSerializer.Deserialize<Postmortem>(JsonSerializer.Serialize(Draft(new PostmortemFactsBuilder()), options)
            .Replace("\"fromChannel\":[],", "", StringComparison.Ordinal), options)!;

        Assert.Equal(draft.FromChannel, copy.FromChannel);
        Assert.Empty(older.FromChannel);
    }

    [Fact]
    public void Markdown_has_the_section_after_the_timeline_with_each_finding_and_its_link()
    {
        var markdown = PostmortemMarkdown.Render(Draft(BusyChannel()));

        var timeline = markdown.IndexOf("\n## Timeline\n", StringComparison.Ordinal);
        var channel = markdown.IndexOf("\n## From the incident channel\n", StringComparison.Ordinal);
        var actions = markdown.IndexOf("\n## Actions taken\n", StringComparison.Ordinal);
        Assert.True(timeline < channel && channel < actions, markdown);
        Assert.Contains(
            "## From the incident channel\n\n" +
            "- **U0DAVE**, 2025-03-01 10:15:00 UTC (pinned by Bob): the price cache dashboard is flat at zero\n  since 09:56" +
            $" — [view in Slack](<https://example.slack.com/archives/{Channel}/p1740824100000200>)\n" +
            "- **Alice**, 2025-03-01 10:18:00 UTC (pinned by Alice): release 2025.03.1 went out at 09:55" +
            $" — [view in Slack](<https://example.slack.com/archives/{Channel}/p1740824280000400>)\n" +
            "- **Carol**, 2025-03-01 10:25:00 UTC (note from the channel): Finding: Price cache hit rate fell to 0% at 09:56\n",
            markdown,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_has_no_channel_section_when_nothing_was_found_there()
    {
        Assert.DoesNotContain("From the incident channel", PostmortemMarkdown.Render(Draft(new PostmortemFactsBuilder())), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_links_only_to_http_addresses()
    {
        var draft = Draft(new PostmortemFactsBuilder()) with
        {
            FromChannel = [new ChannelFinding(At(5), "Bob", ChannelFinding.Pinned, "see this", "javascript:alert(1)", "Bob")],
        };

        var markdown = PostmortemMarkdown.Render(draft);

        Assert.Contains("(pinned by Bob): see this\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", markdown, StringComparison.Ordinal);
    }
}
