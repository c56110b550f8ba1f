using IncidentFunctions.Domain.Identity;
using IncidentFunctions.Domain.Postmortems;
using IncidentFunctions.Domain.Timeline;
using static IncidentFunctions.Domain.Tests.Postmortems.PostmortemFactsBuilder;

namespace IncidentFunctions.Domain.Tests.Postmortems;

/// <summary>The post-mortem's timeline says who did each thing and through what, both names when it was recorded for someone.</summary>
public class PostmortemAttributionTests
{
    [Fact]
    public void Each_event_carries_who_and_via_from_its_timeline_entry_and_records_take_theirs_by_key()
    {
        var facts = new PostmortemFactsBuilder().WithoutTimeline().WithTimeline(
            Entry(3, TimelineEntryKind.Acknowledged, "x", "Acknowledged by Alice via SMS").By(Attribution.Of("Alice", Channels.Sms)),
            Entry(20, TimelineEntryKind.Note, "x", "Finding: p99 rose right after the 09:55 deploy") with { Key = "note:n2" },
            Entry(60, TimelineEntryKind.Resolved, "x", "Resolved by automation for Bob via automation key")
                .By(new Attribution(Attribution.Automation, Channels.AutomationKey, "Bob"))).Build();
        var noteEntry = facts.Timeline.Single(e => e.Key == "note:n2").By(new Attribution("Alice", Channels.Console, "Bob"));
        facts = facts with { Timeline = [.. facts.Timeline.Where(e => e.Key != "note:n2"), noteEntry] };

        var events = PostmortemDrafter.Draft(facts, At(90)).Timeline;

        var ack = events.Single(e => e.Kind == "acknowledged");
        Assert.Equal(("Alice", "SMS"), (ack.Actor, ack.Via));
        var finding = events.Single(e => e.Kind == "note" && e.Text.Contains("09:55", StringComparison.Ordinal));
        Assert.Equal(("Alice for Bob", "console"), (finding.Actor, finding.Via));
        var resolved = events.Single(e => e.Kind == "resolved");
        Assert.Equal(("recorded by automation for Bob", "automation key"), (resolved.Actor, resolved.Via));
        Assert.Contains("| recorded by automation for Bob (via automation key) |", PostmortemMarkdown.Render(PostmortemDrafter.Draft(facts, At(90))), StringComparison.Ordinal);
    }

    [Fact]
    public void Events_of_the_system_and_of_entries_written_before_via_was_kept_have_none()
    {
        var events = PostmortemDrafter.Draft(new PostmortemFactsBuilder().Build(), At(90)).Timeline;

        Assert.All(events, e => Assert.Null(e.Via));
    }
}
