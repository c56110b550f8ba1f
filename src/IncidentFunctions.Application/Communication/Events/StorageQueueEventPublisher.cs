using System.Text.Json;
using Azure.Storage.Queues;

namespace IncidentFunctions.Application.Communication.Events;

/// <summary>
/// The fallback when no Service Bus is configured (the local runtime's default): the same messages on an Azure
/// Storage queue. A queue message has no properties, so each is an envelope (<see cref="QueuedEvent"/>) carrying the
/// id, session, subject and properties beside the same body. Sent one at a time so the queue holds them in order.
/// </summary>
public sealed class StorageQueueEventPublisher(QueueClient queue) : IEventPublisher
{
    /// <summary>How many of the latest messages <see cref="Recent"/> keeps for GET /api/dev/events.</summary>
    public const int RecentCapacity = 200;

    private readonly SemaphoreSlim _created = new(1, 1);
    private readonly Queue<QueuedEvent> _recent = new();
    private bool _exists;

    public string Transport => "storage-queue";

    public QueueClient Queue => queue;

    public static string ToQueueMessage(EventMessage message) => Serialize(Envelope(message));

    private static QueuedEvent Envelope(EventMessage message) =>
        new(message.MessageId, message.SessionId, message.Subject, EventMessage.ContentType, message.Properties,
            JsonSerializer.Deserialize<JsonElement>(message.Body));

    private static string Serialize(QueuedEvent envelope) => JsonSerializer.Serialize(envelope, EventJson.Options);

    public async Task PublishAsync(IReadOnlyList<EventMessage> messages, CancellationToken ct)
    {
        await EnsureQueueAsync(ct).ConfigureAwait(false);
        foreach (var message in messages)
        {
            var envelope = Envelope(message);
            await queue.SendMessageAsync(Serialize(envelope), ct).ConfigureAwait(false);
            Remember(envelope);
        }
    }

    /// <summary>
    /// The latest messages this process sent, oldest first: what a developer wants to see while building a subscriber,
    /// without taking messages off the queue the subscriber reads.
    /// </summary>
    public IReadOnlyList<QueuedEvent> Recent()
    {
        lock (_recent)
        {
            return _recent.ToList();
        }
    }

    private void Remember(QueuedEvent sent)
    {
        lock (_recent)
        {
            _recent.Enqueue(sent);
            while (_recent.Count > RecentCapacity)
            {
                _recent.Dequeue();
            }
        }
    }

    private async Task EnsureQueueAsync(CancellationToken ct)
    {
        if (_exists)
        {
            return;
        }

        await _created.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_exists)
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                _exists = true;
            }
        }
        finally
        {
            _created.Release();
        }
    }
}

/// <summary>The Storage-queue envelope: what a Service Bus message carries outside its body, then the body itself.</summary>
public sealed record QueuedEvent(
    string MessageId, string SessionId, string Subject, string ContentType, IReadOnlyDictionary<string, string> ApplicationProperties, JsonElement Body);
