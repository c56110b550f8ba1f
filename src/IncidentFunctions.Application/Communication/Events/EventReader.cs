using System.Text.Json;
using Azure.Messaging.ServiceBus;
using IncidentFunctions.Domain.Events;

namespace IncidentFunctions.Application.Communication.Events;

/// <summary>How a subscriber reads the stream back, from either transport; the tests use it to check the round trip.</summary>
public static class EventReader
{
    public static IncidentEvent Read(ServiceBusReceivedMessage message) =>
        message.Body.ToObjectFromJson<IncidentEvent>(EventJson.Options)
        ?? throw new JsonException($"message {message.MessageId} has an empty body");

    public static (QueuedEvent Envelope, IncidentEvent Event) Read(string queueMessage)
    {
        var envelope = JsonSerializer.Deserialize<QueuedEvent>(queueMessage, EventJson.Options)
            ?? throw new JsonException("empty queue message");
        var e = envelope.Body.Deserialize<IncidentEvent>(EventJson.Options)
            ?? throw new JsonException($"queue message {envelope.MessageId} has an empty body");
        return (envelope, e);
    }
}
