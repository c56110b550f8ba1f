using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.WebConsole;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Application.Tests.WebConsole;

/// <summary>The incident channel on the console: chat read as chat, pins as findings, the room with its link, and every word escaped.</summary>
public sealed class IncidentPageChatTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 12, 0, TimeSpan.Zero);
    private const string Permalink = "https://example.slack.com/archives/C0INC1/p1795947120000100";

    private static readonly ChatMessageDetails Message = new("C0INC1", "1795947120.000100", "U0DAVE", Permalink);
    private static readonly ChatMessageDetails Other = new("C0INC1", "1795947180.000200", "U0BOB", Permalink.Replace("0100", "0200", StringComparison.Ordinal));

    private static string Page(params TimelineEntry[] timeline)
    {
        var incident = new IncidentBuilder().Acknowledged().Build();
        var detail = new IncidentDetail(incident, timeline, [], [], [], [], null);
        return IncidentPage.Render(new IncidentPageModel(detail, ["Alice", "Bob"], At.AddMinutes(30))).ToString();
    }

    private static string Row(string page, string contains)
    {
        var at = page.IndexOf(contains, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no row with {contains}");
        var start = page.LastIndexOf("<tr", at, StringComparison.Ordinal);
        return page[start..(page.IndexOf("</tr>", at, StringComparison.Ordinal) + 5)];
    }

    [Fact]
    public void A_chat_message_reads_as_its_author_wrote_it_with_a_link_to_it_in_slack()
    {
        var page = Page(TimelineEntries.ChatMessage(1, At, "Dave", Other, "the price cache dashboard is flat\nsince 09:56"));

        var row = Row(page, "the price cache dashboard");
        Assert.StartsWith("<tr class=\"chat\">", row, StringComparison.Ordinal);
        Assert.Contains("<td>chat message</td><td>Dave</td>", row, StringComparison.Ordinal);
        Assert.Contains("<p class=\"text chat-text\">the price cache dashboard is flat&#xA;since 09:56</p>", row, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Other.Permalink}\" rel=\"noopener noreferrer\" target=\"_blank\">view in Slack</a>", row, StringComparison.Ordinal);
        Assert.DoesNotContain("finding", row, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_message_and_its_pin_are_marked_as_findings()
    {
        var page = Page(
            TimelineEntries.ChatMessage(1, At, "Dave", Message, "release 2025.11.3 went out at 09:55"),
            TimelineEntries.ChatPinned(1, At.AddMinutes(2), "Bob", Message, "release 2025.11.3 went out at 09:55"));

        var message = Row(page, "<p class=\"text chat-text\">release");
        var pin = Row(page, "Pinned as a finding: release");
        Assert.StartsWith("<tr class=\"chat finding\">", message, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tag finding\">finding</span>", message, StringComparison.Ordinal);
        Assert.StartsWith("<tr class=\"chat finding\">", pin, StringComparison.Ordinal);
        Assert.Contains("<td>chat pinned</td><td>Bob</td><td><span class=\"tag finding\">finding</span> Pinned as a finding: release", pin, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Permalink}\"", pin, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rooms_opening_links_to_the_channel()
    {
        var page = Page(TimelineEntries.RoomOpened(1, At, new RoomDetails("slack", "C0INC1", "inc-1-checkout", "https://example.slack.com/archives/C0INC1")));

        var row = Row(page, "Slack channel #inc-1-checkout opened");
        Assert.Contains(
            "Slack channel #inc-1-checkout opened <a href=\"https://example.slack.com/archives/C0INC1\" rel=\"noopener noreferrer\" target=\"_blank\">open the channel</a>",
            row,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_in_a_chat_message_is_shown_escaped_and_a_hostile_link_is_not_made()
    {
        const string hostile = "<script>alert(\"pwned\")</script><img src=x onerror=alert(1)> & 'quotes'";
        var page = Page(
            TimelineEntries.ChatMessage(1, At, "<b>Mallory</b>", Message with { Permalink = "javascript:alert(1)" }, hostile),
            TimelineEntries.ChatPinned(1, At.AddMinutes(1), "Bob", Message with { Permalink = "javascript:alert(1)" }, hostile),
            TimelineEntries.RoomOpened(1, At, new RoomDetails("slack", "C0INC1", "<i>x</i>", "javascript:alert(2)")));

        Assert.Contains(
            "<p class=\"text chat-text\">&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#x27;quotes&#x27;</p>",
            page,
            StringComparison.Ordinal);
        Assert.Contains("<td>&lt;b&gt;Mallory&lt;/b&gt;</td>", page, StringComparison.Ordinal);
        Assert.Contains("#&lt;i&gt;x&lt;/i&gt; opened", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_entries_still_read_by_their_summary()
    {
        var page = Page(TimelineEntries.Acknowledged(1, At, "Alice", "sms"));

        Assert.Contains("<tr><td>", Row(page, "Acknowledged by Alice via sms"), StringComparison.Ordinal);
        Assert.Contains("<td>acknowledged</td><td>Alice</td><td>Acknowledged by Alice via sms</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_post_mortem_page_lists_what_the_channel_found_escaped_and_nothing_without_it()
    {
        var draft = new Postmortem
        {
            IncidentNumber = 1,
            Service = "checkout",
            Title = "Checkout 5xx",
            DraftedAt = At,
            Summary = "s",
            Impact = new PostmortemImpact(IncidentSeverity.Sev2, [], null, null, null, null, At, At, null, At, TimeSpan.Zero, null, TimeSpan.Zero, TimeSpan.Zero),
            Detection = new PostmortemDetection(false, [], 0, null, null, []),
        };
        var found = draft with
        {
            FromChannel =
            [
                new ChannelFinding(At, "Dave", ChannelFinding.Pinned, "<script>x()</script> cache at 0%", Permalink, "Bob"),
                new ChannelFinding(At.AddMinutes(5), "Carol", ChannelFinding.Note, "Finding: deploy at 09:55", null, null),
            ],
        };

        var page = PostmortemPage.Render(found).ToString();

        Assert.Contains("<h2>From the incident channel</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tag finding\">pinned</span> <p class=\"text\">&lt;script&gt;x()&lt;/script&gt; cache at 0%</p>", page, StringComparison.Ordinal);
        Assert.Contains(" · pinned by Bob · <a href=\"" + Permalink + "\"", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tag finding\">note</span> <p class=\"text\">Finding: deploy at 09:55</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("From the incident channel", PostmortemPage.Render(draft).ToString(), StringComparison.Ordinal);
    }
}
