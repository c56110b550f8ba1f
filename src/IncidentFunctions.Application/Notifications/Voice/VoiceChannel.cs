using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>
/// Phone calls. A call says the page (<see cref="VoiceScript.Page"/>) and offers its keys; what happens on the call comes
/// back through the voice webhooks. At most one call per idempotency key (incident, step, responder, rule), however often
/// the step runs: the ledger row is written pending (a lease) before the call is placed, and a later execution that finds
/// it pending after the lease asks Twilio's call list before calling again.
/// </summary>
/// <remarks>
/// Flood limit (<see cref="TwilioOptions.CallFloodWindow"/>): at most one call per number per window. A call asked for
/// inside it is held back (ledger row <see cref="SendOutcomes.Held"/>, the number's <see cref="CallGate"/> lists it) and
/// the step is told when to ask again; the next call to the number says every incident waiting and records their held
/// rows as sent with its sid, so their own retries find them done.
/// </remarks>
public sealed class VoiceChannel(
    IVoiceCaller caller, VoiceUrls urls, SendLedger ledger, CallGateStore gates, IncidentStore incidents, TimelineStore timelineStore,
    IOptions<TwilioOptions> twilio, TimeProvider time) : INotificationChannel
{
    // How the timeline names a call when it fails: "Call to Alice rejected by the voice provider".
    private const string Said = "Call";
    private const string Provider = "voice provider";

    public ContactMethodType Medium => ContactMethodType.Voice;

    public async Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (number, key, phone) = (request.IncidentNumber, request.IdempotencyKey, request.Phone);
        var previous = await ledger.GetUnleasedSendAsync(number, key, time, ct);
        if (previous is { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
        {
            await AppendOutcomeAsync(request with { At = previous.At }, previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, null, ct);
            return new DispatchOutcome(previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, AlreadyDone: true);
        }

        if (previous is { Outcome: SendOutcomes.Pending })
        {
            // An execution died after asking Twilio for the call: Twilio may have it ringing already.
            var known = (await ledger.GetSendsAsync(number, ct)).Select(s => s.Sid).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (await caller.FindPlacedAsync(phone, previous.AttemptedAt ?? previous.At, known, ct) is { } found)
            {
                await ledger.RecordSendAsync(number, key, previous with { Outcome = SendOutcomes.Sent, Sid = found }, ct);
                await AppendOutcomeAsync(request with { At = previous.At }, true, found, null, null, ct);
                return new DispatchOutcome(true, found, null, AlreadyDone: true);
            }
        }

        var claim = await ClaimNumberAsync(request, previous, ct);
        if (claim.RetryAt is { } retryAt)
        {
            return new DispatchOutcome(false, null, null, AlreadyDone: false) { RetryAt = retryAt };
        }

        var bundle = claim.Bundle;
        var subject = request.Subject;
        var script = request.Purpose == NotificationPurpose.Page
            ? VoiceScript.Page(subject.Number, subject.Severity, subject.Service, subject.Title, subject.RepeatNote, bundle.Count, [.. bundle.Select(b => b.Service), subject.Service])
            : VoiceScript.Spoken(request.Text);
        var (twiml, status, gather) = urls.For(number, key);
        var startedAt = time.GetUtcNow();
        var pending = new SendRecord(request.Recipient.Name, phone, SendPurposes.Of(request.Purpose), SendOutcomes.Pending, null, null, request.At)
        {
            Medium = ContactMethodType.Voice,
            Bundle = [.. bundle.Select(b => b.Held.Incident)],
            Body = script,
            AttemptedAt = startedAt,
            LeaseUntil = startedAt + caller.MaxPlaceDuration + SmsDispatcher.LeaseMargin,
        };
        if (!await ledger.TryRecordPendingSendAsync(number, key, pending, await ledger.GetSendAsync(number, key, ct), ct))
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
            await ledger.RecordSendAsync(number, key, e.MayHaveBeenAccepted
                ? pending with { LeaseUntil = null }
                : pending with { Outcome = SendOutcomes.Retrying, Attempts = e.Attempts }, ct);
            await timelineStore.AppendAsync(TimelineEntries.SendRetrying(number, time.GetUtcNow(), Said, Provider, key, startedAt,
                new SendDetails(request.Recipient.Name, request.Why.Reason) { Attempts = e.Attempts, HttpStatus = e.HttpStatus, ErrorCode = e.ErrorCode }), ct);
            throw;
        }

        await ledger.RecordSendAsync(number, key, pending with
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
            foreach (var carried in bundle)
            {
                await RecordCarriedAsync(carried, request, result.Sid!, bundle.Count + 1, ct);
            }
        }

        return new DispatchOutcome(result.Placed, result.Sid, result.ErrorCode, AlreadyDone: false);
    }

    /// <summary>
    /// The number's flood limit: either this call may ring now (the number is claimed, and the calls held back since the
    /// last one come with it, those still waiting for someone), or it is held back until the window has passed.
    /// </summary>
    private async Task<(DateTimeOffset? RetryAt, IReadOnlyList<Carried> Bundle)> ClaimNumberAsync(NotificationRequest request, SendRecord? previous, CancellationToken ct)
    {
        var window = twilio.Value.CallFloodWindow;
        var (number, key, phone) = (request.IncidentNumber, request.IdempotencyKey, request.Phone);
        var self = new HeldCall(number, key);
        while (true)
        {
            var gate = await gates.GetAsync(phone, ct);
            var now = time.GetUtcNow();
            if (window > TimeSpan.Zero && gate.LastCallAt is { } last && now - last < window)
            {
                var retryAt = last + window;
                // The held row before the gate lists it: the call that carries it may run the moment it is listed, and
                // must find the row to mark sent (a later write would undo that).
                if (previous is not { Outcome: SendOutcomes.Held })
                {
                    previous = new SendRecord(request.Recipient.Name, phone, SendPurposes.Of(request.Purpose), SendOutcomes.Held, null, null, request.At)
                    {
                        Medium = ContactMethodType.Voice,
                        AttemptedAt = now,
                    };
                    await ledger.RecordSendAsync(number, key, previous, ct);
                    await timelineStore.AppendAsync(TimelineEntries.CallHeld(number, request.At, key, retryAt, window, new SendDetails(request.Recipient.Name, request.Why.Reason)), ct);
                }

                if (!gate.Waiting.Contains(self) && !await gates.TryReplaceAsync(phone, gate, gate with { Waiting = [.. gate.Waiting, self] }, ct))
                {
                    continue;
                }

                return (retryAt, []);
            }

            if (!await gates.TryReplaceAsync(phone, gate, new CallGate(now, null, []), ct))
            {
                continue;
            }

            // Only incidents still waiting for someone are said; the rest were answered another way meanwhile.
            var bundle = new List<Carried>();
            foreach (var held in gate.Waiting.Where(h => h != self).DistinctBy(h => h.Incident))
            {
                if ((await incidents.GetIncidentAsync(held.Incident, ct))?.Incident is { Status: IncidentStatus.Triggered } waiting)
                {
                    bundle.Add(new Carried(held, waiting.Service));
                }
            }

            return (null, bundle);
        }
    }

    /// <summary>A held call said in this one: its row is sent with this call's sid, so its own retry finds it done.</summary>
    private async Task RecordCarriedAsync(Carried carried, NotificationRequest request, string sid, int incidents, CancellationToken ct)
    {
        var (number, key) = (carried.Held.Incident, carried.Held.Key);
        var held = await ledger.GetSendAsync(number, key, ct);
        if (held is { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
        {
            return;
        }

        var at = held?.At ?? request.At;
        await ledger.RecordSendAsync(number, key, (held ?? new SendRecord(request.Recipient.Name, request.Phone, SendPurposes.Page, SendOutcomes.Held, null, null, at) { Medium = ContactMethodType.Voice })
            with { Outcome = SendOutcomes.Sent, Sid = sid }, ct);
        await timelineStore.AppendAsync(TimelineEntries.Sent(number, at, TimelineEntryKind.PageSent,
            $"Called {request.Recipient.Name} in one call for {incidents} incidents", key,
            new SendDetails(request.Recipient.Name) { Sid = sid, Medium = ContactMethod.Word(ContactMethodType.Voice) }), ct);
    }

    /// <summary>A held call carried by this one, and its incident's service for the words.</summary>
    private sealed record Carried(HeldCall Held, string Service);

    private Task AppendOutcomeAsync(NotificationRequest step, bool placed, string? sid, int? errorCode, string? errorMessage, CancellationToken ct)
    {
        var details = new SendDetails(step.Recipient.Name, step.Why.Reason) { Sid = sid, Medium = ContactMethod.Word(ContactMethodType.Voice) };
        return timelineStore.AppendAsync(placed
            ? TimelineEntries.Sent(step.IncidentNumber, step.At, step.Why.Kind, step.Why.Summary, step.IdempotencyKey, details)
            : TimelineEntries.SendRejected(step.IncidentNumber, step.At, Said, Provider, step.IdempotencyKey, details with { ErrorCode = errorCode, Error = errorMessage }), ct);
    }
}
