using Azure.Storage.Queues;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Domain.Events;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.EventStream;

/// <summary>The Storage-queue publisher on Azurite: what goes in comes back with the same ids, properties and order per incident.</summary>
public sealed class StorageQueueRoundTripTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly string _queueName = LocalRuntimeFixture.NewTaskHubName();
    private QueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        await TestStorage.EnsureRunningAsync();
        _queue = new QueueClient(TestStorage.ConnectionString, _queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task Published_events_read_back_with_the_same_ids_and_in_order_per_incident()
    {
        var publisher = new StorageQueueEventPublisher(_queue);
        var kinds = new[] { TimelineEntryKind.IncidentOpened, TimelineEntryKind.PageSent, TimelineEntryKind.Acknowledged, TimelineEntryKind.UpdatePosted, TimelineEntryKind.Resolved };
        var sent = new List<EventMessage>();

        // Two incidents' events interleaved across several publishes, as two orchestrations would send them.
        for (var step = 0; step < kinds.Length; step++)
        {
            var batch = new[] { 7L, 8L }.Select(n => EventMessages.From(IncidentEventMapper.FromTimeline(
                new TimelineEntry(n, At.AddSeconds(step), kinds[step], "Alice", $"{kinds[step]} on {n}", $"step{step}",
                    new Dictionary<string, string> { ["audiences"] = "Team,Users" }), Incident(n))!)).ToList();
            await publisher.PublishAsync(batch, CancellationToken.None);
            sent.AddRange(batch);
        }

        var reader = new EventQueueReader(_queue);
        foreach (var session in new[] { "7", "8" })
        {
            var expected = sent.Where(m => m.SessionId == session).ToList();
            var received = await reader.WaitForSessionAsync(session, r => r.Count >= expected.Count, TimeSpan.FromSeconds(20));

            Assert.Equal(expected.Select(m => m.MessageId), received.Select(r => r.Envelope.MessageId));
            Assert.Equal(expected.Select(m => m.Subject), received.Select(r => r.Event.Type));
            Assert.Equal(received.Select(r => r.Envelope.MessageId), received.Select(r => r.Event.Id));
            Assert.All(received, r => Assert.Equal(session, r.Envelope.ApplicationProperties["incidentId"]));
            Assert.Equal(expected.Select(m => m.Properties["audience"]), received.Select(r => r.Envelope.ApplicationProperties["audience"]));
        }
    }

    private static Incident Incident(long number) => new IncidentBuilder().Number(number).OpenedAt(At).Build();
}
