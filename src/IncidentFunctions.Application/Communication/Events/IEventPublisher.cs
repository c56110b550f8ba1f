namespace IncidentFunctions.Application.Communication.Events;

/// <summary>
/// The seam between the stream and its transport. Sends in the order given and returns only once every message is
/// accepted; throws otherwise, and the caller sends the same messages (same ids) again.
/// </summary>
public interface IEventPublisher
{
    /// <summary>"service-bus" or "storage-queue", for logs and health.</summary>
    string Transport { get; }

    Task PublishAsync(IReadOnlyList<EventMessage> messages, CancellationToken ct);
}
