using System.Text.Json;
using Azure.Messaging.ServiceBus;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Domain.Events;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Reports;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Application.Tests.Communication.Events;

/// <summary>
/// Every event type → the Service Bus message it becomes (body, subject, ids, properties), and back through
/// what a subscriber receives (built with the SDK's <see cref="ServiceBusModelFactory"/>: there is no emulator here).
/// </summary>
public sealed class EventMessageMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<TimelineEntryKind> PublishedKinds()
    {
        var data = new TheoryData<TimelineEntryKind>();
        foreach (var kind in Enum.GetValues<TimelineEntryKind>().Where(k => IncidentEventTypes.For(k) is not null))
        {
            data.Add(kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublishedKinds))]
    public void Each_event_type_maps_to_a_Service_Bus_message(TimelineEntryKind kind)
    {
        var entry = Entry(kind);
        var e = IncidentEventMapper.FromTimeline(entry, Incident())!;

        var message = ServiceBusEventPublisher.ToServiceBusMessage(EventMessages.From(e));

        Assert.Equal(IncidentEventTypes.For(kind), message.Subject);
        Assert.Equal(IncidentEventMapper.EntryId(entry), message.MessageId);
        Assert.Equal("42", message.SessionId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("42", message.ApplicationProperties["incidentId"]);
        Assert.Equal("SEV2", message.ApplicationProperties["severity"]);
        Assert.Equal("checkout", message.ApplicationProperties["service"]);
        Assert.Equal(string.Join(",", e.Audiences), message.ApplicationProperties["audience"]);
        Assert.Equal("1", message.ApplicationProperties["schemaVersion"]);

        using var body = JsonDocument.Parse(message.Body);
        var root = body.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(message.MessageId, root.GetProperty("id").GetString());
        Assert.Equal(message.Subject, root.GetProperty("type").GetString());
        Assert.Equal(At, root.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(42, root.GetProperty("incident").GetProperty("number").GetInt64());
        Assert.Equal("High error rate", root.GetProperty("incident").GetProperty("title").GetString());
        Assert.Equal("Alice", root.GetProperty("actor").GetString());
        Assert.Equal($"{kind} happened", root.GetProperty("summary").GetString());
        Assert.Equal("2", root.GetProperty("data").GetProperty("tier").GetString());
    }

    [Theory]
    [MemberData(nameof(PublishedKinds))]
    public void A_subscriber_reads_back_the_event_that_was_sent(TimelineEntryKind kind)
    {
        var e = IncidentEventMapper.FromTimeline(Entry(kind), Incident())!;
        var sent = ServiceBusEventPublisher.ToServiceBusMessage(EventMessages.From(e));

        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body, messageId: sent.MessageId, sessionId: sent.SessionId, subject: sent.Subject,
            contentType: sent.ContentType, properties: sent.ApplicationProperties);
        var read = EventReader.Read(received);

        Assert.Equal(received.MessageId, read.Id);
        Assert.Equal(received.Subject, read.Type);
        Assert.Equal(e.Incident, read.Incident);
        Assert.Equal(e.Audiences, read.Audiences);
        Assert.Equal(e.Data, read.Data);
        Assert.Equal((e.OccurredAt, e.Actor, e.Summary), (read.OccurredAt, read.Actor, read.Summary));
    }

    [Fact]
    public void An_update_to_users_is_filterable_by_audience()
    {
        var entry = Entry(TimelineEntryKind.UpdatePosted) with
        {
            Data = new Dictionary<string, string> { ["audiences"] = "Team,Leadership,Users", ["nextUpdateBy"] = At.AddMinutes(30).ToString("O") },
        };
        var message = ServiceBusEventPublisher.ToServiceBusMessage(EventMessages.From(IncidentEventMapper.FromTimeline(entry, Incident())!));

        Assert.Equal("team,leadership,users", message.ApplicationProperties["audience"]);
    }

    [Fact]
    public void The_weekly_alert_review_is_one_message_about_no_single_incident()
    {
        var rules = new List<AlertRuleReview> { new("checkout", "HighErrorRate", 3, 40, 5, TimeSpan.FromMinutes(4), 1, 0, 2, 13.3, 25.3) };
        var e = IncidentEventMapper.WeeklyAlertReview(At.AddDays(-7), At, rules);

        var message = ServiceBusEventPublisher.ToServiceBusMessage(EventMessages.From(e));

        Assert.Equal("report.weekly-alert-review", message.Subject);
        Assert.Equal("weekly-alert-review-2026-11-24", message.MessageId);
        Assert.Equal("reports", message.SessionId);
        Assert.False(message.ApplicationProperties.ContainsKey("incidentId"));
        Assert.Equal("team,leadership", message.ApplicationProperties["audience"]);
        var read = EventReader.Read(ServiceBusModelFactory.ServiceBusReceivedMessage(body: message.Body, messageId: message.MessageId));
        Assert.Equal("HighErrorRate", Assert.Single(read.AlertRules!).Rule);
        Assert.Null(read.Incident);
    }

    [Fact]
    public void The_weekly_review_names_on_call_people_a_page_may_not_reach()
    {
        IReadOnlyList<UnreachableMethod> unreachable =
            [new("Bob", "voice +1555…0002", "never confirmed"), new("Bob", "sms +1555…0002", "last test failed: invalid number"), new("Carol", "sms +4477…0003", "never tested")];
        var e = IncidentEventMapper.WeeklyAlertReview(At.AddDays(-7), At, [], unreachable);

        var read = EventReader.Read(ServiceBusModelFactory.ServiceBusReceivedMessage(body: ServiceBusEventPublisher.ToServiceBusMessage(EventMessages.From(e)).Body));

        Assert.Equal("No alert rule fired this week; not known to be reachable by a page: Bob, Carol", read.Summary);
        Assert.Equal("3", read.Data["unreachableMethods"]);
        Assert.Equal(unreachable, read.UnreachableMethods);
        Assert.Null(IncidentEventMapper.WeeklyAlertReview(At.AddDays(-7), At, []).UnreachableMethods?.FirstOrDefault());
    }

    [Fact]
    public void The_Storage_queue_envelope_carries_what_Service_Bus_carries_outside_the_body()
    {
        var e = IncidentEventMapper.FromTimeline(Entry(TimelineEntryKind.Acknowledged), Incident())!;
        var message = EventMessages.From(e);

        var (envelope, read) = EventReader.Read(StorageQueueEventPublisher.ToQueueMessage(message));

        Assert.Equal((message.MessageId, message.SessionId, message.Subject, "application/json"),
            (envelope.MessageId, envelope.SessionId, envelope.Subject, envelope.ContentType));
        Assert.Equal(message.Properties, envelope.ApplicationProperties);
        Assert.Equal(e.Id, read.Id);
        Assert.Equal(e.Incident, read.Incident);
    }

    private static TimelineEntry Entry(TimelineEntryKind kind) =>
        new(42, At, kind, "Alice", $"{kind} happened", kind.ToString().ToLowerInvariant(), new Dictionary<string, string> { ["tier"] = "2" });

    /// <summary>Acknowledged by an integration, so nobody leads it; the events quote its number, service, severity and title.</summary>
    private static Incident Incident() => new IncidentBuilder()
        .Number(42).Service("checkout").Severity(IncidentSeverity.Sev2).Title("High error rate").OpenedAt(At.AddMinutes(-10))
        .Acknowledged("integration:datadog", becomesLead: false, at: At.AddMinutes(-5))
        .Build();
}
