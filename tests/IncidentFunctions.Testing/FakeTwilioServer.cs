using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Testing;

/// <summary>
/// One POST to the fake's Messages endpoint: what was asked and what the fake answered. <see cref="Sid"/> is set only
/// when it answered 201; <see cref="StatusCode"/> is 499 when the client gave up while the fake was delaying.
/// <see cref="To"/> and <see cref="Body"/> are "" when the request lacked them (never for an accepted message).
/// </summary>
public sealed record FakeTwilioRequest(
    string To,
    string? From,
    string Body,
    string? MessagingServiceSid,
    string? Sid,
    DateTimeOffset ReceivedAt,
    int StatusCode,
    int? ErrorCode,
    string PathAccountSid,
    IReadOnlyDictionary<string, string> Form)
{
    public override string ToString() =>
        $"{ReceivedAt:HH:mm:ss.fff} HTTP {StatusCode}{(ErrorCode is int c ? $" ({c})" : "")} To={To} From={From ?? "-"} MessagingServiceSid={MessagingServiceSid ?? "-"} Body={(Body.Length > 40 ? Body[..40] + "…" : Body)}";
}

/// <summary>
/// A fake of Twilio's Messages API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json) served by Kestrel on
/// 127.0.0.1 (random port), behaving like the real one where our code can tell: HTTP Basic auth with AccountSid:AuthToken
/// (401 + error 20003 otherwise), form fields To/Body/From/MessagingServiceSid checked with Twilio's error codes
/// (21604, 21211, 21602, 21617, 21603, 21212, 21701), a 201 Message resource (sid "SM"+32 hex, RFC 2822 dates,
/// numeric fields as strings, price null), and the error envelope {code, message, more_info, status}.
/// Stricter than Twilio in one respect: sending both From and MessagingServiceSid is refused (21603) — our code must
/// send exactly one.
/// Faults can be injected at run time: <see cref="FailNext"/>, <see cref="FailFor"/>, <see cref="RejectNumber"/>,
/// <see cref="Delay"/>, <see cref="NeverAnswer"/>, <see cref="HoldAfterAccepting"/>, <see cref="HoldBeforeAccepting"/>.
/// Also serves the Messages list (GET …/Messages.json with Twilio's To, From, DateSent, DateSent&gt; and DateSent&lt; filters,
/// newest first, one page of up to PageSize), which the sender reads before re-sending a text whose answer it never got.
/// The Programmable Voice Calls API (create, fetch, list, hang up) and the playing of calls are in FakeTwilioServer.Calls.cs
/// and FakeTwilioServer.CallPlayback.cs.
/// </summary>
public sealed partial class FakeTwilioServer : IAsyncDisposable
{
    /// <summary>Account SID the fake accepts by default (obviously fake).</summary>
    public const string DefaultAccountSid = "AC00000000000000000000000000000001";

    /// <summary>Auth token the fake accepts by default (not a secret; not even token-shaped).</summary>
    public const string DefaultAuthToken = "fake-auth-token-for-tests";

    public const int MaxBodyLength = 1600;

    private static readonly Regex E164 = new(@"^\+[1-9]\d{6,14}$", RegexOptions.CultureInvariant);
    private static readonly Regex AlphanumericSender = new(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", RegexOptions.CultureInvariant);
    private static readonly Regex MessagingServiceSidShape = new("^MG[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant);

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<FakeTwilioRequest?> _attempts = [];
    private readonly List<FakeTwilioRequest> _messages = [];
    private readonly Waiters<FakeTwilioRequest> _waiters;
    private readonly Queue<Fault> _faults = new();
    private readonly Dictionary<string, int> _rejections = new(StringComparer.Ordinal);
    private readonly List<string> _lookups = [];
    private TimeSpan _delay;
    private int? _delayRemaining;
    private Outage? _outage;
    private Hold? _hold;

    private FakeTwilioServer(WebApplication app, string accountSid, string authToken, TimeProvider time)
    {
        _waiters = new(_gate);
        _callWaiters = new(_gate);
        _app = app;
        AccountSid = accountSid;
        AuthToken = authToken;
        _time = time;
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    /// <summary>http://127.0.0.1:{port}, no trailing slash; use as Twilio:ApiBaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>
    /// Raised once per POST to the Messages endpoint, accepted or not, after it is recorded; the request's
    /// <see cref="FakeTwilioRequest.ReceivedAt"/> is when it arrived, before its form was read. For measuring
    /// (the benchmark's alert-to-page latency) without keeping a waiter per message. Handlers run on the request's
    /// thread: keep them short and never throw.
    /// </summary>
    public event Action<FakeTwilioRequest>? Received;

    /// <summary>Messages the fake accepted (201), in arrival order.</summary>
    public IReadOnlyList<FakeTwilioRequest> Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages.ToArray();
            }
        }
    }

