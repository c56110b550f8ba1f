using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// Text messages. The request's text is the body (it already states the replies a text offers); a page also makes this
/// incident the one a bare "a" from that phone answers, recorded before the send because the reply can beat this step's
/// end. Pages are held to one per number per <see cref="TwilioOptions.SmsFloodWindow"/> (<see cref="FloodLimit"/>): a page
/// held back is listed, with its reply code, in the next one. The sending, at most once per key, is <see cref="SmsDispatcher"/>'s.
/// </summary>
public sealed class SmsChannel(SmsDispatcher dispatcher, SendLedger ledger, FloodLimit floodLimit, IOptions<TwilioOptions> twilio) : INotificationChannel
{
    public ContactMethodType Medium => ContactMethodType.Sms;

    public async Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
    {
        if (request.Phone != request.Recipient.Phone)
        {
            // A second number of the responder's: the dispatcher texts the recipient's phone.
            request = request with { Recipient = request.Recipient with { Phone = request.Phone } };
        }

        IReadOnlyList<CarriedPage> carried = [];
        if (request.Purpose == NotificationPurpose.Page)
        {
            var previous = await ledger.GetSendAsync(request.IncidentNumber, request.IdempotencyKey, ct);
            if (previous is not { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
            {
                var claim = await floodLimit.ClaimAsync(request, ContactMethodType.Sms, twilio.Value.SmsFloodWindow, previous, ct);
                if (claim.RetryAt is { } retryAt)
                {
                    return new DispatchOutcome(false, null, null, AlreadyDone: false) { RetryAt = retryAt };
                }

                carried = claim.Carried;
                if (carried.Count > 0)
                {
                    request = request with { Text = SmsTexts.WithWaiting(request.Text, [.. carried.Select(c => c.Held.Incident)]) };
                }
            }

            await ledger.SetLastPagedAsync(request.Phone, request.IncidentNumber, request.At, ct);
        }

        // The request's key as it is: texts always had it, so a ledger row written before this seam still matches on a retry.
        var outcome = await dispatcher.SendOnceAsync(request, ct);
        if (outcome is { Delivered: true, AlreadyDone: false, Sid: { } sid } && carried.Count > 0)
        {
            await floodLimit.CarryAsync(carried, request, ContactMethodType.Sms, sid, ct);
        }

        return outcome;
    }
}
