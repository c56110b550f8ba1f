using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Health;
using IncidentFunctions.Application.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentFunctions.Application.Notifications;

/// <summary>
/// Where every page, reminder and stakeholder message goes: the one door from the activities to the media. A request
/// that names its method (<see cref="NotificationRequest.Via"/>, a notification rule's) goes to that medium's channel;
/// one that does not is texted to the recipient's phone, as pages always were, and a notification is also mailed to
/// every address the recipient has, so leadership reads it at a desk too.
/// </summary>
public sealed class Notifier
{
    private readonly IReadOnlyDictionary<ContactMethodType, INotificationChannel> _channels;
    private readonly ILogger<Notifier> _log;
    private readonly IncidentMetrics _metrics;
    private readonly PipelineHealth? _health;

    public Notifier(IEnumerable<INotificationChannel> channels, ILogger<Notifier>? log = null, IncidentMetrics? metrics = null, PipelineHealth? health = null)
    {
        _health = health;
        _channels = channels.ToDictionary(c => c.Medium);
        _log = log ?? NullLogger<Notifier>.Instance;
        _metrics = metrics ?? IncidentMetrics.Unobserved;
        if (!_channels.ContainsKey(ContactMethodType.Sms))
        {
            throw new InvalidOperationException("no SMS channel is registered: every responder is reached by SMS");
        }
    }

    /// <summary>The outcome on the request's own method, or the text's when the notifier chose.</summary>
    public async Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
    {
        if (request.Via is { } via)
        {
            return _channels.TryGetValue(via.Type, out var channel)
                ? await SendOnAsync(channel, request with { IdempotencyKey = KeyOn(request, via) }, ct)
                : new DispatchOutcome(false, null, null, AlreadyDone: false);
        }

        var texted = await SendOnAsync(_channels[ContactMethodType.Sms], request, ct);
        if (request.Purpose == NotificationPurpose.Notify && _channels.TryGetValue(ContactMethodType.Email, out var email))
        {
            foreach (var address in request.Recipient.ContactMethods.Where(m => m.Type == ContactMethodType.Email))
            {
                var mail = request with { Via = address };
                try
                {
                    await SendOnAsync(email, mail with { IdempotencyKey = KeyOn(mail, address) }, ct);
                }
                catch (EmailTransientException e)
                {
                    // The text went; a mail server that is down must not fail the step and hold up the incident. The
                    // channel put the failure on the timeline; a retry of the step for any other reason mails it then.
                    _log.LogWarning("INC {Incident}: the mail beside a notification was not accepted ({Error}); the text went", request.IncidentNumber, e.Message);
                }
            }
        }

        return texted;
    }

    /// <summary>One channel's send, in a span of its own (the incident, never the address) and counted by its result.</summary>
    private async Task<DispatchOutcome> SendOnAsync(INotificationChannel channel, NotificationRequest request, CancellationToken ct)
    {
        var purpose = request.Purpose.ToString().ToLowerInvariant();
        using var span = IncidentTelemetry.Source.StartActivity($"{purpose} {channel.Medium.ToString().ToLowerInvariant()}");
        if (span is not null && request.Subject is { } subject)
        {
            span.SetTag(IncidentTelemetry.IncidentAttribute, subject.Number);
            span.SetTag(IncidentTelemetry.ServiceAttribute, subject.Service);
            span.SetTag(IncidentTelemetry.MediumAttribute, channel.Medium.ToString().ToLowerInvariant());
        }

        try
        {
            var outcome = await channel.SendAsync(request, ct);
            var result = outcome.AlreadyDone ? "already-sent" : outcome.Delivered ? "sent" : outcome.RetryAt is not null ? "held" : "failed";
            _metrics.Message(channel.Medium, purpose, result);
            await WatchCredentialsAsync(channel.Medium, outcome, ct);
            span?.SetTag("notification.result", result);
            if (result == "failed")
            {
                var code = outcome.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "none";
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, code);
                _metrics.ProviderError(channel.Medium == ContactMethodType.Email ? "smtp" : "twilio", code);
            }

            return outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _metrics.Message(channel.Medium, purpose, "error");
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            if (_health is not null && channel.Medium != ContactMethodType.Email && e is Sms.SmsTransientException)
            {
                // Twilio not answering (or 5xx) through every attempt: a failure of Twilio's, not of the number.
                await NeverFailAsync(() => _health.TwilioFailedAsync(ct));
            }

            throw;
        }
    }

    /// <summary>
    /// Twilio's 20003 and a mail server refusing our sign-in are our credentials refused: nothing that medium carries
    /// can go out, so the pipeline is degraded until a send on it goes through again (/api/health says so). A Twilio
    /// send that fails for Twilio's or the account's sake (20xxx), not the number's, counts towards "every send fails".
    /// Watching must never fail the send itself.
    /// </summary>
    private Task WatchCredentialsAsync(ContactMethodType medium, DispatchOutcome outcome, CancellationToken ct)
    {
        if (_health is not { } health || outcome.AlreadyDone || outcome.RetryAt is not null)
        {
            return Task.CompletedTask;
        }

        if (medium == ContactMethodType.Email)
        {
            return outcome.CredentialsRefused
                ? NeverFailAsync(() => health.ReportAsync(PipelineConditions.SmtpCredentials,
                    "The mail server refuses our sign-in: no mail can go out. Check Email:User and Email:Password.", ct))
                : outcome.Delivered ? NeverFailAsync(() => health.ClearAsync(PipelineConditions.SmtpCredentials, ct)) : Task.CompletedTask;
        }

        if (outcome.Delivered)
        {
            return NeverFailAsync(() => health.TwilioDeliveredAsync(ct));
        }

        return NeverFailAsync(async () =>
        {
            if (outcome.ErrorCode == TwilioCredentialsRefused)
            {
                await health.ReportAsync(PipelineConditions.TwilioCredentials,
                    "Twilio refuses the account's credentials (error 20003): no page text or call can go out. Check Twilio:AccountSid and Twilio:AuthToken.", ct);
            }

            if (outcome.ErrorCode is >= 20000 and < 21000)
            {
                await health.TwilioFailedAsync(ct);
            }
        });
    }

    /// <summary>Storage down while recording a condition must not fail the send that noticed it: the log keeps it.</summary>
    private async Task NeverFailAsync(Func<Task> watch)
    {
        try
        {
            await watch();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Could not record the pipeline's health after a send");
        }
    }

    /// <summary>Twilio's "Authenticate" error: the account SID or auth token is wrong (or the account suspended).</summary>
    private const int TwilioCredentialsRefused = 20003;

    /// <summary>
    /// One message per (step, recipient, method): a text to the recipient's phone keeps the step's key as it is (the keys
    /// in ledgers written before other media existed); any other method adds its medium and, for a second method of the
    /// same medium, its position ("…:voice", "…:email2"), never the number or address itself.
    /// </summary>
    private static string KeyOn(NotificationRequest request, ContactMethod via)
    {
        if (via.Type == ContactMethodType.Sms && via.To == request.Recipient.Phone)
        {
            return request.IdempotencyKey;
        }

        return $"{request.IdempotencyKey}:{ContactMethod.Key(request.Recipient.ContactMethods, via)}";
    }
}
