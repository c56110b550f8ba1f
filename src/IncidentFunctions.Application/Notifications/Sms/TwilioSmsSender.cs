using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>
/// Sends texts with the Twilio SDK (Messages API) through a <see cref="TwilioRestClient"/> of its own (never the static
/// TwilioClient). Retries 429 (honouring Retry-After, capped), 5xx, timeouts and connection failures with exponential
/// backoff and jitter up to <see cref="TwilioOptions.MaxAttempts"/>, then throws <see cref="SmsTransientException"/>.
/// Any other 4xx (21610 opted out, 21211 invalid To, 21614 not mobile, 21408 region not enabled, 20003 bad credentials...)
/// is returned as <see cref="SmsSendOutcome.Rejected"/> after one attempt.
/// </summary>
/// <remarks>
/// Twilio's Messages API takes no idempotency key: an attempt that timed out may still have been sent. So before sending
/// again after an attempt without an answer, <see cref="SendAsync"/> asks Twilio's Messages list (<see cref="FindAcceptedAsync"/>)
/// and takes a text it finds there as sent; after a 429 or 5xx it retries without asking, as Twilio answered that it took
/// nothing. Across executions, the send ledger marks an attempt pending before it starts, and a later execution that
/// finds it pending asks Twilio the same way.
/// </remarks>
public sealed partial class TwilioSmsSender : ISmsSender
{
    /// <summary>Name of the IHttpClientFactory client every Twilio call goes through.</summary>
    public const string HttpClientName = "twilio";

    private const int MaxErrorText = 300;

    /// <summary>List reads one <see cref="FindAcceptedAsync"/> makes at most.</summary>
    private const int LookupReads = 2;

    /// <summary>Twilio's date_created has whole seconds and comes from Twilio's clock, not ours: look this far before our attempt.</summary>
    internal static readonly TimeSpan LookupClockSkew = TimeSpan.FromMinutes(1);

    private static readonly IReadOnlySet<string> NoSids = new HashSet<string>(StringComparer.Ordinal);

    private readonly TwilioOptions _options;
    private readonly TwilioRestClient _client;
    private readonly ILogger<TwilioSmsSender> _log;
    private readonly TimeProvider _time;

