using System.Text.Json;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Application.Tests.Chat.Teams;

/// <summary>The notices' Adaptive Cards: which entries are notices, what each card says, and that every one has the schema's shape.</summary>
public sealed class TeamsCardsTests
{
    private const string ConsoleUrl = "https://incidents.example.com/console/incidents/42";

    private static readonly Incident Acked = new IncidentBuilder().Number(42).Acknowledged(updateCadence: TimeSpan.FromHours(1)).Build();

    private static readonly TimelineEntryKind[] NoticeKinds =
    [
        TimelineEntryKind.IncidentOpened, TimelineEntryKind.UpdatePosted, TimelineEntryKind.UpdateOverdue, TimelineEntryKind.GoneQuiet, TimelineEntryKind.Resolved,
    ];

    public static TheoryData<string> NoticeNames() => new(TeamsEntries.Notices(Acked).Select(n => n.Name));

    public static TheoryData<TimelineEntryKind> OtherKinds() => new(Enum.GetValues<TimelineEntryKind>().Except(NoticeKinds));

    [Theory]
    [MemberData(nameof(NoticeNames))]
    public void Every_notice_is_an_adaptive_card_in_the_workflows_envelope(string notice)
    {
        var entry = TeamsEntries.Notices(Acked).Single(n => n.Name == notice).Entry;

        var message = TeamsCards.Message(entry, Acked, ConsoleUrl);

        Assert.NotNull(message);
        // As posted: serialised and read back, so the check sees what Teams would.
        var json = JsonDocument.Parse(message.ToJsonString()).RootElement;
        Assert.Empty(AdaptiveCardShape.ProblemsOfMessage(json));
        var card = json.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        Assert.Equal("INC 42 · SEV2 · Checkout 5xx above 2%", card.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal("Bolder", card.GetProperty("body")[0].GetProperty("weight").GetString());
        Assert.StartsWith(entry.Summary, card.GetProperty("body")[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(card.GetProperty("body")[1].GetProperty("wrap").GetBoolean());
        var open = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", "Open in console", ConsoleUrl),
            (open.GetProperty("type").GetString(), open.GetProperty("title").GetString(), open.GetProperty("url").GetString()));
    }

    [Theory]
    [MemberData(nameof(OtherKinds))]
    public void Other_entries_are_not_notices(TimelineEntryKind kind)
    {
        var entry = new TimelineEntry(42, TeamsEntries.At, kind, "system", "something happened", "k");

        Assert.Null(TeamsCards.Message(entry, Acked, ConsoleUrl));
    }

    [Fact]
    public void An_update_to_users_only_is_the_status_page_s_not_the_channel_s()
    {
        Assert.Null(TeamsCards.Message(TeamsEntries.Update(Acked, "u9", UpdateAudience.Users), Acked, ConsoleUrl));
        Assert.Null(TeamsCards.Message(TeamsEntries.Reminder(Acked), Acked, ConsoleUrl));
        Assert.Null(TeamsCards.Message(TeamsEntries.Acknowledged(Acked), Acked, ConsoleUrl));
    }

    [Fact]
    public void The_facts_are_the_incident_s_with_the_next_update_while_one_is_owed()
    {
        var card = Card(TeamsEntries.Update(Acked, "u1", UpdateAudience.Team), Acked);

        Assert.Equal(
            [("Service", "checkout"), ("Severity", "SEV2"), ("Status", "acknowledged"), ("Lead", "Alice"), ("Next update due", "2026-11-24 11:05 UTC")],
            Facts(card));
    }

    [Fact]
    public void A_new_incident_has_nobody_as_lead_yet_and_a_resolved_one_owes_no_update()
    {
        var opened = new IncidentBuilder().Number(42).Build();
        Assert.Equal(
            [("Service", "checkout"), ("Severity", "SEV2"), ("Status", "triggered"), ("Lead", "nobody yet")],
            Facts(Card(TeamsEntries.Opened(opened), opened)));

        var resolved = new IncidentBuilder().Number(42).Acknowledged(updateCadence: TimeSpan.FromHours(1)).Resolved().Build();
        var card = Card(TeamsEntries.Resolved(resolved), resolved);
        Assert.DoesNotContain(Facts(card), f => f.Title == "Next update due");
        Assert.Equal("Resolved by Alice via console: Rolled back 4.2.1", card.GetProperty("body")[1].GetProperty("text").GetString());
        Assert.Equal("Good", card.GetProperty("body")[0].GetProperty("color").GetString());
    }

    [Fact]
    public void Without_the_console_s_address_the_card_has_no_button_and_keeps_its_shape()
    {
        var message = TeamsCards.Message(TeamsEntries.Opened(Acked), Acked, incidentUrl: null)!;

        var json = JsonDocument.Parse(message.ToJsonString()).RootElement;
        Assert.Empty(AdaptiveCardShape.ProblemsOfMessage(json));
        Assert.False(json.GetProperty("attachments")[0].GetProperty("content").TryGetProperty("actions", out _));
    }

    [Fact]
    public void A_title_over_several_lines_is_one_line_on_the_card()
    {
        var incident = new IncidentBuilder().Number(7).Title("Disk full\non db-1\tand db-2").Severity(IncidentSeverity.Sev1).Build();

        Assert.Equal("INC 7 · SEV1 · Disk full on db-1 and db-2", Card(TeamsEntries.Opened(incident), incident).GetProperty("body")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void The_shape_check_finds_what_the_schema_requires()
    {
        // The checker itself: a card missing what the schema requires is caught, each problem at its path.
        var broken = JsonDocument.Parse("""
            {"type":"message","attachments":[{"contentType":"application/json","content":
              {"type":"AdaptiveCard","body":[{"type":"TextBlock"},{"text":"x"},{"type":"FactSet","facts":[{"title":"a"}]}],
               "actions":[{"type":"Action.OpenUrl","title":"Open"}]}}]}
            """).RootElement;

        Assert.Equal(
            [
                "$.attachments[0].contentType: not application/vnd.microsoft.card.adaptive",
                "$.attachments[0].contentUrl: not present as null",
                "$.attachments[0].content.version: missing or not a version",
                "$.attachments[0].content.body[0].text: missing or empty",
                "$.attachments[0].content.body[1].type: missing",
                "$.attachments[0].content.body[2].facts[0].value: missing",
                "$.attachments[0].content.actions[0].url: missing or not an absolute URL",
            ],
            AdaptiveCardShape.ProblemsOfMessage(broken));
    }

    private static JsonElement Card(TimelineEntry entry, Incident incident) =>
        JsonDocument.Parse(TeamsCards.Message(entry, incident, ConsoleUrl)!.ToJsonString()).RootElement.GetProperty("attachments")[0].GetProperty("content");

    private static List<(string Title, string Value)> Facts(JsonElement card) =>
        card.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray()
            .Select(f => (f.GetProperty("title").GetString()!, f.GetProperty("value").GetString()!)).ToList();
}