    /// <summary>Every POST to the Messages endpoint, accepted or not, in arrival order (one still in progress is left out).</summary>
    public IReadOnlyList<FakeTwilioRequest> Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts.OfType<FakeTwilioRequest>().ToArray();
            }
        }
    }

    /// <summary>Every GET of the Messages list, as its query string, in arrival order.</summary>
    public IReadOnlyList<string> Lookups
    {
        get
        {
            lock (_gate)
            {
                return _lookups.ToArray();
            }
        }
    }

    public static async Task<FakeTwilioServer> StartAsync(
        string accountSid = DefaultAccountSid, string authToken = DefaultAuthToken, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeTwilioServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        var server = new FakeTwilioServer(app, accountSid, authToken, time ?? TimeProvider.System);
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", (HttpContext context, string accountSid) => server.HandleMessageAsync(context, accountSid));
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages.json", (HttpContext context, string accountSid) => server.HandleListAsync(context, accountSid));
        server.MapCalls(app);
        app.MapFallback((HttpContext context) => WriteErrorAsync(context, 404, 20404, $"The requested resource {context.Request.Path} was not found", null));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        server.BaseUrl = addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>
    /// The next <paramref name="count"/> requests get HTTP <paramref name="httpStatus"/>. With <paramref name="twilioCode"/>
    /// the body is Twilio's JSON error envelope; without it, an HTML page (as a load balancer would send).
    /// <paramref name="retryAfter"/> adds a Retry-After header (whole seconds, rounded up).
    /// </summary>
    public void FailNext(int count, int httpStatus, int? twilioCode = null, TimeSpan? retryAfter = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(new Fault(httpStatus, twilioCode, retryAfter));
            }
        }
    }

    /// <summary>
    /// An outage: every request (sends, list reads and every Calls request) gets HTTP <paramref name="httpStatus"/> (with Twilio's envelope when
    /// <paramref name="twilioCode"/> is given) for <paramref name="duration"/>, with <paramref name="retryAfter"/> if given.
    /// The outage starts now, or with <paramref name="fromFirstRequest"/> when the next request arrives (so a slow machine
    /// cannot let it run out before anyone called).
    /// </summary>
    public void FailFor(TimeSpan duration, int httpStatus, int? twilioCode = null, TimeSpan? retryAfter = null, bool fromFirstRequest = false)
    {
        lock (_gate)
        {
            _outage = new Outage(duration, fromFirstRequest ? null : _time.GetUtcNow() + duration, new Fault(httpStatus, twilioCode, retryAfter));
        }
    }

    /// <summary>The next <paramref name="count"/> sends are read and then never answered: the client can only time out (recorded as 499).</summary>
    public void NeverAnswer(int count) => Delay(TimeSpan.FromDays(1), count);

    /// <summary>
    /// The next accepted message that <paramref name="match"/>es is recorded (it is in <see cref="Messages"/> and in the
    /// list) but its 201 is held back until <see cref="ReleaseHeld"/> or until the client goes away. The task completes
    /// with the message once it is recorded: the moment to kill the client, which then never learns the send worked.
    /// </summary>
    public Task<FakeTwilioRequest> HoldAfterAccepting(Func<FakeTwilioRequest, bool> match) => StartHold(match, beforeAccepting: false);

    /// <summary>
    /// The next send that <paramref name="match"/>es is held as it arrives, before the fake decides on it: neither accepted
    /// (not in <see cref="Messages"/> nor in the list) nor answered until <see cref="ReleaseHeld"/>, then handled as usual;
    /// a client that goes away first gets it recorded as 499. The task completes with the request (status 0) once it is
    /// held: a moment when the sender is waiting and Twilio has nothing yet.
    /// </summary>
    public Task<FakeTwilioRequest> HoldBeforeAccepting(Func<FakeTwilioRequest, bool> match) => StartHold(match, beforeAccepting: true);

    /// <summary>Lets a held request go on (if its client is still there) and stops holding.</summary>
    public void ReleaseHeld()
    {
        Hold? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        hold?.Released.TrySetResult();
    }

    private Task<FakeTwilioRequest> StartHold(Func<FakeTwilioRequest, bool> match, bool beforeAccepting)
    {
        ArgumentNullException.ThrowIfNull(match);
        var hold = new Hold(match, beforeAccepting);
        lock (_gate)
        {
            _hold = hold;
        }

        return hold.Held.Task;
    }

    /// <summary>
    /// Every later send to <paramref name="to"/> gets 400 with <paramref name="twilioCode"/> (e.g. 21610 opted out, 21211 invalid,
    /// 21614 not mobile); so does every later call to it (e.g. 13224 not a callable number, 21215 no geo permission, 21216
    /// blocked) unless <paramref name="apis"/> names only one of the two (an SMS opt-out does not stop calls).
    /// </summary>
    public void RejectNumber(string to, int twilioCode, TwilioApis apis = TwilioApis.All)
    {
        lock (_gate)
        {
            if (apis.HasFlag(TwilioApis.Messages))
            {
                _rejections[to] = twilioCode;
            }

            if (apis.HasFlag(TwilioApis.Calls))
            {
                _callRejections[to] = twilioCode;
            }
        }
    }

    /// <summary>
    /// Holds each later request <paramref name="delay"/> before answering (only the next <paramref name="count"/> when
    /// given). A client that gives up first is recorded with status 499. <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public void Delay(TimeSpan delay, int? count = null)
    {
        lock (_gate)
        {
            _delay = delay;
            _delayRemaining = count;
        }
    }

    /// <summary>Clears faults, rejections and delay, for calls too (recorded requests and calls, and programmed callees, are kept).</summary>
    public void ResetFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
            _rejections.Clear();
            _callFaults.Clear();
            _callRejections.Clear();
            _delay = TimeSpan.Zero;
            _delayRemaining = null;
            _outage = null;
        }

        ReleaseHeld();
    }

    /// <summary>
    /// Completes with the first accepted message (already arrived or arriving later) that <paramref name="match"/>es;
    /// throws <see cref="TimeoutException"/> listing every request that did arrive when none does within <paramref name="timeout"/>.
    /// </summary>
    public Task<FakeTwilioRequest> WaitForMessageAsync(Func<FakeTwilioRequest, bool> match, TimeSpan timeout)
    {
        return _waiters.WaitAsync(match, m => _messages.FirstOrDefault(m), timeout, () =>
        {
            var arrived = Attempts;
            var list = arrived.Count == 0 ? "  (nothing)" : string.Join(Environment.NewLine, arrived.Select(a => "  " + a));
            return $"No matching message reached the fake Twilio within {timeout}. Requests that did arrive:{Environment.NewLine}{list}";
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopCallsAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _waiters.CancelAll();
        }

        ReleaseHeld();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>GET …/Messages.json: the accepted messages matching Twilio's documented filters, newest first.</summary>
    private async Task HandleListAsync(HttpContext context, string pathAccountSid)
    {
        var query = context.Request.Query;
        lock (_gate)
        {
            _lookups.Add(context.Request.QueryString.Value ?? "");
        }

        if (await RefuseReadAsync(context, pathAccountSid).ConfigureAwait(false))
        {
            return;
        }

        var to = query["To"].ToString();
        var from = query["From"].ToString();
        var pageSize = int.TryParse(query["PageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 1000) : 50;
        // "DateSent>=2026-11-24" is the parameter "DateSent>" with the value 2026-11-24 (a GMT date, or a full timestamp).
        var onOrAfter = SentBound(query["DateSent>"]);
        var onOrBefore = SentBound(query["DateSent<"], endOfDay: true);
        var on = SentBound(query["DateSent"]);
        IReadOnlyList<FakeTwilioRequest> matching;
        lock (_gate)
        {
            matching = _messages
                .Where(m => to.Length == 0 || m.To == to)
                .Where(m => from.Length == 0 || m.From == from)
                .Where(m => onOrAfter is not { } a || m.ReceivedAt >= a)
                .Where(m => onOrBefore is not { } b || m.ReceivedAt <= b)
                .Where(m => on is not { } d || m.ReceivedAt.UtcDateTime.Date == d.UtcDateTime.Date)
                .OrderByDescending(m => m.ReceivedAt)
                .Take(pageSize)
                .ToArray();
        }

        var uri = $"/2010-04-01/Accounts/{AccountSid}/Messages.json{context.Request.QueryString}";
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["end"] = Math.Max(0, matching.Count - 1),
            ["first_page_uri"] = uri,
            ["messages"] = matching.Select(m => MessageJson(m, listed: true)).ToArray(),
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

    private static DateTimeOffset? SentBound(string? value, bool endOfDay = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length == 10 && DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
        {
            var midnight = new DateTimeOffset(day.Date, TimeSpan.Zero);
            return endOfDay ? midnight.AddDays(1).AddTicks(-1) : midnight;
        }

        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private Fault? CurrentOutage()
    {
        lock (_gate)
        {
            if (_outage is { Until: null } starting)
            {
                _outage = starting with { Until = _time.GetUtcNow() + starting.Duration };
            }

            return _outage is { } o && _time.GetUtcNow() < o.Until ? o.Fault : null;
        }
    }

    private static Task WriteFaultAsync(HttpContext context, Fault f) =>
        f.TwilioCode is int code
            ? WriteErrorAsync(context, f.HttpStatus, code, FaultText(f), f.RetryAfter)
            : WriteHtmlErrorAsync(context, f.HttpStatus, f.RetryAfter);

    private static string FaultText(Fault f) => f.TwilioCode switch
    {
        20429 => "Too Many Requests",
        20500 => "Internal Server Error",
        20503 => "Service unavailable",
        _ => ((HttpStatusCode)f.HttpStatus).ToString(),
    };

    private async Task HandleMessageAsync(HttpContext context, string pathAccountSid)
    {
        var receivedAt = _time.GetUtcNow();
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

        int slot;
        TimeSpan delay;
        lock (_gate)
        {
            slot = _attempts.Count;
            _attempts.Add(null);
            delay = _delay;
            if (delay > TimeSpan.Zero && _delayRemaining is int remaining)
            {
                // Delay(d, count): this request uses up one of the count; the last one switches the delay off.
                _delayRemaining = remaining - 1;
                if (remaining <= 1)
                {
                    _delay = TimeSpan.Zero;
                    _delayRemaining = null;
                }
            }
        }

        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, _time, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Record(slot, Request(form, pathAccountSid, receivedAt, 499, null, null), accepted: false);
                return;
            }
        }

        var arrived = Request(form, pathAccountSid, receivedAt, 0, null, null);
        if (TakeHold(arrived, beforeAccepting: true) is { } early)
        {
            // Not taken yet: as if the request were still on its way through Twilio when the client gives up or looks.
            early.Held.TrySetResult(arrived);
            try
            {
                await early.Released.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Record(slot, Request(form, pathAccountSid, receivedAt, 499, null, null), accepted: false);
                return;
            }
        }

        var (status, code, message, retryAfter, sid) = Decide(context, pathAccountSid, form);
        var record = Request(form, pathAccountSid, receivedAt, status, code, sid);
        if (status == 201 && TakeHold(record, beforeAccepting: false) is { } hold)
        {
            // Accepted first, as Twilio would have it, then the answer is held: the client dies not knowing.
            Record(slot, record, accepted: true);
            hold.Held.TrySetResult(record);
            try
            {
                await hold.Released.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
                await WriteMessageAsync(context, record).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client went away (killed) while the answer was held.
            }

            return;
        }

        if (status == 201)
        {
            await WriteMessageAsync(context, record).ConfigureAwait(false);
        }
        else if (code is int c)
        {
            await WriteErrorAsync(context, status, c, message, retryAfter).ConfigureAwait(false);
        }
        else
        {
            await WriteHtmlErrorAsync(context, status, retryAfter).ConfigureAwait(false);
        }

        Record(slot, record, accepted: status == 201);
    }

    /// <summary>
    /// Twilio's answer to a request without this account's credentials (401, 20003) or for another account's resource
    /// (404, 20404); null when it may go on. The same for every API the fake serves.
    /// </summary>
    private (int Status, int Code, string Message)? Unauthorized(HttpContext context, string pathAccountSid)
    {
        if (!IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return (401, 20003, "Authenticate");
        }

        return string.Equals(pathAccountSid, AccountSid, StringComparison.Ordinal)
            ? null
            : (404, 20404, $"The requested resource {context.Request.Path} was not found");
    }

    private (int Status, int? Code, string Message, TimeSpan? RetryAfter, string? Sid) Decide(HttpContext context, string pathAccountSid, Dictionary<string, string> form)
    {
        Fault? fault = CurrentOutage();
        int? rejection = null;
        var to = form.GetValueOrDefault("To") ?? "";
        lock (_gate)
        {
            // An outage (FailFor) answers first; queued faults and rejections wait until it is over.
            if (fault is null && _faults.Count > 0)
            {
                fault = _faults.Dequeue();
            }
            else if (fault is null && _rejections.TryGetValue(to, out var r))
            {
                rejection = r;
            }
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
        var service = Field(form, "MessagingServiceSid");
        var body = form.GetValueOrDefault("Body");
        if (string.IsNullOrWhiteSpace(to))
        {
            return (400, 21604, "A 'To' phone number is required.", null, null);
        }

        if (!E164.IsMatch(to))
        {
            return (400, 21211, $"The 'To' number {to} is not a valid phone number.", null, null);
        }

        if (string.IsNullOrEmpty(body))
        {
            return (400, 21602, "Message body is required.", null, null);
        }

        if (body.Length > MaxBodyLength)
        {
            return (400, 21617, "The concatenated message body exceeds the 1600 character limit.", null, null);
        }

        if (from is null == (service is null))
        {
            return (400, 21603, from is null
                ? "A 'From' or 'MessagingServiceSid' parameter is required to send a message."
                : "Send either 'From' or 'MessagingServiceSid', not both (FakeTwilioServer is stricter than Twilio here).", null, null);
        }

        if (from is not null && !E164.IsMatch(from) && !AlphanumericSender.IsMatch(from))
        {
            return (400, 21212, $"The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID.", null, null);
        }

        if (service is not null && !MessagingServiceSidShape.IsMatch(service))
        {
            return (400, 21701, "The Messaging Service does not exist", null, null);
        }

        if (rejection is int rejected)
        {
            return (400, rejected, RejectionMessage(rejected, to), null, null);
        }

        return (201, null, "", null, "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    private bool IsAuthorized(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
            return string.Equals(decoded, AccountSid + ":" + AuthToken, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string? Field(Dictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string RejectionMessage(int code, string to) => code switch
    {
        21610 => "Attempt to send to unsubscribed recipient",
        21211 => $"The 'To' number {to} is not a valid phone number.",
        21614 => $"'To' number {to} is not a valid mobile number",
        21408 => $"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}.",
        21612 => $"The 'To' phone number: {to}, is not currently reachable using the 'From' phone number via SMS.",
        _ => $"Rejected by FakeTwilioServer (code {code})",
    };

    private static FakeTwilioRequest Request(Dictionary<string, string> form, string pathAccountSid, DateTimeOffset at, int status, int? code, string? sid) =>
        new(form.GetValueOrDefault("To") ?? "", Field(form, "From"), form.GetValueOrDefault("Body") ?? "", Field(form, "MessagingServiceSid"),
            sid, at, status, code, pathAccountSid, form);

    private void Record(int slot, FakeTwilioRequest record, bool accepted)
    {
        lock (_gate)
        {
            _attempts[slot] = record;
            if (accepted)
            {
                _messages.Add(record);
                _waiters.Arrived(record);
            }
        }

        Received?.Invoke(record);
    }

    /// <summary>The hold <paramref name="record"/> falls under, once; it stays current so that <see cref="ReleaseHeld"/> can let it go.</summary>
    private Hold? TakeHold(FakeTwilioRequest record, bool beforeAccepting)
    {
        lock (_gate)
        {
            if (_hold is { Taken: false } hold && hold.BeforeAccepting == beforeAccepting && hold.Match(record))
            {
                hold.Taken = true;
                return hold;
            }

            return null;
        }
    }

    private Task WriteMessageAsync(HttpContext context, FakeTwilioRequest m)
    {
        context.Response.StatusCode = 201;
        context.Response.Headers["Twilio-Request-Id"] = "RQ" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(MessageJson(m, listed: false)));
    }

    /// <summary>
    /// A Message resource. As answered to the POST it is just queued (date_sent null); as listed later the fake has sent it:
    /// status "sent" and date_sent set (the fake sends at once).
    /// </summary>
    private Dictionary<string, object?> MessageJson(FakeTwilioRequest m, bool listed)
    {
        var created = Rfc2822(m.ReceivedAt);
        var uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{m.Sid}";
        return new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = m.Body,
            ["date_created"] = created,
            ["date_sent"] = listed ? created : null,
            ["date_updated"] = created,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            // Through a Messaging Service the sender is picked later: "from" is null and the status "accepted".
            ["from"] = m.From,
            ["messaging_service_sid"] = m.MessagingServiceSid,
            ["num_media"] = "0",
            ["num_segments"] = Segments(m.Body).ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = m.Sid,
            ["status"] = listed ? "sent" : m.MessagingServiceSid is null ? "queued" : "accepted",
            ["subresource_uris"] = new Dictionary<string, string> { ["media"] = uri + "/Media.json" },
            ["to"] = m.To,
            ["uri"] = uri + ".json",
        };
    }

    private static Task WriteErrorAsync(HttpContext context, int status, int code, string message, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = status;
        SetRetryAfter(context, retryAfter);
        context.Response.ContentType = "application/json; charset=utf-8";
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = status,
        });
        return context.Response.WriteAsync(json);
    }

    private static Task WriteHtmlErrorAsync(HttpContext context, int status, TimeSpan? retryAfter)
    {
        context.Response.StatusCode = status;
        SetRetryAfter(context, retryAfter);
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync($"<html><body><h1>{status} {(HttpStatusCode)status}</h1></body></html>");
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan? retryAfter)
    {
        if (retryAfter is TimeSpan ra)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(0, ra.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Rfc2822(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>SMS segments: GSM-7 text is 160 characters alone or 153 per part; anything else is UCS-2, 70 or 67.</summary>
    private static int Segments(string body)
    {
        const string gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€";
        var isGsm = body.All(ch => gsm.Contains(ch, StringComparison.Ordinal));
        var (single, part) = isGsm ? (160, 153) : (70, 67);
        return body.Length <= single ? 1 : (body.Length + part - 1) / part;
    }

    private readonly record struct Fault(int HttpStatus, int? TwilioCode, TimeSpan? RetryAfter);

    private sealed record Outage(TimeSpan Duration, DateTimeOffset? Until, Fault Fault);

    private sealed class Hold(Func<FakeTwilioRequest, bool> match, bool beforeAccepting)
    {
        public Func<FakeTwilioRequest, bool> Match { get; } = match;

        public bool BeforeAccepting { get; } = beforeAccepting;

        /// <summary>A request fell under it (read and written under the server's lock).</summary>
        public bool Taken { get; set; }

        public TaskCompletionSource<FakeTwilioRequest> Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
