using IncidentFunctions.Application.Sms;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Application.Paging;

/// <summary>
/// Sends a text at most once per idempotency key (incident, step, recipient) and records it in the
/// send ledger and on the timeline. Activities run at least once; this is what makes that safe.
/// </summary>
public sealed class SmsDispatcher(ISmsSender sender, IncidentStore store)
{
    public async Task<DispatchOutcome> SendOnceAsync(
        long incidentNumber, string idempotencyKey, string purpose, ResponderConfig recipient, string body,
        DateTimeOffset at, TimelineEntryKind sentKind, string summary, IReadOnlyDictionary<string, string>? data, CancellationToken ct)
    {
        var previous = await store.GetSendAsync(incidentNumber, idempotencyKey, ct);
        if (previous is not null)
        {
            return new DispatchOutcome(previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, AlreadyDone: true);
        }

        // Transient failures throw out of here so the activity's retry policy runs the whole step again.
        var result = await sender.SendAsync(new SmsMessage(recipient.Phone, body, idempotencyKey), ct);
        var sent = result.Outcome == SmsSendOutcome.Sent;
        await store.RecordSendAsync(incidentNumber, idempotencyKey,
            new SendRecord(recipient.Name, recipient.Phone, purpose, sent ? SendOutcomes.Sent : SendOutcomes.Rejected, result.Sid, result.ErrorCode, at), ct);

        var details = new Dictionary<string, string>(data ?? new Dictionary<string, string>())
        {
            ["to"] = recipient.Name,
            ["attempts"] = result.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (result.Sid is not null)
        {
            details["sid"] = result.Sid;
        }

        if (sent)
        {
            await store.AppendTimelineAsync(new TimelineEntry(incidentNumber, at, sentKind, "system", summary, idempotencyKey, details), ct);
        }
        else
        {
            details["errorCode"] = result.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            details["error"] = result.ErrorMessage ?? "";
            await store.AppendTimelineAsync(new TimelineEntry(incidentNumber, at, TimelineEntryKind.PageFailed, "system",
                $"Text to {recipient.Name} rejected by the SMS provider ({result.ErrorCode}: {result.ErrorMessage})", idempotencyKey + ":failed", details), ct);
        }

        return new DispatchOutcome(sent, result.Sid, result.ErrorCode, AlreadyDone: false);
    }
}

public sealed record DispatchOutcome(bool Delivered, string? Sid, int? ErrorCode, bool AlreadyDone);

public static class SendOutcomes
{
    public const string Sent = "sent";
    public const string Rejected = "rejected";
}

public static class SendPurposes
{
    public const string Page = "page";
    public const string Notify = "notify";
}
