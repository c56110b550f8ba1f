using IncidentFunctions.Domain.Events;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Domain.Tests.Events;

public sealed class IncidentEventMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Entries that stay inside the incident. A new timeline kind must be added here or given an event type.</summary>
    private static readonly TimelineEntryKind[] InternalOnly =
    [
        TimelineEntryKind.AlertReceived, TimelineEntryKind.AlertResolved, TimelineEntryKind.PageFailed, TimelineEntryKind.Notified,
        TimelineEntryKind.Note, TimelineEntryKind.UpdateReminder, TimelineEntryKind.ActionReminder, TimelineEntryKind.RepeatDetected,
        TimelineEntryKind.PostmortemEdited, TimelineEntryKind.RetrospectiveReminder,
        TimelineEntryKind.ChatMessage, TimelineEntryKind.ChatPinned, TimelineEntryKind.RoomUnavailable, TimelineEntryKind.RoomRestored,
        TimelineEntryKind.RoomArchived,
        // The stream has pipeline.degraded and pipeline.recovered once for all incidents (PipelineEvents).
        TimelineEntryKind.PipelineDegraded, TimelineEntryKind.PipelineRecovered,
    ];

    public static TheoryData<TimelineEntryKind, string> Published => new()
    {
        { TimelineEntryKind.IncidentOpened, "incident.opened" },
        { TimelineEntryKind.PageSent, "incident.paged" },
        { TimelineEntryKind.Escalated, "incident.escalated" },
        { TimelineEntryKind.Unacknowledged, "incident.unacknowledged" },
        { TimelineEntryKind.Acknowledged, "incident.acknowledged" },
        { TimelineEntryKind.LeadAssigned, "incident.lead-changed" },
        { TimelineEntryKind.LeadChanged, "incident.lead-changed" },
        { TimelineEntryKind.RespondersAdded, "incident.responders-added" },
        { TimelineEntryKind.SeverityChanged, "incident.severity-changed" },
        { TimelineEntryKind.ScopeChanged, "incident.scope-changed" },
        { TimelineEntryKind.UpdatePosted, "incident.update-posted" },
        { TimelineEntryKind.UpdateOverdue, "incident.update-overdue" },
        { TimelineEntryKind.GoneQuiet, "incident.gone-quiet" },
        { TimelineEntryKind.ActionRecorded, "incident.action-recorded" },
        { TimelineEntryKind.ActionConfirmed, "incident.action-confirmed" },
        { TimelineEntryKind.Resolved, "incident.resolved" },
        { TimelineEntryKind.PostmortemDrafted, "incident.postmortem-drafted" },
        { TimelineEntryKind.PostmortemCompleted, "incident.postmortem-completed" },
        { TimelineEntryKind.Closed, "incident.closed" },
        { TimelineEntryKind.RoomOpened, "incident.room-opened" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Each_entry_that_matters_outside_the_incident_becomes_its_event(TimelineEntryKind kind, string type)
    {
        var e = IncidentEventMapper.FromTimeline(Entry(kind), Incident())!;

        Assert.Equal(type, e.Type);
        Assert.Equal(IncidentEvent.CurrentSchemaVersion, e.SchemaVersion);
        Assert.Equal(At, e.OccurredAt);
        Assert.Equal(new IncidentEventSubject(42, "checkout", "SEV2", "Acknowledged", "High error rate"), e.Incident);
        Assert.Equal("Alice", e.Actor);
    }

    [Fact]
    public void Every_timeline_kind_is_either_published_or_deliberately_internal()
    {
        var published = Published.Select(row => (TimelineEntryKind)row[0]).ToHashSet();
        foreach (var kind in Enum.GetValues<TimelineEntryKind>())
        {
            Assert.True(published.Contains(kind) ^ InternalOnly.Contains(kind), $"{kind}: decide whether it is published");
            Assert.Equal(published.Contains(kind), IncidentEventTypes.For(kind) is not null);
        }
    }

    [Fact]
    public void Internal_notes_never_reach_the_stream()
    {
        Assert.Null(IncidentEventMapper.FromTimeline(Entry(TimelineEntryKind.Note), Incident()));
    }

    [Fact]
    public void The_chat_discussion_never_reaches_the_stream_but_the_room_opening_does_with_its_link()
    {
        var message = new ChatMessageDetails("C0123", "1700000000.000100", "U1", "https://example.slack.com/archives/C0123/p1700000000000100");
        var opened = TimelineEntries.RoomOpened(42, At, new RoomDetails("slack", "C0123", "inc-42-checkout", "https://example.slack.com/archives/C0123"));

        Assert.Null(IncidentEventMapper.FromTimeline(TimelineEntries.ChatMessage(42, At, "Alice", message, "is it the cache?"), Incident()));
        Assert.Null(IncidentEventMapper.FromTimeline(TimelineEntries.ChatPinned(42, At, "Bob", message, "is it the cache?"), Incident()));
        var e = IncidentEventMapper.FromTimeline(opened, Incident())!;
        Assert.Equal("incident.room-opened", e.Type);
        Assert.Equal(["team"], e.Audiences);
        Assert.Equal("https://example.slack.com/archives/C0123", e.Data["url"]);
        Assert.Equal("inc-42-checkout", e.Data["channelName"]);
    }

    [Fact]
    public void An_update_is_for_the_audiences_it_was_addressed_to()
    {
        var data = new Dictionary<string, string> { ["audiences"] = "Team,Users", ["late"] = "false" };
        var e = IncidentEventMapper.FromTimeline(Entry(TimelineEntryKind.UpdatePosted, data), Incident())!;

        Assert.Equal(["team", "users"], e.Audiences);
        Assert.Equal("false", e.Data["late"]);
    }

    [Theory]
    [InlineData(TimelineEntryKind.PageSent, "team")]
    [InlineData(TimelineEntryKind.GoneQuiet, "leadership")]
    [InlineData(TimelineEntryKind.SeverityChanged, "team,leadership")]
    [InlineData(TimelineEntryKind.Resolved, "team,leadership")]
    public void Users_hear_only_what_was_written_for_them(TimelineEntryKind kind, string audiences)
    {
        var e = IncidentEventMapper.FromTimeline(Entry(kind), Incident())!;

        Assert.Equal(audiences, string.Join(",", e.Audiences));
    }

    [Fact]
    public void The_entry_id_is_stable_and_distinguishes_incident_time_and_key()
    {
        var entry = Entry(TimelineEntryKind.Acknowledged);

        Assert.Equal(IncidentEventMapper.EntryId(entry), IncidentEventMapper.EntryId(entry with { Summary = "other words" }));
        Assert.NotEqual(IncidentEventMapper.EntryId(entry), IncidentEventMapper.EntryId(entry with { IncidentNumber = 43 }));
        Assert.NotEqual(IncidentEventMapper.EntryId(entry), IncidentEventMapper.EntryId(entry with { At = At.AddTicks(1) }));
        Assert.NotEqual(IncidentEventMapper.EntryId(entry), IncidentEventMapper.EntryId(entry with { Key = "lead:Alice" }));
    }

    [Fact]
    public void Long_entry_keys_give_ids_within_the_Service_Bus_limit_that_stay_distinct()
    {
        var a = Entry(TimelineEntryKind.PageSent) with { Key = "page:" + new string('a', 300) + "1" };
        var b = a with { Key = "page:" + new string('a', 300) + "2" };

        Assert.True(IncidentEventMapper.EntryId(a).Length <= IncidentEventMapper.MaxIdLength);
        Assert.NotEqual(IncidentEventMapper.EntryId(a), IncidentEventMapper.EntryId(b));
    }

    private static TimelineEntry Entry(TimelineEntryKind kind, IReadOnlyDictionary<string, string>? data = null) =>
        new(42, At, kind, "Alice", $"{kind} happened", kind.ToString().ToLowerInvariant(), data);

    /// <summary>Acknowledged by an integration, so nobody leads it; the events quote its number, service, severity and title.</summary>
    private static Incident Incident() => new IncidentBuilder()
        .Number(42).Service("checkout").Severity(IncidentSeverity.Sev2).Title("High error rate").OpenedAt(At.AddMinutes(-10))
        .Acknowledged("integration:datadog", becomesLead: false, at: At.AddMinutes(-5))
        .Build();
}
