using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// Sends a text at most once per idempotency key (incident, step, recipient) and records it in the
/// send ledger and on the timeline (a pager test's text: in the test's ledger partition, on no timeline). Activities run
/// at least once; this is what makes that safe.
/// </summary>
/// <remarks>
/// The ledger row is written as <see cref="SendOutcomes.Pending"/> before the text goes out. A later execution that finds
/// it still pending cannot know from the ledger whether the provider took the text (the process may have died while the
/// answer was on its way, e.g. kill -9), so it asks the provider (<see cref="ISmsSender.FindAcceptedAsync"/>) and sends only
/// if the text is not there. A send that failed with an answer from the provider every time (429, 5xx) is left as
/// <see cref="SendOutcomes.Retrying"/>: nothing was accepted, so the next execution sends without asking.
/// <para>
/// The pending row is also a lease (<see cref="SendRecord.LeaseUntil"/>): an activity that outlasts the queue's visibility
/// timeout is handed out again and runs beside the first, and while the first may still be sending, asking the provider
/// proves nothing (its request may not have got there yet). So another execution waits for the lease holder's outcome, or
/// for the lease to run out (the holder died), before doing anything. The lease is the sender's longest possible send
/// (<see cref="ISmsSender.MaxSendDuration"/>) and a margin; a holder that stops without an answer gives it up at once.
/// </para>
/// </remarks>
public sealed class SmsDispatcher(ISmsSender sender, SendLedger ledger, TimelineStore timelineStore, TimeProvider time)
{
    /// <summary>
    /// Beyond the sender's longest send: the ledger writes around it, and two workers' clocks that disagree a little (the
    /// lease is written by one and read by the other).
    /// </summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    // How the timeline names a message of this medium when it fails: "Text to Alice rejected by the SMS provider".
    private const string Medium = "Text";
    private const string Provider = "SMS provider";

    /// <summary>Texts <paramref name="request"/>'s text to its recipient's number, once for its idempotency key.</summary>
    public async Task<DispatchOutcome> SendOnceAsync(NotificationRequest request, CancellationToken ct)
    {
        var (partition, idempotencyKey, recipient, body, at) = (SendLedger.PartitionFor(request), request.IdempotencyKey, request.Recipient, request.Text, request.At);
        var purpose = SendPurposes.Of(request.Purpose);
        var previous = await ledger.GetUnleasedSendAsync(partition, idempotencyKey, time, ct);
        if (previous is { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
        {
            // An execution that died between the ledger write and the timeline write left the entry out; writing it
            // again is idempotent (same key and instant).
            // At the first execution's instant, so the entry's row key is the one that execution would have written.
            await AppendOutcomeAsync(request with { At = previous.At }, previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, null, previous.Attempts, recovered: false, ct);
            return new DispatchOutcome(previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, AlreadyDone: true);
        }

        if (previous is { Outcome: SendOutcomes.Pending })
        {
            // The words that went out then, not now: the incident's title or severity may have changed since.
            var earlier = new SmsMessage(recipient.Phone, previous.Body ?? body, idempotencyKey) { WordsAreSecret = !request.KeepsWords };
            var known = (await ledger.GetSendsAsync(partition, ct)).Select(s => s.Sid).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var sid = await sender.FindAcceptedAsync(earlier, previous.AttemptedAt ?? previous.At, known, ct);
            if (sid is not null)
            {
                await ledger.RecordSendAsync(partition, idempotencyKey, previous with { Outcome = SendOutcomes.Sent, Sid = sid }, ct);
                await AppendOutcomeAsync(request with { At = previous.At }, delivered: true, sid, null, null, previous.Attempts, recovered: true, ct);
                return new DispatchOutcome(true, sid, null, AlreadyDone: true);
            }
        }

        var startedAt = time.GetUtcNow();
        var pending = new SendRecord(recipient.Name, recipient.Phone, purpose, SendOutcomes.Pending, null, null, at)
        {
            Body = request.KeepsWords ? body : null,
            AttemptedAt = startedAt,
            LeaseUntil = startedAt + sender.MaxSendDuration + LeaseMargin,
        };
        if (!await ledger.TryRecordPendingSendAsync(partition, idempotencyKey, pending, previous, ct))
        {
            // Another execution of the same step (a redelivered work item) is sending it right now: look again later.
            throw new SmsTransientException($"Another execution is sending {idempotencyKey}; trying again later.");
        }

        SmsSendResult result;
        try
        {
            // Transient failures throw out of here so the activity's retry policy runs the whole step again.
            result = await sender.SendAsync(new SmsMessage(recipient.Phone, body, idempotencyKey) { WordsAreSecret = !request.KeepsWords }, ct);
        }
        catch (SmsTransientException e)
        {
            // Every attempt was answered with an error: the provider has nothing, so the next execution sends directly.
            // Otherwise the provider may have it: still pending, but nobody is sending it any more, so the lease goes and the
            // next execution asks the provider at once rather than waiting the lease out.
            await ledger.RecordSendAsync(partition, idempotencyKey, e.MayHaveBeenAccepted
                ? pending with { LeaseUntil = null }
                : pending with { Outcome = SendOutcomes.Retrying, Attempts = e.Attempts }, ct);

            // Every attempt goes on the timeline, the failed ones too, so a slow page can be explained from the incident.
            if (request.OnTimeline)
            {
                await timelineStore.AppendAsync(TimelineEntries.SendRetrying(request.IncidentNumber, time.GetUtcNow(), Medium, Provider, idempotencyKey, startedAt,
                    new SendDetails(recipient.Name, request.Why.Reason) { Attempts = e.Attempts, HttpStatus = e.HttpStatus, ErrorCode = e.ErrorCode }), ct);
            }
            throw;
        }

        var sent = result.Outcome == SmsSendOutcome.Sent;
        await ledger.RecordSendAsync(partition, idempotencyKey,
            pending with { Outcome = sent ? SendOutcomes.Sent : SendOutcomes.Rejected, Sid = result.Sid, ErrorCode = result.ErrorCode, Attempts = result.Attempts }, ct);
        await AppendOutcomeAsync(request, sent, result.Sid, result.ErrorCode, result.ErrorMessage, result.Attempts, recovered: false, ct);
        return new DispatchOutcome(sent, result.Sid, result.ErrorCode, AlreadyDone: false) { Error = result.ErrorMessage };
    }

    private Task AppendOutcomeAsync(NotificationRequest step, bool delivered, string? sid, int? errorCode, string? errorMessage, int? attempts, bool recovered, CancellationToken ct)
    {
        if (!step.OnTimeline)
        {
            return Task.CompletedTask;
        }

        var details = new SendDetails(step.Recipient.Name, step.Why.Reason) { Attempts = attempts, Sid = sid, FoundAtProvider = recovered };
        return timelineStore.AppendAsync(delivered
            ? TimelineEntries.Sent(step.IncidentNumber, step.At, step.Why.Kind, step.Why.Summary, step.IdempotencyKey, details)
            : TimelineEntries.SendRejected(step.IncidentNumber, step.At, Medium, Provider, step.IdempotencyKey, details with { ErrorCode = errorCode, Error = errorMessage }), ct);
    }
}
