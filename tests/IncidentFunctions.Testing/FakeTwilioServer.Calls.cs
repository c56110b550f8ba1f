using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Testing;

/// <summary>
/// The fake's Programmable Voice Calls API: POST …/Calls.json creates a call (checked with Twilio's error codes: 21201 no
/// To, 21213 no From, 21217 To not a phone number, 21212 From not a phone number, 21205 no or bad Url, 21609 bad
/// StatusCallback, 21200 for any other bad parameter), answered 201 with a Call resource like Twilio's ("CA"+32 hex,
/// status "queued", direction "outbound-api", RFC 2822 dates, numbers as strings); GET …/Calls/{Sid}.json fetches it as
/// it now stands; GET …/Calls.json lists calls (To, From, Status, StartTime, StartTime&gt;, StartTime&lt;, newest first, one
/// page); POST …/Calls/{Sid}.json with Status=canceled|completed hangs up. After the 201 the fake plays the call in the
/// background (FakeTwilioServer.CallPlayback.cs) as the callee programmed for the number does (<see cref="ProgramCallee"/>).
/// Faults: <see cref="FailFor"/> (the whole API), <see cref="FailNextCalls"/>, <see cref="RejectNumber"/>.
/// </summary>
public sealed partial class FakeTwilioServer
{
    private static readonly string[] ProgressEvents = ["initiated", "ringing", "answered", "completed"];

    private readonly List<FakeTwilioCallAttempt?> _callAttempts = [];
    private readonly List<LiveCall> _calls = [];
    private readonly Dictionary<string, CalleeBehaviour> _callees = new(StringComparer.Ordinal);
    private readonly Waiters<FakeTwilioCall> _callWaiters;
    private readonly Queue<Fault> _callFaults = new();
    private readonly Dictionary<string, int> _callRejections = new(StringComparer.Ordinal);

    /// <summary>
    /// Raised once per POST to the Calls endpoint, accepted or not, after it is recorded and before it is answered; its
    /// <see cref="FakeTwilioCallAttempt.ReceivedAt"/> is when it arrived. For measuring (alert-to-call latency). Handlers
    /// run on the request's thread: keep them short and never throw.
    /// </summary>
    public event Action<FakeTwilioCallAttempt>? CallReceived;

    /// <summary>What a number whose callee was never programmed does; by default a human answers and stays silent.</summary>
    public CalleeBehaviour DefaultCallee { get; set; } = CalleeBehaviour.Silence;

