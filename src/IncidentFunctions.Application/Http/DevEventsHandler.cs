using IncidentFunctions.Application.Communication.Events;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// GET /api/dev/events: the latest events this process put on the Storage queue (oldest first), as the queue holds
/// them. For developing a subscriber against the local runtime; the queue itself is left untouched.
/// </summary>
public sealed class DevEventsHandler(StorageQueueEventPublisher? queue = null)
{
    public IResult Handle() => queue is null
        ? Problems.NotFound("no event queue: events go to Service Bus because ServiceBusConnection is configured", "events")
        : Results.Json(new { queue = queue.Queue.Name, messages = queue.Recent() }, EventJson.Options);
}
