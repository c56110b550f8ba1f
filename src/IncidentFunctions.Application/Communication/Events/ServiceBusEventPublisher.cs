using Azure.Messaging.ServiceBus;

namespace IncidentFunctions.Application.Communication.Events;

/// <summary>
/// Publishes to the Service Bus topic. Messages go in batches, which the broker accepts whole and in order; the
/// topic's duplicate detection drops a message id it has seen, so re-sending after a failure is safe.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusSender sender) : IEventPublisher, IAsyncDisposable
{
    public string Transport => "service-bus";

    public static ServiceBusMessage ToServiceBusMessage(EventMessage message)
    {
        var sb = new ServiceBusMessage(message.Body)
        {
            MessageId = message.MessageId,
            SessionId = message.SessionId,
            Subject = message.Subject,
            ContentType = EventMessage.ContentType,
        };
        foreach (var (name, value) in message.Properties)
        {
            sb.ApplicationProperties[name] = value;
        }

        return sb;
    }

    public async Task PublishAsync(IReadOnlyList<EventMessage> messages, CancellationToken ct)
    {
        var next = 0;
        while (next < messages.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(ct).ConfigureAwait(false);
            while (next < messages.Count && batch.TryAddMessage(ToServiceBusMessage(messages[next])))
            {
                next++;
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException($"event {messages[next].MessageId} is larger than a Service Bus batch allows");
            }

            await sender.SendMessagesAsync(batch, ct).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => sender.DisposeAsync();
}
