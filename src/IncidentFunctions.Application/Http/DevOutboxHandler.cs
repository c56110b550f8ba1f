using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>GET /api/dev/outbox: the texts the local runtime would have sent, newest last. Local runtime only.</summary>
public sealed class DevOutboxHandler(OutboxSmsSender? outbox = null)
{
    public IResult Handle() => outbox is null
        ? Problems.NotFound("no outbox: texts go to Twilio because Twilio:AccountSid is configured", "outbox")
        : Results.Json(new { messages = outbox.Snapshot() }, ApiJson.Options);
}