    public TwilioSmsSender(IOptions<TwilioOptions> options, IHttpClientFactory httpClientFactory, ILogger<TwilioSmsSender> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options.Value;
        _log = logger;
        _time = time;

        if (string.IsNullOrWhiteSpace(_options.AccountSid) || string.IsNullOrWhiteSpace(_options.AuthToken)
            || (string.IsNullOrWhiteSpace(_options.FromNumber) && string.IsNullOrWhiteSpace(_options.MessagingServiceSid)))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TwilioOptions),
                [$"{TwilioOptions.Section}:AccountSid, {TwilioOptions.Section}:AuthToken and {TwilioOptions.Section}:FromNumber or {TwilioOptions.Section}:MessagingServiceSid are required to send through Twilio."]);
        }

        var baseUrl = string.IsNullOrWhiteSpace(_options.ApiBaseUrl) ? null : new Uri(_options.ApiBaseUrl.Trim(), UriKind.Absolute);
        var accountSid = _options.AccountSid.Trim();
        _client = new TwilioRestClient(accountSid, _options.AuthToken, accountSid: accountSid,
            httpClient: new TwilioRoutingHttpClient(httpClientFactory, baseUrl, time));
    }

    public TimeSpan MaxSendDuration => MaxSendDurationFor(_options);

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = PhoneMask.Mask(message.To);
        var create = new CreateMessageOptions(new PhoneNumber(message.To.Trim())) { Body = message.Body };
        if (!string.IsNullOrWhiteSpace(_options.MessagingServiceSid))
        {
            create.MessagingServiceSid = _options.MessagingServiceSid.Trim();
        }
        else
        {
            create.From = new PhoneNumber(_options.FromNumber!.Trim());
        }

        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        // A 429 or 5xx answer means Twilio did not take the message (Twilio's guidance is to retry those), and so does a
        // connection that was never made; an attempt sent without an answer may have been taken.
        var unanswered = false;
        var startedAt = _time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = TwilioCallState.Begin(cancellationToken);
            Failure failure;
            try
            {
                var resource = await MessageResource.CreateAsync(create, _client).ConfigureAwait(false);
                LogSent(to, resource.Sid, attempt, message.Body.Length, message.IdempotencyKey);
                return SmsSendResult.Sent(resource.Sid, attempt);
            }
            // The status comes from the call state first: the SDK loses it for non-JSON error bodies. A failure without
            // an HTTP error status (e.g. a 201 the SDK cannot read) passes the filters and is rethrown as is: the text was
            // probably sent, so it must not be retried here.
            catch (ApiException ex) when (Classify(state.StatusCode ?? ex.Status, ex.Code, ex.Message, ex) is { } f)
            {
                failure = f;
            }
            catch (ApiStandardException ex) when (Classify(state.StatusCode ?? ex.Status, ex.Code, ex.Detail ?? ex.Title ?? ex.Message, ex) is { } f)
            {
                failure = f;
            }
            catch (ApiConnectionException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The SMS send was cancelled.", ex, cancellationToken);
            }
            catch (ApiConnectionException ex)
            {
                // No answer: timeout, refused or reset connection, DNS... (the SDK wraps them all in this one type).
                failure = new Failure(Transient: true, null, null, Describe(ex), ex);
            }
            finally
            {
                TwilioCallState.End();
            }

            unanswered |= failure.HttpStatus is null && !NeverConnected(failure.Exception);

            // Twilio's messages quote the number ("The 'To' number +1555... is not valid"): mask it for logs.
            var logged = Scrub(failure.Message, message.To, to);
            if (!failure.Transient)
            {
                if (failure.HttpStatus is 401 or 403)
                {
                    LogCredentialsRejected(to, failure.HttpStatus, failure.ErrorCode, logged, message.IdempotencyKey);
                }
                else
                {
                    LogRejected(to, failure.HttpStatus, failure.ErrorCode, logged, message.IdempotencyKey);
                }

                return SmsSendResult.Rejected(failure.ErrorCode, failure.Message, attempt);
            }

            if (attempt >= maxAttempts)
            {
                LogGaveUp(to, attempt, failure.HttpStatus, failure.ErrorCode, logged, message.IdempotencyKey);
                throw new SmsTransientException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Twilio did not accept the text to {to} after {attempt} attempt(s); last: {(failure.HttpStatus is int s ? "HTTP " + s.ToString(CultureInfo.InvariantCulture) : "no answer")}{(failure.ErrorCode is int c ? $" (code {c})" : "")}: {logged}"),
                    attempt, failure.HttpStatus, failure.ErrorCode, failure.Exception, mayHaveBeenAccepted: unanswered);
            }

            var delay = Backoff(attempt, state.RetryAfter, _options, Random.Shared.NextDouble());
            LogRetrying(to, attempt, maxAttempts, failure.HttpStatus, failure.ErrorCode, logged, delay, message.IdempotencyKey);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);

            // After the backoff, not before: a request that timed out on our side may still be on its way through Twilio.
            // Any unanswered attempt so far, not only the last: a 5xx now says nothing about an earlier attempt.
            if (unanswered && await FindEarlierAttemptAsync(message, startedAt, attempt, cancellationToken).ConfigureAwait(false) is { } sid)
            {
                return SmsSendResult.Sent(sid, attempt);
            }
        }
    }

    /// <summary>
    /// The sid of this send's text if Twilio took one of its unanswered attempts; null if not. Throws
    /// <see cref="SmsTransientException"/> (it may have been accepted) when Twilio cannot be asked: sending again blind
    /// could text twice, and the caller's retry asks again later.
    /// </summary>
    /// <remarks>
    /// No sids are known here to leave out, so a text with the same words to the same number from another send of the last
    /// minute (<see cref="LookupClockSkew"/>) would be taken for this one: its recipient has those very words already.
    /// </remarks>
    private async Task<string?> FindEarlierAttemptAsync(SmsMessage message, DateTimeOffset startedAt, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            return await FindAcceptedAsync(message, startedAt, NoSids, cancellationToken).ConfigureAwait(false);
        }
        catch (SmsTransientException ex)
        {
            LogGaveUp(PhoneMask.Mask(message.To), attempts, null, null, ex.Message, message.IdempotencyKey);
            throw new SmsTransientException(ex.Message, attempts, null, null, ex, mayHaveBeenAccepted: true);
        }
    }

    /// <summary>
    /// Reads the Messages list (GET /2010-04-01/Accounts/{sid}/Messages.json, Twilio's documented filters To and DateSent)
    /// for a text to the same number with the same words, created no earlier than <paramref name="notBefore"/> (less
    /// <see cref="LookupClockSkew"/>) and not one of <paramref name="knownSids"/>.
    /// </summary>
    /// <remarks>
    /// Two reads, because of how Twilio documents the filter: <c>DateSent&gt;=YYYY-MM-DD</c> (a GMT date; the day before is
    /// asked for, as our clock and Twilio's may straddle midnight) matches on date_sent, which a message still "accepted" or
    /// "queued" does not have yet. Such a message is among the newest of the unfiltered list, so its first page is read too.
    /// A body is compared by its ASCII letters and digits only: a Messaging Service with Smart Encoding may store
    /// "…" as "..." or curly quotes as straight ones.
    /// </remarks>
    public async Task<string?> FindAcceptedAsync(SmsMessage message, DateTimeOffset notBefore, IReadOnlySet<string> knownSids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(knownSids);
        var to = message.To.Trim();
        var since = (notBefore - LookupClockSkew).UtcDateTime;
        var wanted = Comparable(message.Body);
        // Two reads (LookupReads): MaxSendDurationFor counts on it.
        ReadMessageOptions[] reads =
        [
            new() { To = new PhoneNumber(to), DateSentAfter = since.Date.AddDays(-1), PageSize = 1000, Limit = 1000 },
            new() { To = new PhoneNumber(to), PageSize = 50, Limit = 50 },
        ];

        foreach (var read in reads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TwilioCallState.Begin(cancellationToken);
            try
            {
                var page = await MessageResource.ReadAsync(read, _client).ConfigureAwait(false);
                foreach (var m in page)
                {
                    if (m.Direction == MessageResource.DirectionEnum.OutboundApi && string.Equals(m.To, to, StringComparison.Ordinal)
                        && m.DateCreated is DateTime created && DateTime.SpecifyKind(created, DateTimeKind.Utc) >= since
                        && m.Sid is not null && !knownSids.Contains(m.Sid) && Comparable(m.Body ?? "") == wanted)
                    {
                        LogFoundAccepted(PhoneMask.Mask(to), m.Sid, message.IdempotencyKey);
                        return m.Sid;
                    }
                }
            }
            catch (ApiConnectionException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The SMS lookup was cancelled.", ex, cancellationToken);
            }
            catch (Exception ex) when (ex is ApiException or ApiStandardException or ApiConnectionException)
            {
                // Sending without knowing could page twice; failing lets the activity's retry policy ask again later.
                throw new SmsTransientException(
                    $"Could not ask Twilio whether the text to {PhoneMask.Mask(to)} was already sent: {Scrub(ex.Message, to, PhoneMask.Mask(to))}", ex);
            }
            finally
            {
                TwilioCallState.End();
            }
        }

        return null;
    }

    private static string Comparable(string body) =>
        string.Concat(body.Where(char.IsAsciiLetterOrDigit));

    /// <summary>
    /// Delay before the attempt after <paramref name="failedAttempt"/>: InitialBackoff × 2^(n-1) capped at MaxBackoff, with
    /// "equal jitter" (a uniform pick in [half, full]); never shorter than a 429's Retry-After, itself capped at MaxRetryAfter.
    /// </summary>
    internal static TimeSpan Backoff(int failedAttempt, TimeSpan? retryAfter, TwilioOptions options, double jitter01)
    {
        var exponent = Math.Min(Math.Max(failedAttempt - 1, 0), 30);
        var ceiling = Math.Min(options.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), options.MaxBackoff.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + ceiling / 2 * Math.Clamp(jitter01, 0, 1));
        if (retryAfter is TimeSpan ra)
        {
            var honoured = ra < options.MaxRetryAfter ? ra : options.MaxRetryAfter;
            return honoured > jittered ? honoured : jittered;
        }

        return jittered;
    }

    /// <summary>
    /// Every attempt taking its whole <see cref="TwilioOptions.RequestTimeout"/>, and before each one after the first the
    /// longest backoff (or capped Retry-After) plus a lookup (<see cref="FindAcceptedAsync"/>: its reads, each up to the timeout).
    /// </summary>
    internal static TimeSpan MaxSendDurationFor(TwilioOptions options)
    {
        var attempts = Math.Max(1, options.MaxAttempts);
        var total = options.RequestTimeout * attempts;
        for (var failed = 1; failed < attempts; failed++)
        {
            total += Backoff(failed, options.MaxRetryAfter, options, jitter01: 1) + options.RequestTimeout * LookupReads;
        }

        return total;
    }

    /// <summary>Null (rethrow) when the status says the call did not fail at HTTP level (e.g. an unreadable 201).</summary>
    internal static Failure? Classify(int status, int code, string? message, Exception ex)
    {
        int? errorCode = code == 0 ? null : code;
        if (status >= 400)
        {
            // Non-JSON answers (a proxy's HTML page) end up whole in the SDK's message: keep it short.
            var text = message ?? "";
            text = text.Length <= MaxErrorText ? text : string.Concat(text.AsSpan(0, MaxErrorText), "…");
            return new Failure(TwilioCallState.IsTransientStatus(status), status, errorCode, text, ex);
        }

        return null;
    }

    internal static string Scrub(string text, string phone, string masked)
    {
        var p = phone.Trim();
        return p.Length == 0 ? text : text.Replace(p, masked, StringComparison.Ordinal);
    }

    /// <summary>True when no connection to Twilio was made (refused, DNS, TLS): the request cannot have reached it.</summary>
    internal static bool NeverConnected(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    internal static string Describe(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return "timed out";
            }
        }

        return ex.InnerException?.Message ?? ex.Message;
    }

    internal sealed record Failure(bool Transient, int? HttpStatus, int? ErrorCode, string Message, Exception Exception);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Texted {To} via Twilio: sid {Sid} after {Attempts} attempt(s), {Length} chars (key {IdempotencyKey})")]
    private partial void LogSent(string to, string? sid, int attempts, int length, string idempotencyKey);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Twilio refused the text to {To}: HTTP {Status}, code {ErrorCode}: {Error} (key {IdempotencyKey}); not retrying")]
    private partial void LogRejected(string to, int? status, int? errorCode, string error, string idempotencyKey);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Twilio refused our credentials sending to {To}: HTTP {Status}, code {ErrorCode}: {Error} (key {IdempotencyKey}); check Twilio:AccountSid and Twilio:AuthToken")]
    private partial void LogCredentialsRejected(string to, int? status, int? errorCode, string error, string idempotencyKey);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Twilio send to {To} failed on attempt {Attempt}/{MaxAttempts}: HTTP {Status}, code {ErrorCode}: {Error}; retrying in {Delay} (key {IdempotencyKey})")]
    private partial void LogRetrying(string to, int attempt, int maxAttempts, int? status, int? errorCode, string error, TimeSpan delay, string idempotencyKey);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Twilio already has the text to {To} whose answer never came back: sid {Sid}; not sending it again (key {IdempotencyKey})")]
    private partial void LogFoundAccepted(string to, string sid, string idempotencyKey);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Twilio send to {To} failed after {Attempts} attempt(s): HTTP {Status}, code {ErrorCode}: {Error}; leaving it to the caller's retry policy (key {IdempotencyKey})")]
    private partial void LogGaveUp(string to, int attempts, int? status, int? errorCode, string error, string idempotencyKey);
}
