using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// Text messages. The request's text is the body (it already states the replies a text offers); a page also makes this
/// incident the one a bare "a" from that phone answers, recorded before the send because the reply can beat this step's
/// end. The sending, at most once per key, is <see cref="SmsDispatcher"/>'s.
/// </summary>
public sealed class SmsChannel(SmsDispatcher dispatcher, SendLedger ledger) : INotificationChannel
{
    public ContactMethodType Medium => ContactMethodType.Sms;

    public async Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
    {
        if (request.Purpose == NotificationPurpose.Page)
        {
            await ledger.SetLastPagedAsync(request.Phone, request.IncidentNumber, request.At, ct);
        }

        if (request.Phone != request.Recipient.Phone)
        {
            // A second number of the responder's: the dispatcher texts the recipient's phone.
            request = request with { Recipient = request.Recipient with { Phone = request.Phone } };
        }

        // The request's key as it is: texts always had it, so a ledger row written before this seam still matches on a retry.
        return await dispatcher.SendOnceAsync(request, ct);
    }
}