    /// <summary>Calls the fake accepted, in arrival order, each as it stands now (see <see cref="FakeTwilioCall.IsFinished"/>).</summary>
    public IReadOnlyList<FakeTwilioCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.Select(c => c.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>Every POST to the Calls endpoint, accepted or not, in arrival order (one still being decided is left out).</summary>
    public IReadOnlyList<FakeTwilioCallAttempt> CallAttempts
    {
        get
        {
            lock (_gate)
            {
                return _callAttempts.OfType<FakeTwilioCallAttempt>().ToArray();
            }
        }
    }

    /// <summary>Later calls to <paramref name="number"/> (E.164, as the app sends To) behave as <paramref name="behaviour"/>; a call in progress keeps the behaviour it started with.</summary>
    public void ProgramCallee(string number, CalleeBehaviour behaviour)
    {
        ArgumentException.ThrowIfNullOrEmpty(number);
        ArgumentNullException.ThrowIfNull(behaviour);
        lock (_gate)
        {
            _callees[number] = behaviour;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> call creations get HTTP <paramref name="httpStatus"/> (Twilio's JSON envelope with
    /// <paramref name="twilioCode"/>, else an HTML page), with <paramref name="retryAfter"/> if given: <see cref="FailNext"/>
    /// for calls, kept apart so a text and a call sent at once do not race for the same fault.
    /// </summary>
    public void FailNextCalls(int count, int httpStatus, int? twilioCode = null, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _callFaults.Enqueue(new Fault(httpStatus, twilioCode, retryAfter));
            }
        }
    }

    /// <summary>
    /// Completes with the first call matching <paramref name="match"/> once it has finished playing (final status, status
    /// callback delivered), whether it finished already or does later; throws <see cref="TimeoutException"/> listing every
    /// call and refused creation when none does within <paramref name="timeout"/>.
    /// </summary>
    public Task<FakeTwilioCall> WaitForCallAsync(Func<FakeTwilioCall, bool> match, TimeSpan timeout)
    {
        return _callWaiters.WaitAsync(match, m => _calls.Where(c => c.IsFinished).Select(c => c.Snapshot()).FirstOrDefault(m), timeout, () =>
        {
            var seen = Calls.Select(c => "  " + c).Concat(CallAttempts.Where(a => a.StatusCode != 201).Select(a => "  refused: " + a)).ToArray();
            var list = seen.Length == 0 ? "  (nothing)" : string.Join(Environment.NewLine, seen);
            return $"No matching call finished on the fake Twilio within {timeout}. Calls and creations that did arrive:{Environment.NewLine}{list}";
        });
    }

    private void MapCalls(WebApplication app)
    {
        const string calls = "/2010-04-01/Accounts/{accountSid}/Calls";
        app.MapPost(calls + ".json", (HttpContext context, string accountSid) => HandleCreateCallAsync(context, accountSid));
        app.MapGet(calls + ".json", (HttpContext context, string accountSid) => HandleListCallsAsync(context, accountSid));
        app.MapGet(calls + "/{callSid}.json", (HttpContext context, string accountSid, string callSid) => HandleFetchCallAsync(context, accountSid, callSid));
        app.MapPost(calls + "/{callSid}.json", (HttpContext context, string accountSid, string callSid) => HandleUpdateCallAsync(context, accountSid, callSid));
    }

    private async Task HandleCreateCallAsync(HttpContext context, string pathAccountSid)
    {
        var receivedAt = _time.GetUtcNow();
        var formCollection = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : null;
        var form = formCollection?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        int slot;
        lock (_gate)
        {
            slot = _callAttempts.Count;
            _callAttempts.Add(null);
        }

        var (status, code, message, retryAfter, call) = DecideCall(context, pathAccountSid, form, formCollection, receivedAt);
        var attempt = new FakeTwilioCallAttempt(form.GetValueOrDefault("To") ?? "", Field(form, "From"), Field(form, "Url"), call?.Sid,
            receivedAt, status, code, pathAccountSid, form);
        lock (_gate)
        {
            _callAttempts[slot] = attempt;
            if (call is not null)
            {
                _calls.Add(call);
            }
        }

        CallReceived?.Invoke(attempt);
        if (call is null)
        {
            await (code is int c
                ? WriteErrorAsync(context, status, c, message, retryAfter)
                : WriteHtmlErrorAsync(context, status, retryAfter)).ConfigureAwait(false);
            return;
        }

        try
        {
            await WriteCallAsync(context, 201, call.Snapshot()).ConfigureAwait(false);
            await context.Response.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            // Dialled once the answer is on its way (Twilio places the call even when the client went away meanwhile).
            StartPlaying(call);
        }
    }

    private (int Status, int? Code, string Message, TimeSpan? RetryAfter, LiveCall? Call) DecideCall(
        HttpContext context, string pathAccountSid, Dictionary<string, string> form, IFormCollection? formCollection, DateTimeOffset receivedAt)
    {
        var to = Field(form, "To");
        Fault? fault = CurrentOutage();
        int? rejection = null;
        CalleeBehaviour behaviour;
        lock (_gate)
        {
            if (fault is null && _callFaults.Count > 0)
            {
                fault = _callFaults.Dequeue();
            }
            else if (fault is null && to is not null && _callRejections.TryGetValue(to, out var r))
            {
                rejection = r;
            }

            behaviour = to is not null && _callees.TryGetValue(to, out var programmed) ? programmed : DefaultCallee;
        }

        if (fault is { } f)
        {
            return (f.HttpStatus, f.TwilioCode, FaultText(f), f.RetryAfter, null);
        }

        if (Unauthorized(context, pathAccountSid) is { } refused)
        {
            return (refused.Status, refused.Code, refused.Message, null, null);
        }

        var from = Field(form, "From");
        var url = Field(form, "Url");
        var twiml = Field(form, "Twiml");
        var statusCallback = Field(form, "StatusCallback");
        var machineDetection = Field(form, "MachineDetection");
        var events = (formCollection?["StatusCallbackEvent"] ?? default).SelectMany(v => (v ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Refusal? refusal = (to, from) switch
        {
            (null, _) => new(21201, "No 'To' number is specified"),
            (_, null) => new(21213, "No 'From' number is specified"),
            _ when !E164.IsMatch(to) => new(21217, $"The phone number you are attempting to call, {to}, is not valid."),
            _ when !E164.IsMatch(from) => new(21212, $"The source phone number provided, {from}, is not a valid phone number."),
            _ when url is null && twiml is null => new(21205, "Url parameter is required. For more information, see http://www.twilio.com/docs/api/twiml"),
            _ when url is not null && !IsAbsoluteHttpUrl(url) => new(21205, $"Url is not a valid URL: {url}"),
            _ when statusCallback is not null && !IsAbsoluteHttpUrl(statusCallback) => new(21609, $"StatusCallback is not a valid URL: {statusCallback}"),
            _ when !IsMethod(Field(form, "Method")) => new(21200, $"Method is not valid: {Field(form, "Method")}. Use GET or POST."),
            _ when !IsMethod(Field(form, "StatusCallbackMethod")) => new(21200, $"StatusCallbackMethod is not valid: {Field(form, "StatusCallbackMethod")}. Use GET or POST."),
            _ when machineDetection is not null and not ("Enable" or "DetectMessageEnd") => new(21200, $"MachineDetection is not valid: {machineDetection}. Use Enable or DetectMessageEnd."),
            _ when events.FirstOrDefault(e => !ProgressEvents.Contains(e, StringComparer.OrdinalIgnoreCase)) is { } bad => new(21200, $"StatusCallbackEvent is not valid: {bad}."),
            _ when Field(form, "Timeout") is { } t && !int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out _) => new(21200, $"Timeout is not a whole number of seconds: {t}"),
            _ => null,
        };
        if (refusal is not null)
        {
            return (400, refusal.Code, refusal.Message, null, null);
        }

        if (rejection is int rejected)
        {
            return (400, rejected, CallRejectionMessage(rejected, to!), null, null);
        }

        var timeout = Field(form, "Timeout") is { } seconds ? int.Parse(seconds, NumberStyles.None, CultureInfo.InvariantCulture) : (int?)null;
        var call = new LiveCall(
            "CA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), to!, from!, url, Method(form, "Method"), twiml, statusCallback,
            Method(form, "StatusCallbackMethod"), events.Select(e => e.ToLowerInvariant()).Distinct().ToArray(), machineDetection, timeout,
            form, receivedAt, behaviour);
        return (201, null, "", null, call);
    }

    private static bool IsAbsoluteHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static bool IsMethod(string? method) => method is null || method.ToUpperInvariant() is "GET" or "POST";

    private static string Method(Dictionary<string, string> form, string name) => Field(form, name)?.ToUpperInvariant() ?? "POST";

    private static string CallRejectionMessage(int code, string to) => code switch
    {
        13224 => "Twilio does not support calling this number or the number is invalid",
        21211 => $"The 'To' number {to} is not a valid phone number.",
        21214 => $"'To' phone number cannot be reached",
        21215 => $"Account not authorized to call {to}. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/low-risk",
        21216 => $"Account not allowed to call {to}",
        21217 => $"The phone number you are attempting to call, {to}, is not valid.",
        _ => $"Rejected by FakeTwilioServer (code {code})",
    };

    private async Task HandleFetchCallAsync(HttpContext context, string pathAccountSid, string callSid)
    {
        if (await RefuseReadAsync(context, pathAccountSid).ConfigureAwait(false))
        {
            return;
        }

        FakeTwilioCall? call;
        lock (_gate)
        {
            call = _calls.FirstOrDefault(c => c.Sid == callSid)?.Snapshot();
        }

        await (call is null
            ? WriteErrorAsync(context, 404, 20404, $"The requested resource {context.Request.Path} was not found", null)
            : WriteCallAsync(context, 200, call)).ConfigureAwait(false);
    }

    /// <summary>GET …/Calls.json: the accepted calls matching Twilio's documented filters, newest first (StartTime is when dialling began, else creation).</summary>
    private async Task HandleListCallsAsync(HttpContext context, string pathAccountSid)
    {
        if (await RefuseReadAsync(context, pathAccountSid).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        var to = query["To"].ToString();
        var from = query["From"].ToString();
        var status = query["Status"].ToString();
        var pageSize = int.TryParse(query["PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 1000) : 50;
        var onOrAfter = SentBound(query["StartTime>"]);
        var onOrBefore = SentBound(query["StartTime<"], endOfDay: true);
        var on = SentBound(query["StartTime"]);
        IReadOnlyList<FakeTwilioCall> matching;
        lock (_gate)
        {
            matching = _calls
                .Select(c => c.Snapshot())
                .Where(c => to.Length == 0 || c.To == to)
                .Where(c => from.Length == 0 || c.From == from)
                .Where(c => status.Length == 0 || c.Status == status)
                .Where(c => onOrAfter is not { } a || (c.StartTime ?? c.CreatedAt) >= a)
                .Where(c => onOrBefore is not { } b || (c.StartTime ?? c.CreatedAt) <= b)
                .Where(c => on is not { } d || (c.StartTime ?? c.CreatedAt).UtcDateTime.Date == d.UtcDateTime.Date)
                .OrderByDescending(c => c.CreatedAt)
                .Take(pageSize)
                .ToArray();
        }

        var uri = $"/2010-04-01/Accounts/{AccountSid}/Calls.json{context.Request.QueryString}";
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["calls"] = matching.Select(CallJson).ToArray(),
            ["end"] = Math.Max(0, matching.Count - 1),
            ["first_page_uri"] = uri,
            ["next_page_uri"] = null,
            ["page"] = 0,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = null,
            ["start"] = 0,
            ["uri"] = uri,
        });
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json).ConfigureAwait(false);
    }

    /// <summary>
    /// POST …/Calls/{Sid}.json with Status: "canceled" ends a queued or ringing call (an answered one goes on, as with
    /// Twilio); "completed" ends it in any state (canceled if not yet answered). A finished call answers 21220. Redirecting
    /// a live call (Url, Twiml) is not supported by the fake (21200).
    /// </summary>
    private async Task HandleUpdateCallAsync(HttpContext context, string pathAccountSid, string callSid)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        if (await RefuseReadAsync(context, pathAccountSid).ConfigureAwait(false))
        {
            return;
        }

        LiveCall? call;
        lock (_gate)
        {
            call = _calls.FirstOrDefault(c => c.Sid == callSid);
        }

        var requested = Field(form, "Status");
        if (call is null)
        {
            await WriteErrorAsync(context, 404, 20404, $"The requested resource {context.Request.Path} was not found", null).ConfigureAwait(false);
            return;
        }

        if (Field(form, "Url") is not null || Field(form, "Twiml") is not null || requested is not ("canceled" or "completed"))
        {
            await WriteErrorAsync(context, 400, 21200, "FakeTwilioServer only hangs up live calls: send Status=canceled or Status=completed.", null).ConfigureAwait(false);
            return;
        }

        if (!RequestHangup(call, requested))
        {
            await WriteErrorAsync(context, 400, 21220, "Call is not in-progress. Cannot redirect.", null).ConfigureAwait(false);
            return;
        }

        await WriteCallAsync(context, 200, call.Snapshot()).ConfigureAwait(false);
    }

    /// <summary>Outage, credentials and account for requests that create nothing; true when it answered with an error.</summary>
    private async Task<bool> RefuseReadAsync(HttpContext context, string pathAccountSid)
    {
        if (CurrentOutage() is { } f)
        {
            await WriteFaultAsync(context, f).ConfigureAwait(false);
            return true;
        }

        if (Unauthorized(context, pathAccountSid) is { } refused)
        {
            await WriteErrorAsync(context, refused.Status, refused.Code, refused.Message, null).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private Task WriteCallAsync(HttpContext context, int status, FakeTwilioCall call)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Twilio-Request-Id"] = "RQ" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(CallJson(call)));
    }

    /// <summary>A Call resource with Twilio's field set; duration (whole seconds, as a string) and end_time stay null until the call ends.</summary>
    private Dictionary<string, object?> CallJson(FakeTwilioCall c)
    {
        var uri = $"/2010-04-01/Accounts/{AccountSid}/Calls/{c.Sid}";
        var updated = c.EndTime ?? c.AnsweredAt ?? c.StartTime ?? c.CreatedAt;
        return new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["annotation"] = null,
            ["answered_by"] = c.AnsweredBy,
            ["api_version"] = "2010-04-01",
            ["caller_name"] = null,
            ["date_created"] = Rfc2822(c.CreatedAt),
            ["date_updated"] = Rfc2822(updated),
            ["direction"] = "outbound-api",
            ["duration"] = c.Duration?.ToString(CultureInfo.InvariantCulture),
            ["end_time"] = c.EndTime is { } end ? Rfc2822(end) : null,
            ["forwarded_from"] = null,
            ["from"] = c.From,
            ["from_formatted"] = Formatted(c.From),
            ["group_sid"] = null,
            ["parent_call_sid"] = null,
            // The caller ID is a number of the account: give it a stable PN sid of its own.
            ["phone_number_sid"] = "PN" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.From)).AsSpan(0, 16)),
            ["price"] = null,
            ["price_unit"] = "USD",
            ["queue_time"] = "0",
            ["sid"] = c.Sid,
            ["start_time"] = c.StartTime is { } start ? Rfc2822(start) : null,
            ["status"] = c.Status,
            ["subresource_uris"] = new Dictionary<string, string>
            {
                ["notifications"] = uri + "/Notifications.json",
                ["recordings"] = uri + "/Recordings.json",
                ["feedback"] = uri + "/Feedback.json",
                ["feedback_summaries"] = $"/2010-04-01/Accounts/{AccountSid}/Calls/FeedbackSummary.json",
                ["payments"] = uri + "/Payments.json",
                ["events"] = uri + "/Events.json",
                ["siprec"] = uri + "/Siprec.json",
                ["streams"] = uri + "/Streams.json",
                ["user_defined_message_subscriptions"] = uri + "/UserDefinedMessageSubscriptions.json",
                ["user_defined_messages"] = uri + "/UserDefinedMessages.json",
            },
            ["to"] = c.To,
            ["to_formatted"] = Formatted(c.To),
            ["trunk_sid"] = null,
            ["uri"] = uri + ".json",
        };
    }

    /// <summary>Twilio's national format for North American numbers, "(415) 867-5309"; other numbers as given.</summary>
    private static string Formatted(string number) =>
        NanpNumber().Match(number) is { Success: true } m ? $"({m.Groups[1]}) {m.Groups[2]}-{m.Groups[3]}" : number;

    [GeneratedRegex(@"^\+1(\d{3})(\d{3})(\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex NanpNumber();

    private sealed record Refusal(int Code, string Message);
}
