using System.Text.Json;
using Azure.Storage.Queues;

namespace IncidentFunctions.Application.Events;

/// <summary>
/// The fallback when no Service Bus is configured (the local runtime's default): the same messages on an Azure
/// Storage queue. A queue message has no properties, so each is an envelope (<see cref="QueuedEvent"/>) carrying the
/// id, session, subject and properties beside the same body. Sent one at a time so the queue holds them in order.
/// </summary>
public sealed class StorageQueueEventPublisher(QueueClient queue) : IEventPublisher
{
    private readonly SemaphoreSlim _created = new(1, 1);
    private bool _exists;

    public string Transport => "storage-queue";

    public QueueClient Queue => queue;

    public static string ToQueueMessage(EventMessage message) => JsonSerializer.Serialize(
        new QueuedEvent(message.MessageId, message.SessionId, message.Subject, EventMessage.ContentType, message.Properties,
            JsonSerializer.Deserialize<JsonElement>(message.Body)),
        EventJson.Options);

    public async Task PublishAsync(IReadOnlyList<EventMessage> messages, CancellationToken ct)
    {
        await EnsureQueueAsync(ct).ConfigureAwait(false);
        foreach (var message in messages)
        {
            await queue.SendMessageAsync(ToQueueMessage(message), ct).ConfigureAwait(false);
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
