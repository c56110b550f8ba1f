using IncidentFunctions.Application.Storage;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// Mail: sends each request to its email method (<see cref="NotificationRequest.Via"/>) at most once per idempotency
/// key, records it in the send ledger and on the timeline ("… by email").
/// </summary>
/// <remarks>
/// As with texts (<see cref="Sms.SmsDispatcher"/>), a pending ledger row is written first, with a lease for as long as
/// the sender may take. A retried step finds the mail sent or refused and does not send it again; one that finds a live
/// lease fails transiently and its retry looks again later. A pending row without a live lease (the process died
/// mid-send, or the server could not be reached) is sent again. Unlike Twilio, a mail server cannot be asked whether it
/// took a mail; instead the mail keeps its Message-Id (<see cref="EmailComposer.MessageId"/>), so in the rare case that
/// the server took it before the process died, clients that drop duplicates show it once.
/// </remarks>
public sealed class EmailChannel(IEmailSender sender, IOptions<EmailOptions> options, ConsoleLinks links, SendLedger ledger, TimelineStore timelineStore, TimeProvider time)
    : INotificationChannel
{
    /// <summary>Beyond the sender's longest send: the ledger writes around it, and clocks of two workers that disagree a little.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    // How the timeline names a mail when it fails: "Email to Lee rejected by the mail server".
    private const string MediumWord = "Email";

    public ContactMethodType Medium => ContactMethodType.Email;

    public async Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var address = request.Via is { Type: ContactMethodType.Email } via
            ? via.To
            : throw new ArgumentException("the email channel sends to an email method (Via)", nameof(request));
        var (partition, key) = (SendLedger.PartitionFor(request), request.IdempotencyKey);

        var previous = await ledger.GetSendAsync(partition, key, ct);
        if (previous is { Outcome: SendOutcomes.Sent or SendOutcomes.Rejected })
        {
            // A step that died between the ledger write and the timeline write left the entry out; writing it again is
            // idempotent (same key, and the first execution's instant).
            await AppendOutcomeAsync(request with { At = previous.At }, previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, null, ct);
            return new DispatchOutcome(previous.Outcome == SendOutcomes.Sent, previous.Sid, previous.ErrorCode, AlreadyDone: true);
        }

        var startedAt = time.GetUtcNow();
        if (previous is { Outcome: SendOutcomes.Pending, LeaseUntil: { } until } && until > startedAt)
        {
            throw new EmailTransientException($"Another execution is mailing {key} until {until:O}; trying again later.");
        }

        var message = request.PagerTest is { } test ? EmailComposer.ComposePagerTest(request, options.Value.FromMailbox, test)
            : request.SignIn is { } signIn ? EmailComposer.ComposeSignIn(request, options.Value.FromMailbox, signIn)
            : EmailComposer.Compose(request, options.Value.FromMailbox, links.Incident(request.IncidentNumber));
        var pending = new SendRecord(request.Recipient.Name, address, SendPurposes.Of(request.Purpose), SendOutcomes.Pending, null, null, request.At)
        {
            AttemptedAt = startedAt,
            LeaseUntil = startedAt + sender.MaxSendDuration + LeaseMargin,
        };
        if (!await ledger.TryRecordPendingSendAsync(partition, key, pending, previous, ct))
        {
            throw new EmailTransientException($"Another execution is mailing {key}; trying again later.");
        }

        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(message, ct);
        }
        catch (EmailTransientException e)
        {
            // Nobody is sending it any more: the next execution sends at once (with the same Message-Id).
            await ledger.RecordSendAsync(partition, key, pending with { Outcome = SendOutcomes.Retrying, ErrorCode = e.ReplyCode, LeaseUntil = null, Attempts = 1 }, ct);
            if (request.OnTimeline)
            {
                await timelineStore.AppendAsync(TimelineEntries.SendRetrying(request.IncidentNumber, time.GetUtcNow(), MediumWord, sender.Provider, key, startedAt,
                    new SendDetails(request.Recipient.Name, request.Why.Reason) { Attempts = 1, ErrorCode = e.ReplyCode }), ct);
            }
            throw;
        }

        await ledger.RecordSendAsync(partition, key, pending with
        {
            Outcome = result.Sent ? SendOutcomes.Sent : SendOutcomes.Rejected,
            Sid = result.Id,
            ErrorCode = result.ReplyCode,
            Attempts = 1,
            LeaseUntil = null,
        }, ct);
        await AppendOutcomeAsync(request, result.Sent, result.Id, result.ReplyCode, result.Error, ct);
        return new DispatchOutcome(result.Sent, result.Id, result.ReplyCode, AlreadyDone: false) { Error = result.Error, CredentialsRefused = result.CredentialsRefused };
    }

    private Task AppendOutcomeAsync(NotificationRequest request, bool sent, string? id, int? replyCode, string? error, CancellationToken ct)
    {
        if (!request.OnTimeline)
        {
            return Task.CompletedTask;
        }

        var details = new SendDetails(request.Recipient.Name, request.Why.Reason) { Attempts = 1, Sid = id, Medium = ContactMethod.Word(ContactMethodType.Email) };
        return timelineStore.AppendAsync(sent
            ? TimelineEntries.Sent(request.IncidentNumber, request.At, request.Why.Kind, request.Why.Summary + " by email", request.IdempotencyKey, details)
            : TimelineEntries.SendRejected(request.IncidentNumber, request.At, MediumWord, sender.Provider, request.IdempotencyKey, details with { ErrorCode = replyCode, Error = error }), ct);
    }
}
