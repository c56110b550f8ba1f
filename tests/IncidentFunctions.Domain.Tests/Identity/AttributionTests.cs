using IncidentFunctions.Domain.Identity;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Domain.Tests.Identity;

/// <summary>Who did something and through what, kept on the timeline entry with both names when recorded for someone.</summary>
public class AttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Alice", null, "Alice", "Alice", "Alice")]
    [InlineData("Alice", "Bob", "Alice for Bob", "Alice for Bob", "Bob")]
    [InlineData(Attribution.Automation, "Bob", "automation for Bob", "recorded by automation for Bob", "Bob")]
    [InlineData(Attribution.Automation, null, Attribution.Automation, Attribution.Automation, Attribution.Automation)]
    public void Both_names_are_shown_and_the_one_it_is_for_is_the_responder(string name, string? @for, string shown, string label, string responder)
    {
        var by = new Attribution(name, Channels.Console, @for);

        Assert.Equal((shown, label, responder), (by.Shown, by.Label, by.Responder));
    }

    [Fact]
    public void An_entry_made_by_someone_keeps_its_own_data_and_gains_who_and_via()
    {
        var entry = TimelineEntries.SeverityChanged(7, T0, "ignored", IncidentSeverity.Sev2, "spreading");

        var attributed = entry.By(new Attribution(Attribution.Automation, Channels.AutomationKey, "Bob"));

        Assert.Equal(Attribution.Automation, attributed.Actor);
        Assert.Equal(Channels.AutomationKey, attributed.Data![Attribution.ViaKey]);
        Assert.Equal("Bob", attributed.Data[Attribution.ForKey]);
        Assert.Equal((entry.Key, entry.Summary, entry.Kind), (attributed.Key, attributed.Summary, attributed.Kind));
        Assert.Equal(("recorded by automation for Bob", "automation key"), AttributedEntries.AttributionOf(attributed));
        Assert.Null(AttributedEntries.AttributionOf(entry));
    }

    [Fact]
    public void A_note_from_slack_keeps_its_via_as_the_post_mortem_reads_it()
    {
        var note = new IncidentNote("n1", T0, "Carol", NoteKind.Finding, "cache at 0%");

        var entry = TimelineEntries.Note(7, note).By(Attribution.Of("Carol", Channels.Slack));

        Assert.Equal("slack", entry.Data!["via"]);
        Assert.Equal("Finding", entry.Data["kind"]);
        Assert.False(entry.Data.ContainsKey(Attribution.ForKey));
    }
}
