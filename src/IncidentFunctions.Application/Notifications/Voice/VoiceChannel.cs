using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>
/// Phone calls. A call says the page (<see cref="VoiceScript.Page"/>) and offers its keys, or a pager test's words
/// (<see cref="VoiceScript.PagerTest"/>) and its one key; what happens on the call comes back through the voice webhooks. At most one call per idempotency key (incident, step, responder, rule), however often
/// the step runs: the ledger row is written pending (a lease) before the call is placed, and a later execution that finds
/// it pending after the lease asks Twilio's call list before calling again.
/// </summary>
/// <remarks>
/// At most one call per number per <see cref="TwilioOptions.CallFloodWindow"/> (<see cref="FloodLimit"/>): a call held
/// back is said in the next one, which tells how many incidents wait, and whose 4 acknowledges them all.
/// </remarks>
public sealed class VoiceChannel(
    IVoiceCaller caller, VoiceUrls urls, SendLedger ledger, FloodLimit floodLimit, TimelineStore timelineStore,
    IOptions<TwilioOptions> twilio, TimeProvider time) : INotificationChannel
{
    // How the timeline names a call when it fails: "Call to Alice rejected by the voice provider".
    private const string Said = "Call";
    private const string Provider = "voice provider";

    public ContactMethodType Medium => ContactMethodType.Voice;

    public async Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (partition, key, phone) = (SendLedger.PartitionFor(request), request.IdempotencyKey, request.Phone);
        var previous = await ledger.GetUnleasedSendAsync(partition, key, time, ct);
        if (previous is { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
        {
            await AppendOutcomeAsync(request with { At = previous.At }, previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, null, ct);
            return new DispatchOutcome(previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, AlreadyDone: true);
        }

        if (previous is { Outcome: SendOutcomes.Pending })
        {
            // An execution died after asking Twilio for the call: Twilio may have it ringing already.
            var known = (await ledger.GetSendsAsync(partition, ct)).Select(s => s.Sid).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (await caller.FindPlacedAsync(phone, previous.AttemptedAt ?? previous.At, known, ct) is { } found)
            {
                await ledger.RecordSendAsync(partition, key, previous with { Outcome = SendOutcomes.Sent, Sid = found }, ct);
                await AppendOutcomeAsync(request with { At = previous.At }, true, found, null, null, ct);
                return new DispatchOutcome(true, found, null, AlreadyDone: true);
            }
        }

        // Pager tests are not pages: the flood limit is for waking someone about incidents.
        var claim = request.PagerTest is null
            ? await floodLimit.ClaimAsync(request, ContactMethodType.Voice, twilio.Value.CallFloodWindow, previous, ct)
            : new FloodClaim(null, []);
        if (claim.RetryAt is { } retryAt)
        {
            return new DispatchOutcome(false, null, null, AlreadyDone: false) { RetryAt = retryAt };
        }

        var bundle = claim.Carried;
        var script = (request.Purpose, request.Subject) switch
        {
            (NotificationPurpose.Page, { } s) => VoiceScript.Page(s.Number, s.Severity, s.Service, s.Title, s.RepeatNote, bundle.Count, [.. bundle.Select(b => b.Service), s.Service]),
            (NotificationPurpose.PagerTest, _) => VoiceScript.PagerTest(request.Recipient.Name),
            _ => VoiceScript.Spoken(request.Text),
        };
        var (twiml, status, gather) = request.PagerTest is { } test ? urls.ForPagerTest(test.TestId, key) : urls.For(request.IncidentNumber, key);
        var startedAt = time.GetUtcNow();
        var pending = new SendRecord(request.Recipient.Name, phone, SendPurposes.Of(request.Purpose), SendOutcomes.Pending, null, null, request.At)
        {
            Medium = ContactMethodType.Voice,
            Bundle = [.. bundle.Select(b => b.Held.Incident)],
            Body = script,
            AttemptedAt = startedAt,
            LeaseUntil = startedAt + caller.MaxPlaceDuration + SmsDispatcher.LeaseMargin,
        };
        if (!await ledger.TryRecordPendingSendAsync(partition, key, pending, await ledger.GetSendAsync(partition, key, ct), ct))
        {
            throw new SmsTransientException($"Another execution is placing {key}; trying again later.");
        }

        VoiceCallResult result;
        try
        {
            result = await caller.PlaceAsync(new VoiceCall(phone, script, twiml, status, gather, key), ct);
        }
        catch (SmsTransientException e)
        {
            await ledger.RecordSendAsync(partition, key, e.MayHaveBeenAccepted
                ? pending with { LeaseUntil = null }
                : pending with { Outcome = SendOutcomes.Retrying, Attempts = e.Attempts }, ct);
            if (request.OnTimeline)
            {
                await timelineStore.AppendAsync(TimelineEntries.SendRetrying(request.IncidentNumber, time.GetUtcNow(), Said, Provider, key, startedAt,
                    new SendDetails(request.Recipient.Name, request.Why.Reason) { Attempts = e.Attempts, HttpStatus = e.HttpStatus, ErrorCode = e.ErrorCode }), ct);
            }
            throw;
        }

        await ledger.RecordSendAsync(partition, key, pending with
        {
            Outcome = result.Placed ? SendOutcomes.Sent : SendOutcomes.Rejected,
            Sid = result.Sid,
            ErrorCode = result.ErrorCode,
            Attempts = 1,
            LeaseUntil = null,
        }, ct);
        await AppendOutcomeAsync(request, result.Placed, result.Sid, result.ErrorCode, result.ErrorMessage, ct);
        if (result.Placed)
        {
            await floodLimit.CarryAsync(bundle, request, ContactMethodType.Voice, result.Sid!, ct);
        }

        return new DispatchOutcome(result.Placed, result.Sid, result.ErrorCode, AlreadyDone: false) { Error = result.ErrorMessage };
    }

    private Task AppendOutcomeAsync(NotificationRequest step, bool placed, string? sid, int? errorCode, string? errorMessage, CancellationToken ct)
    {
        if (!step.OnTimeline)
        {
            return Task.CompletedTask;
        }

        var details = new SendDetails(step.Recipient.Name, step.Why.Reason) { Sid = sid, Medium = ContactMethod.Word(ContactMethodType.Voice) };
        return timelineStore.AppendAsync(placed
            ? TimelineEntries.Sent(step.IncidentNumber, step.At, step.Why.Kind, step.Why.Summary, step.IdempotencyKey, details)
            : TimelineEntries.SendRejected(step.IncidentNumber, step.At, Said, Provider, step.IdempotencyKey, details with { ErrorCode = errorCode, Error = errorMessage }), ct);
    }
}
