using IncidentFunctions.Application.Notifications.Sms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace IncidentFunctions.Application.Notifications.Voice;

/// <summary>
/// Places calls with the Twilio SDK's <see cref="CallResource"/> through the same routed HTTP seam as texts (so
/// Twilio:ApiBaseUrl reaches the fake in tests). Twilio fetches what to say from the app (<see cref="VoiceCall.TwimlUrl"/>),
/// detects answering machines (MachineDetection=DetectMessageEnd: the TwiML request says who answered, after the greeting's beep so a message left is heard whole) and posts the call's end to
/// <see cref="VoiceCall.StatusCallbackUrl"/>. One attempt per execution: the activity's retry policy spaces the next.
/// </summary>
public sealed partial class TwilioVoiceCaller : IVoiceCaller
{
    /// <summary>How long Twilio lets it ring before "no-answer": 30 s, about five rings, before voicemail usually picks up.</summary>
    internal const int RingSeconds = 30;

    private readonly TwilioOptions _options;
    private readonly TwilioRestClient _client;
    private readonly ILogger<TwilioVoiceCaller> _log;

    public TwilioVoiceCaller(IOptions<TwilioOptions> options, IHttpClientFactory httpClientFactory, ILogger<TwilioVoiceCaller> log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _log = log;
        var baseUrl = string.IsNullOrWhiteSpace(_options.ApiBaseUrl) ? null : new Uri(_options.ApiBaseUrl.Trim(), UriKind.Absolute);
        var accountSid = _options.AccountSid!.Trim();
        _client = new TwilioRestClient(accountSid, _options.AuthToken, accountSid: accountSid,
            httpClient: new TwilioRoutingHttpClient(httpClientFactory, baseUrl, time));
    }

    public TimeSpan MaxPlaceDuration => _options.RequestTimeout;

    public async Task<VoiceCallResult> PlaceAsync(VoiceCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var to = PhoneMask.Mask(call.To);
        if (_options.VoiceCaller is not { } from)
        {
            return VoiceCallResult.Refused(null, $"no number to call from: set {TwilioOptions.Section}:VoiceFromNumber (or {TwilioOptions.Section}:FromNumber) to a voice-capable Twilio number");
        }

        var create = new CreateCallOptions(new PhoneNumber(call.To.Trim()), new PhoneNumber(from))
        {
            Url = call.TwimlUrl,
            Method = Twilio.Http.HttpMethod.Post,
            StatusCallback = call.StatusCallbackUrl,
            StatusCallbackMethod = Twilio.Http.HttpMethod.Post,
            StatusCallbackEvent = ["completed"],
            MachineDetection = "DetectMessageEnd",
            Timeout = RingSeconds,
        };

        var state = TwilioCallState.Begin(ct);
        TwilioSmsSender.Failure failure;
        try
        {
            var resource = await CallResource.CreateAsync(create, _client).ConfigureAwait(false);
            LogPlaced(to, resource.Sid, call.IdempotencyKey);
            return VoiceCallResult.Queued(resource.Sid);
        }
        catch (ApiException ex) when (TwilioSmsSender.Classify(state.StatusCode ?? ex.Status, ex.Code, ex.Message, ex) is { } f)
        {
            failure = f;
        }
        catch (ApiStandardException ex) when (TwilioSmsSender.Classify(state.StatusCode ?? ex.Status, ex.Code, ex.Detail ?? ex.Title ?? ex.Message, ex) is { } f)
        {
            failure = f;
        }
        catch (ApiConnectionException ex) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", ex, ct);
        }
        catch (ApiConnectionException ex)
        {
            failure = new TwilioSmsSender.Failure(Transient: true, null, null, TwilioSmsSender.Describe(ex), ex);
        }
        finally
        {
            TwilioCallState.End();
        }

        var logged = TwilioSmsSender.Scrub(failure.Message, call.To, to);
        if (failure.Transient)
        {
            LogRetrying(to, failure.HttpStatus, failure.ErrorCode, logged, call.IdempotencyKey);
            var unanswered = failure.HttpStatus is null && !TwilioSmsSender.NeverConnected(failure.Exception);
            throw new SmsTransientException($"Twilio did not take the call ({failure.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "no answer"})",
                1, failure.HttpStatus, failure.ErrorCode, failure.Exception, mayHaveBeenAccepted: unanswered);
        }

        LogRefused(to, failure.HttpStatus, failure.ErrorCode, logged, call.IdempotencyKey);
        return VoiceCallResult.Refused(failure.ErrorCode, logged);
    }

    public async Task<string?> FindPlacedAsync(string to, DateTimeOffset notBefore, IReadOnlySet<string> knownSids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(knownSids);
        try
        {
            // Newest first; Twilio's clock and whole seconds: look a minute before our attempt.
            var page = await CallResource.ReadAsync(new ReadCallOptions { To = new PhoneNumber(to.Trim()), PageSize = 20, Limit = 20 }, _client).ConfigureAwait(false);
            return page.FirstOrDefault(c => c.DateCreated is { } created
                && new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) >= notBefore - TwilioSmsSender.LookupClockSkew
                && !knownSids.Contains(c.Sid))?.Sid;
        }
        catch (Exception ex) when (ex is ApiException or ApiConnectionException or ApiStandardException)
        {
            throw new SmsTransientException("Twilio's call list could not be read", ex);
        }
    }

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Called {To} via Twilio: sid {Sid} (key {IdempotencyKey})")]
    private partial void LogPlaced(string to, string? sid, string idempotencyKey);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "Twilio refused the call to {To}: HTTP {Status}, code {ErrorCode}: {Error} (key {IdempotencyKey})")]
    private partial void LogRefused(string to, int? status, int? errorCode, string error, string idempotencyKey);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Warning, Message = "Twilio did not take the call to {To}: HTTP {Status}, code {ErrorCode}: {Error} (key {IdempotencyKey}); the step will try again")]
    private partial void LogRetrying(string to, int? status, int? errorCode, string error, string idempotencyKey);
}
