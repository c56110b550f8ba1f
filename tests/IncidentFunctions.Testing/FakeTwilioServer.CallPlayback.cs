using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace IncidentFunctions.Testing;

/// <summary>
/// How the fake plays an accepted call, in the background: "initiated", "ringing" (for the callee's
/// <see cref="CalleeBehaviour.RingFor"/>, or until released when held), then busy / no-answer / failed, or answered:
/// the call's TwiML is fetched (signed, as Twilio does) and played verb by verb (<see cref="FakeTwiml"/>), following
/// Gather actions and Redirects, until a document ends or hangs up. Then the final status callback.
/// Twilio's behaviours kept: a Gather action defaults to the current document's URL and relative URLs resolve against
/// it; a Gather without input falls through to the next verb (or posts an empty result with actionOnEmptyResult); a
/// webhook that fails or answers something other than TwiML makes the callee hear <see cref="ApplicationErrorSpeech"/>
/// and ends the call ("completed"). Nothing takes real time except what the callee is programmed to take.
/// </summary>
public sealed partial class FakeTwilioServer
{
    /// <summary>A call that needs more TwiML documents than this is ended as failed (a Redirect loop, most likely).</summary>
    public const int MaxTwimlDocuments = 50;

    /// <summary>What the callee hears (recorded in <see cref="FakeTwilioCall.Spoken"/>) when the app's webhook fails.</summary>
    public const string ApplicationErrorSpeech = "An application error has occurred.";

    /// <summary>A &lt;Say loop="0"&gt; plays this often before the callee, tired of it, hangs up.</summary>
    public const int EndlessLoopPlays = 3;

    // Real Gather action requests carry this undocumented field too (see the shared fixture gather-action-digits.form).
    private static readonly KeyValuePair<string, string> GatherEnd = new("msg", "Gather End");

