using IncidentFunctions.Application.Notifications;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Http;

/// <summary>
/// GET /api/dev/outbox: the texts, calls and mails the local runtime would have sent, newest last, each with its medium.
/// Local runtime only.
/// </summary>
public sealed class DevOutboxHandler(DevOutbox? outbox = null)
{
    public IResult Handle() => outbox is null
        ? Problems.NotFound("no outbox: messages go to their providers (Twilio:AccountSid and Email:Host are configured)", "outbox")
        : Results.Json(new { messages = outbox.Snapshot() }, ApiJson.Options);
}