    private readonly List<Task> _playing = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _webhookClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private bool _callsStopped;
    private TaskCompletionSource _heldRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long the fake waits for the app to answer a webhook (Twilio waits 15 s for voice webhooks).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Lets every call held by <see cref="CalleeBehaviour.HeldUntilReleased"/> go on from ringing.</summary>
    public void ReleaseHeldCalls()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            released = _heldRelease;
            _heldRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }

    private void StartPlaying(LiveCall call)
    {
        lock (_gate)
        {
            if (_callsStopped)
            {
                return;
            }

            _playing.RemoveAll(t => t.IsCompleted);
            _playing.Add(Task.Run(() => PlayAsync(call)));
        }
    }

    private async Task StopCallsAsync()
    {
        Task[] playing;
        lock (_gate)
        {
            _callsStopped = true;
            playing = _playing.ToArray();
            _callWaiters.CancelAll();
        }

        // Outside the lock: cancellation runs the calls' continuations, which take it.
        await _stopping.CancelAsync().ConfigureAwait(false);

        await Task.WhenAll(playing).ConfigureAwait(false);
        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Never throws: whatever goes wrong ends up on the call (so a test sees it) and the call finishes.</summary>
    private async Task PlayAsync(LiveCall call)
    {
        try
        {
            await RingAndAnswerAsync(call).ConfigureAwait(false);
            string final;
            lock (_gate)
            {
                final = call.Status;
            }

            await SendStatusCallbackAsync(call, "completed", final).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The fake is being disposed: no more webhooks; the call stays as it was.
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                call.ErrorMessage = "FakeTwilioServer failed playing the call: " + e;
                if (!FakeTwilioCall.FinalStatuses.Contains(call.Status))
                {
                    call.Status = "failed";
                }
            }
        }
        finally
        {
            Finish(call);
        }
    }

    private async Task RingAndAnswerAsync(LiveCall call)
    {
        var behaviour = call.Behaviour;
        await SendStatusCallbackAsync(call, "initiated", "initiated").ConfigureAwait(false);
        Task release;
        lock (_gate)
        {
            if (call.HangupStatus is null)
            {
                call.Status = "ringing";
                call.StartTime = _time.GetUtcNow();
            }

            // Taken with the status, so that a test which saw "ringing" and then released cannot miss this call.
            release = _heldRelease.Task;
        }

        await SendStatusCallbackAsync(call, "ringing", "ringing").ConfigureAwait(false);
        using var ringing = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, call.Hangup.Token);
        try
        {
            if (behaviour.RingFor > TimeSpan.Zero)
            {
                await Task.Delay(behaviour.RingFor, _time, ringing.Token).ConfigureAwait(false);
            }

            if (behaviour.IsHeld)
            {
                await release.WaitAsync(ringing.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (call.Hangup.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            End(call, "canceled");
            return;
        }

        // Twilio gives up ringing after the call's Timeout (60 s by default): a callee slower than that never answers.
        var ringTimeout = TimeSpan.FromSeconds(call.Timeout ?? 60);
        var outcome = behaviour.Outcome == CalleeOutcome.Answers && behaviour.RingFor > ringTimeout ? CalleeOutcome.NoAnswer : behaviour.Outcome;
        if (call.Hangup.IsCancellationRequested || outcome != CalleeOutcome.Answers)
        {
            End(call, outcome switch
            {
                CalleeOutcome.Busy => "busy",
                CalleeOutcome.NoAnswer => "no-answer",
                CalleeOutcome.Failed => "failed",
                _ => "canceled",
            });
            return;
        }

        lock (_gate)
        {
            if (call.HangupStatus is null)
            {
                call.Status = "in-progress";
                call.AnsweredAt = _time.GetUtcNow();
                call.AnsweredBy = call.MachineDetection is null
                    ? null
                    : behaviour.AnsweredByOverride ?? (!behaviour.IsMachine ? "human" : call.MachineDetection == "DetectMessageEnd" ? "machine_end_beep" : "machine_start");
            }
        }

        if (call.Hangup.IsCancellationRequested)
        {
            // The app hung up just as the callee picked up.
            End(call, "canceled");
            return;
        }

        await SendStatusCallbackAsync(call, "answered", "in-progress").ConfigureAwait(false);
        var failed = !await RunTwimlAsync(call).ConfigureAwait(false);
        End(call, failed ? "failed" : "completed");
    }

    /// <summary>Plays the call's documents in turn; false when it had to stop the call as failed (too many documents).</summary>
    private async Task<bool> RunTwimlAsync(LiveCall call)
    {
        // With both, Twilio fetches Url and ignores Twiml.
        Next? next = call.Url is not null ? new Next(FakeTwilioWebhookKind.Voice, call.Url, call.Method, []) : null;
        string? documentUrl = null;
        var xml = call.Twiml ?? "";
        for (var documents = 1; ; documents++)
        {
            if (documents > MaxTwimlDocuments)
            {
                lock (_gate)
                {
                    call.ErrorMessage ??= $"More than {MaxTwimlDocuments} TwiML documents in one call (FakeTwilioServer's loop guard).";
                }

                return false;
            }

            if (next is not null)
            {
                var answer = await SendWebhookAsync(call, next.Kind, next.Url, next.Method, next.Extra).ConfigureAwait(false);
                documentUrl = next.Url;
                if (TwimlProblem(answer) is { } problem)
                {
                    ApplicationError(call, problem.Code, problem.Message);
                    return true;
                }

                xml = answer.Body;
            }

            IReadOnlyList<TwimlVerb> verbs;
            try
            {
                verbs = FakeTwiml.Parse(xml);
            }
            catch (FormatException e)
            {
                ApplicationError(call, 12100, e.Message);
                return true;
            }

            try
            {
                next = Play(call, verbs, documentUrl);
            }
            catch (FormatException e)
            {
                ApplicationError(call, 11100, e.Message);
                return true;
            }

            if (next is null || call.Hangup.IsCancellationRequested)
            {
                return true;
            }
        }
    }

    /// <summary>Plays one document's verbs; the request to make next (Gather action, Redirect), or null when the call is over.</summary>
    private Next? Play(LiveCall call, IReadOnlyList<TwimlVerb> verbs, string? documentUrl)
    {
        foreach (var verb in verbs)
        {
            if (call.Hangup.IsCancellationRequested)
            {
                return null;
            }

            switch (verb)
            {
                case TwimlSay say:
                    if (!Speak(call, say))
                    {
                        return null;
                    }

                    break;
                case TwimlGather gather:
                    var (digits, finishedOnKey) = Entered(NextDigits(call, gather), gather);
                    foreach (var nested in gather.Nested)
                    {
                        if (nested is TwimlSay prompt && !Speak(call, prompt, interruptible: digits.Length > 0))
                        {
                            return null;
                        }

                        if (nested is TwimlOther other)
                        {
                            Skip(call, [other]);
                        }
                    }

                    if (digits.Length > 0)
                    {
                        lock (_gate)
                        {
                            call.Pressed.Add(digits);
                        }

                        return new Next(FakeTwilioWebhookKind.Gather, Resolve(documentUrl, gather.Action), gather.Method,
                            [new("Digits", digits), new("FinishedOnKey", finishedOnKey), GatherEnd]);
                    }

                    if (gather.ActionOnEmptyResult)
                    {
                        return new Next(FakeTwilioWebhookKind.Gather, Resolve(documentUrl, gather.Action), gather.Method,
                            [new("Digits", ""), new("FinishedOnKey", ""), GatherEnd]);
                    }

                    break;
                case TwimlRedirect redirect:
                    return new Next(FakeTwilioWebhookKind.Redirect, Resolve(documentUrl, redirect.Url), redirect.Method, []);
                case TwimlHangup or TwimlReject:
                    return null;
                case TwimlOther other:
                    Skip(call, [other]);
                    break;
                default:
                    // Pause and Play: nothing the fake's callee reacts to.
                    break;
            }
        }

        return null;
    }

    /// <summary>Records what the callee hears; false when an endless loop made the callee hang up.</summary>
    private bool Speak(LiveCall call, TwimlSay say, bool interruptible = false)
    {
        // A key pressed during a Gather's prompt stops it: the callee hears it once and answers.
        var plays = say.Loop == 0 ? (interruptible ? 1 : EndlessLoopPlays) : say.Loop;
        lock (_gate)
        {
            for (var i = 0; i < plays; i++)
            {
                call.Spoken.Add(say.Text);
            }
        }

        return say.Loop != 0 || interruptible;
    }

    private void Skip(LiveCall call, IEnumerable<TwimlOther> verbs)
    {
        lock (_gate)
        {
            call.Skipped.AddRange(verbs.Select(v => v.Name));
        }
    }

    /// <summary>
    /// The keys the callee presses at this Gather ("" is silence). Every Gather uses up one entry of the callee's list, even
    /// one that listens for speech only; machines never press.
    /// </summary>
    private static string NextDigits(LiveCall call, TwimlGather gather)
    {
        var index = call.GatherIndex++;
        var digits = call.Behaviour.Digits;
        return call.Behaviour.IsMachine || !gather.AcceptsDigits || index >= digits.Count ? "" : digits[index];
    }

    /// <summary>
    /// Digits and FinishedOnKey as Twilio reports them: up to finishOnKey (excluded) or numDigits, whichever comes first.
    /// Only the finish key pressed counts as no input.
    /// </summary>
    private static (string Digits, string FinishedOnKey) Entered(string pressed, TwimlGather gather)
    {
        for (var i = 0; i < pressed.Length; i++)
        {
            if (gather.FinishOnKey.Length > 0 && gather.FinishOnKey.Contains(pressed[i], StringComparison.Ordinal))
            {
                return (pressed[..i], pressed[i].ToString());
            }

            if (gather.NumDigits is int n && i + 1 == n)
            {
                return (pressed[..n], "");
            }
        }

        return (pressed, "");
    }

    /// <summary>A Gather action or Redirect URL: absolute as given, relative against the current document; no action means the document itself.</summary>
    private static string Resolve(string? documentUrl, string? target)
    {
        if (target is null)
        {
            return documentUrl ?? throw new FormatException("A <Gather> without action in inline Twiml has no document URL to post to.");
        }

        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return target;
        }

        return documentUrl is not null && Uri.TryCreate(new Uri(documentUrl), target, out var resolved)
            ? resolved.AbsoluteUri
            : throw new FormatException($"'{target}' is not a URL the fake can request (relative to {documentUrl ?? "inline Twiml"}).");
    }

    private static (int Code, string Message)? TwimlProblem(FakeTwilioWebhook answer)
    {
        if (answer.StatusCode == 0)
        {
            return (11205, $"HTTP connection failure: {answer.Error}");
        }

        if (answer.StatusCode is < 200 or > 299)
        {
            return (11200, $"HTTP retrieval failure: {answer.Url} answered {answer.StatusCode}");
        }

        var mediaType = answer.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType is "text/xml" or "application/xml"
            ? null
            : (12300, $"Invalid Content-Type: {answer.ContentType ?? "(none)"} (TwiML must be text/xml or application/xml)");
    }

    private void ApplicationError(LiveCall call, int code, string message)
    {
        lock (_gate)
        {
            call.Spoken.Add(ApplicationErrorSpeech);
            call.ErrorCode ??= code;
            call.ErrorMessage ??= message;
        }
    }

    private void End(LiveCall call, string status)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            // A hang-up the app asked for decided the status already (canceled before an answer, completed after).
            call.Status = call.HangupStatus ?? status;
            call.EndTime = now;
            // Twilio bills whole seconds and rounds up: an answered call lasts at least one.
            call.Duration = call.Status == "completed" && call.AnsweredAt is { } answered
                ? Math.Max(1, (int)Math.Ceiling((now - answered).TotalSeconds))
                : 0;
        }
    }

    /// <summary>Asks a live call to end; false when it has already finished (or ended) and there is nothing to hang up.</summary>
    private bool RequestHangup(LiveCall call, string requested)
    {
        lock (_gate)
        {
            if (call.EndTime is not null || call.IsFinished)
            {
                return false;
            }

            var answered = call.AnsweredAt is not null;
            if (call.HangupStatus is not null || (answered && requested == "canceled"))
            {
                // Already hanging up; or a cancel of an answered call, which Twilio ignores: the call goes on.
                return true;
            }

            call.HangupStatus = answered ? "completed" : "canceled";
            call.Status = call.HangupStatus;
        }

        call.Hangup.Cancel();
        return true;
    }

    private void Finish(LiveCall call)
    {
        lock (_gate)
        {
            call.IsFinished = true;
            _callWaiters.Arrived(call.Snapshot());
        }
    }

    /// <summary>
    /// The status callback for <paramref name="progressEvent"/>, when the call has a StatusCallback and asked for that event
    /// (the final one, "completed", is always sent): the base parameters plus CallbackSource, Timestamp, SequenceNumber and,
    /// at the end, CallDuration, Duration (minutes) and SipResponseCode (busy, no-answer, canceled).
    /// </summary>
    private async Task SendStatusCallbackAsync(LiveCall call, string progressEvent, string callStatus)
    {
        if (call.StatusCallback is null || (progressEvent != "completed" && !call.StatusCallbackEvents.Contains(progressEvent)))
        {
            return;
        }

        List<KeyValuePair<string, string>> extra;
        lock (_gate)
        {
            extra =
            [
                new("CallbackSource", "call-progress-events"),
                new("Timestamp", Rfc2822(_time.GetUtcNow())),
                new("SequenceNumber", (call.SequenceNumber++).ToString(CultureInfo.InvariantCulture)),
            ];
            if (progressEvent == "completed")
            {
                var seconds = call.Duration ?? 0;
                extra.Add(new("CallDuration", seconds.ToString(CultureInfo.InvariantCulture)));
                extra.Add(new("Duration", ((seconds + 59) / 60).ToString(CultureInfo.InvariantCulture)));
                if (callStatus switch { "busy" => "486", "no-answer" or "canceled" => "487", _ => null } is { } sip)
                {
                    extra.Add(new("SipResponseCode", sip));
                }
            }
        }

        await SendWebhookAsync(call, FakeTwilioWebhookKind.StatusCallback, call.StatusCallback, call.StatusCallbackMethod, extra, callStatus).ConfigureAwait(false);
    }

    /// <summary>
    /// One signed webhook, recorded on the call. POST sends the parameters as a form and signs URL + sorted parameters;
    /// GET appends them to the URL's query and signs that URL alone (Twilio's scheme for both).
    /// </summary>
    private async Task<FakeTwilioWebhook> SendWebhookAsync(
        LiveCall call, FakeTwilioWebhookKind kind, string url, string method, IReadOnlyList<KeyValuePair<string, string>> extra, string? callStatus = null)
    {
        List<KeyValuePair<string, string>> parameters;
        lock (_gate)
        {
            parameters =
            [
                new("AccountSid", AccountSid),
                new("ApiVersion", "2010-04-01"),
                new("CallSid", call.Sid),
                new("CallStatus", callStatus ?? call.Status),
                new("Called", call.To),
                new("Caller", call.From),
                new("Direction", "outbound-api"),
                new("From", call.From),
                new("To", call.To),
            ];
            if (call.AnsweredBy is { } answeredBy)
            {
                parameters.Add(new("AnsweredBy", answeredBy));
            }
        }

        parameters.AddRange(extra);
        var isGet = method == "GET";
        var target = isGet
            ? url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)))
            : url;
        var signature = TwilioSignature.Compute(target, isGet ? [] : parameters, AuthToken);
        var sentAt = _time.GetUtcNow();
        FakeTwilioWebhook record;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            timeout.CancelAfter(WebhookTimeout);
            try
            {
                using var request = new HttpRequestMessage(isGet ? HttpMethod.Get : HttpMethod.Post, target);
                if (!isGet)
                {
                    request.Content = new FormUrlEncodedContent(parameters);
                }

                request.Headers.TryAddWithoutValidation(TwilioSignature.Header, signature);
                request.Headers.UserAgent.Add(new ProductInfoHeaderValue("TwilioProxy", "1.1"));
                request.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
                using var response = await _webhookClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                record = new FakeTwilioWebhook(kind, method, target, parameters, signature, sentAt, (int)response.StatusCode,
                    response.Content.Headers.ContentType?.ToString(), body, null);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                record = new FakeTwilioWebhook(kind, method, target, parameters, signature, sentAt, 0, null, "", $"No answer within {WebhookTimeout}.");
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or UriFormatException)
            {
                record = new FakeTwilioWebhook(kind, method, target, parameters, signature, sentAt, 0, null, "", e.Message);
            }
        }

        lock (_gate)
        {
            call.Requests.Add(record);
        }

        return record;
    }

    private sealed record Next(FakeTwilioWebhookKind Kind, string Url, string Method, IReadOnlyList<KeyValuePair<string, string>> Extra);

    /// <summary>A call's mutable state while it plays; read and written under the server's lock except where noted.</summary>
    private sealed class LiveCall(
        string sid, string to, string from, string? url, string method, string? twiml, string? statusCallback, string statusCallbackMethod,
        IReadOnlyList<string> statusCallbackEvents, string? machineDetection, int? timeout, IReadOnlyDictionary<string, string> form,
        DateTimeOffset createdAt, CalleeBehaviour behaviour)
    {
        public string Sid { get; } = sid;

        public string To { get; } = to;

        public string From { get; } = from;

        public string? Url { get; } = url;

        public string Method { get; } = method;

        public string? Twiml { get; } = twiml;

        public string? StatusCallback { get; } = statusCallback;

        public string StatusCallbackMethod { get; } = statusCallbackMethod;

        public IReadOnlyList<string> StatusCallbackEvents { get; } = statusCallbackEvents;

        public string? MachineDetection { get; } = machineDetection;

        public int? Timeout { get; } = timeout;

        public IReadOnlyDictionary<string, string> Form { get; } = form;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public CalleeBehaviour Behaviour { get; } = behaviour;

        /// <summary>Cancelled when the app hangs up (POST …/Calls/{Sid}.json); <see cref="HangupStatus"/> is set first.</summary>
        public CancellationTokenSource Hangup { get; } = new();

        public string? HangupStatus { get; set; }

        public string Status { get; set; } = "queued";

        public string? AnsweredBy { get; set; }

        public DateTimeOffset? StartTime { get; set; }

        public DateTimeOffset? AnsweredAt { get; set; }

        public DateTimeOffset? EndTime { get; set; }

        public int? Duration { get; set; }

        public List<string> Spoken { get; } = [];

        public List<string> Pressed { get; } = [];

        public List<string> Skipped { get; } = [];

        public List<FakeTwilioWebhook> Requests { get; } = [];

        public int? ErrorCode { get; set; }

        public string? ErrorMessage { get; set; }

        public bool IsFinished { get; set; }

        public int SequenceNumber { get; set; }

        /// <summary>Which Gather comes next (only the playing task uses it).</summary>
        public int GatherIndex { get; set; }

        public FakeTwilioCall Snapshot() => new(
            Sid, To, From, Url, Method, Twiml, StatusCallback, StatusCallbackMethod, StatusCallbackEvents, MachineDetection, Timeout, Form,
            CreatedAt, Status, AnsweredBy, StartTime, AnsweredAt, EndTime, Duration, Spoken.ToArray(), Pressed.ToArray(), Skipped.ToArray(),
            Requests.ToArray(), ErrorCode, ErrorMessage, IsFinished);
    }
}
