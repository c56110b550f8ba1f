using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentFunctions.Testing;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using Xunit.Abstractions;

namespace IncidentFunctions.Application.Tests.Notifications.Voice;

/// <summary>
/// The fake's Calls API through the real Twilio SDK, and the calls it plays against a loopback stand-in for the app
/// (<see cref="TwimlTestApp"/>, which checks every signature with the SDK's validator). Nothing waits on the wall clock
/// except the bounded waits for a call to finish.
/// </summary>
public sealed class FakeTwilioCallsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Responder = "+15550100001";
    private const string Caller = "+15550100000";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private FakeTwilioServer _fake = null!;
    private TwimlTestApp _app = null!;
    private HttpClient _http = null!;
    private TwilioRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTwilioServer.StartAsync();
        _app = await TwimlTestApp.StartAsync(_fake.AuthToken);
        _client = FakeTwilioRouting.Client(_fake, out _http);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    private Task<CallResource> DialAsync(Action<CreateCallOptions>? configure = null, string to = Responder, TwilioRestClient? client = null)
    {
        var options = new CreateCallOptions(new PhoneNumber(to), new PhoneNumber(Caller)) { Url = new Uri(_app.Url("/voice")) };
        configure?.Invoke(options);
        return CallResource.CreateAsync(options, client ?? _client);
    }

    private Task<FakeTwilioCall> FinishedAsync(string sid) => _fake.WaitForCallAsync(c => c.Sid == sid, Wait);

    private Uri StatusUrl => new(_app.Url("/status"));

    [Fact]
    public async Task Create_answers_with_a_queued_outbound_call()
    {
        var created = await DialAsync();

        Assert.Matches("^CA[0-9a-f]{32}$", created.Sid);
        Assert.Equal(CallResource.StatusEnum.Queued, created.Status);
        Assert.Equal("outbound-api", created.Direction);
        Assert.Equal(Responder, created.To);
        Assert.Equal(Caller, created.From);
        Assert.Equal(_fake.AccountSid, created.AccountSid);
        Assert.Equal("(555) 010-0001", created.ToFormatted);
        Assert.Null(created.Duration);
        Assert.Null(created.EndTime);
        Assert.Equal($"/2010-04-01/Accounts/{_fake.AccountSid}/Calls/{created.Sid}.json", created.Uri);
        var attempt = Assert.Single(_fake.CallAttempts);
        Assert.Equal((201, created.Sid), (attempt.StatusCode, attempt.Sid));
    }

    [Fact]
    public async Task An_answered_call_fetches_its_twiml_signed_like_twilio()
    {
        _app.Twiml("/voice", "<Say>Incident 42 is critical.</Say>");

        var created = await DialAsync();
        var call = await FinishedAsync(created.Sid);

        var voice = Assert.Single(_app.On("/voice"));
        Assert.Equal("POST", voice.Method);
        Assert.True(voice.SignatureValid, "the SDK's RequestValidator accepts the fake's signature");
        Assert.Equal(TwilioSignature.Compute(_app.Url("/voice"), voice.Parameters, _fake.AuthToken), voice.Signature);
        Assert.Equal(created.Sid, voice["CallSid"]);
        Assert.Equal(_fake.AccountSid, voice["AccountSid"]);
        Assert.Equal(Caller, voice["From"]);
        Assert.Equal(Responder, voice["To"]);
        Assert.Equal("in-progress", voice["CallStatus"]);
        Assert.Equal("outbound-api", voice["Direction"]);
        Assert.Equal("2010-04-01", voice["ApiVersion"]);
        Assert.Null(voice["AnsweredBy"]);
        Assert.Equal("completed", call.Status);
        Assert.True(call.IsFinished);
        Assert.Equal(["Incident 42 is critical."], call.Spoken);
        var request = Assert.Single(call.Requests);
        Assert.Equal((FakeTwilioWebhookKind.Voice, 200), (request.Kind, request.StatusCode));
    }

    [Fact]
    public async Task Pressing_4_posts_the_digits_to_the_gather_action()
    {
        _fake.ProgramCallee(Responder, CalleeBehaviour.Press("4"));
        _app.Twiml("/voice", """<Gather action="/voice/ack?incident=42" numDigits="1" timeout="10"><Say>Press 4 to acknowledge.</Say></Gather><Say>We did not hear you.</Say>""");
        _app.Twiml("/voice/ack", "<Say>Acknowledged.</Say><Hangup/><Say>Never said.</Say>");

        var created = await DialAsync();
        var call = await FinishedAsync(created.Sid);

        var ack = Assert.Single(_app.On("/voice/ack"));
        Assert.Equal("POST", ack.Method);
        Assert.Equal(_app.Url("/voice/ack?incident=42"), ack.Url);
        Assert.True(ack.SignatureValid);
        Assert.Equal("4", ack["Digits"]);
        Assert.Equal("", ack["FinishedOnKey"]);
        Assert.Equal(created.Sid, ack["CallSid"]);
        Assert.Equal("in-progress", ack["CallStatus"]);
        Assert.Equal(["Press 4 to acknowledge.", "Acknowledged."], call.Spoken);
        Assert.Equal(["4"], call.Pressed);
        Assert.Equal([FakeTwilioWebhookKind.Voice, FakeTwilioWebhookKind.Gather], call.Requests.Select(r => r.Kind));
        Assert.Equal("completed", call.Status);
    }

    [Fact]
    public async Task Silence_falls_through_to_the_verb_after_the_gather()
    {
        _app.Twiml("/voice", """<Gather action="/voice/ack" numDigits="1"><Say>Press 4 to acknowledge.</Say></Gather><Say>We did not hear you. Goodbye.</Say>""");

        var call = await FinishedAsync((await DialAsync()).Sid);

        Assert.Empty(_app.On("/voice/ack"));
        Assert.Equal(["Press 4 to acknowledge.", "We did not hear you. Goodbye."], call.Spoken);
        Assert.Empty(call.Pressed);
        Assert.Equal("completed", call.Status);
    }

    [Fact]
    public async Task Each_gather_takes_the_next_digits_and_a_gather_without_action_posts_to_its_document()
    {
        _fake.ProgramCallee(Responder, CalleeBehaviour.Press("", "12#9"));
        _app.Answer("/voice", r => r["Digits"] is { } digits
            ? TwimlAppAnswer.Twiml($"<Say>You entered {digits}.</Say>")
            : TwimlAppAnswer.Twiml("""
                <Gather numDigits="1"><Say>First prompt.</Say></Gather>
                <Gather>
                    <Say>Second
                         prompt.</Say>
                    <Play>https://example.com/beep.mp3</Play>
                </Gather>
                <Say>Not reached.</Say>
                """));

        var call = await FinishedAsync((await DialAsync()).Sid);

        var requests = _app.On("/voice");
        Assert.Equal(2, requests.Count);
        Assert.Equal(("12", "#", "Gather End"), (requests[1]["Digits"], requests[1]["FinishedOnKey"], requests[1]["msg"]));
        Assert.All(requests, r => Assert.True(r.SignatureValid));
        Assert.Equal(["First prompt.", "Second prompt.", "You entered 12."], call.Spoken);
        Assert.Equal(["12"], call.Pressed);
    }

    [Fact]
    public async Task Redirects_are_followed_relative_to_the_document_and_get_is_signed_over_the_query()
    {
        _app.Twiml("/voice/start", """<Say>One.</Say><Redirect method="GET">next?step=2</Redirect><Say>Never said.</Say>""");
        _app.Twiml("/voice/next", "<Say>Two.</Say>");

        var created = await DialAsync(o => o.Url = new Uri(_app.Url("/voice/start")));
        var call = await FinishedAsync(created.Sid);

        var next = Assert.Single(_app.On("/voice/next"));
        Assert.Equal("GET", next.Method);
        Assert.True(next.SignatureValid);
        Assert.StartsWith(_app.Url("/voice/next?step=2&"), next.Url, StringComparison.Ordinal);
        Assert.Equal(("2", created.Sid, "in-progress"), (next["step"], next["CallSid"], next["CallStatus"]));
        Assert.Equal(["One.", "Two."], call.Spoken);
        Assert.Equal([FakeTwilioWebhookKind.Voice, FakeTwilioWebhookKind.Redirect], call.Requests.Select(r => r.Kind));
    }

    [Theory]
    [InlineData("Enable", true, "machine_start")]
    [InlineData("DetectMessageEnd", true, "machine_end_beep")]
    [InlineData("Enable", false, "human")]
    public async Task Machine_detection_reports_who_answered_and_the_twiml_still_plays(string detection, bool machine, string answeredBy)
    {
        _fake.ProgramCallee(Responder, machine ? CalleeBehaviour.Machine : CalleeBehaviour.Press("4"));
        _app.Twiml("/voice", """<Gather action="/voice/ack" numDigits="1"><Say>Press 4.</Say></Gather><Say>Message left.</Say>""");
        _app.Twiml("/voice/ack", "<Say>Acknowledged.</Say>");

        var created = await DialAsync(o =>
        {
            o.MachineDetection = detection;
            o.StatusCallback = StatusUrl;
        });
        var call = await FinishedAsync(created.Sid);

        Assert.Equal(answeredBy, Assert.Single(_app.On("/voice"))["AnsweredBy"]);
        Assert.Equal(answeredBy, call.AnsweredBy);
        Assert.Equal(answeredBy, Assert.Single(_app.On("/status"))["AnsweredBy"]);
        Assert.Equal(machine ? ["Press 4.", "Message left."] : ["Press 4.", "Acknowledged."], call.Spoken);
        Assert.Equal(machine ? 0 : 1, _app.On("/voice/ack").Count);
    }

    [Theory]
    [InlineData("busy", "486")]
    [InlineData("no-answer", "487")]
    [InlineData("failed", null)]
    public async Task Unanswered_calls_only_get_their_status_callback(string status, string? sipCode)
    {
        _fake.ProgramCallee(Responder, status switch
        {
            "busy" => CalleeBehaviour.Busy,
            "no-answer" => CalleeBehaviour.NoAnswer,
            _ => CalleeBehaviour.Failed,
        });

        var created = await DialAsync(o => o.StatusCallback = StatusUrl);
        var call = await FinishedAsync(created.Sid);

        Assert.Empty(_app.On("/voice"));
        var callback = Assert.Single(_app.On("/status"));
        Assert.True(callback.SignatureValid);
        Assert.Equal(status, callback["CallStatus"]);
        Assert.Equal(("0", "0", "0"), (callback["CallDuration"], callback["Duration"], callback["SequenceNumber"]));
        Assert.Equal(sipCode, callback["SipResponseCode"]);
        Assert.Equal(("call-progress-events", created.Sid, "outbound-api"), (callback["CallbackSource"], callback["CallSid"], callback["Direction"]));
        Assert.Null(callback["AnsweredBy"]);
        _ = DateTimeOffset.ParseExact(callback["Timestamp"]!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);
        Assert.Equal(status, call.Status);
        Assert.Empty(call.Spoken);
        Assert.Equal(0, call.Duration);
    }

    [Fact]
    public async Task Status_callbacks_follow_the_requested_events_in_order()
    {
        _app.Twiml("/voice", "<Say>Hello.</Say>");

        var created = await DialAsync(o =>
        {
            o.StatusCallback = StatusUrl;
            o.StatusCallbackEvent = ["initiated", "ringing", "answered", "completed"];
        });
        var call = await FinishedAsync(created.Sid);

        var callbacks = _app.On("/status");
        Assert.Equal(["initiated", "ringing", "in-progress", "completed"], callbacks.Select(c => c["CallStatus"]));
        Assert.Equal(["0", "1", "2", "3"], callbacks.Select(c => c["SequenceNumber"]));
        Assert.All(callbacks, c => Assert.True(c.SignatureValid));
        Assert.Equal(call.Duration?.ToString(CultureInfo.InvariantCulture), callbacks[^1]["CallDuration"]);
        Assert.Equal("1", callbacks[^1]["Duration"]);
        Assert.True(call.Duration >= 1);
        Assert.Equal(
            [FakeTwilioWebhookKind.StatusCallback, FakeTwilioWebhookKind.StatusCallback, FakeTwilioWebhookKind.StatusCallback, FakeTwilioWebhookKind.Voice, FakeTwilioWebhookKind.StatusCallback],
            call.Requests.Select(r => r.Kind));
    }

    [Fact]
    public async Task Wrong_credentials_get_401_and_20003()
    {
        var client = FakeTwilioRouting.Client(_fake, out var http, authToken: "not-the-token");
        using (http)
        {
            var error = await Assert.ThrowsAsync<ApiException>(() => DialAsync(client: client));

            Assert.Equal((401, 20003), (error.Status, error.Code));
        }

        Assert.Empty(_fake.Calls);
        Assert.Equal(401, Assert.Single(_fake.CallAttempts).StatusCode);
    }

    [Fact]
    public async Task A_call_without_url_or_twiml_is_refused_with_21205()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => DialAsync(o => o.Url = null));

        Assert.Equal((400, 21205), (error.Status, error.Code));
        Assert.Empty(_fake.Calls);
    }

    [Theory]
    [InlineData(null, Caller, "http://127.0.0.1:9/voice", null, 21201)]
    [InlineData(Responder, null, "http://127.0.0.1:9/voice", null, 21213)]
    [InlineData("5550100001", Caller, "http://127.0.0.1:9/voice", null, 21217)]
    [InlineData(Responder, "not a number", "http://127.0.0.1:9/voice", null, 21212)]
    [InlineData(Responder, Caller, null, null, 21205)]
    [InlineData(Responder, Caller, "/voice", null, 21205)]
    [InlineData(Responder, Caller, "http://127.0.0.1:9/voice", "status", 21609)]
    public async Task Invalid_creations_get_400_with_twilio_codes(string? to, string? from, string? url, string? statusCallback, int code)
    {
        var form = new (string Key, string? Value)[] { ("To", to), ("From", from), ("Url", url), ("StatusCallback", statusCallback) }
            .Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!));

        var (status, json) = await PostRawAsync($"/2010-04-01/Accounts/{_fake.AccountSid}/Calls.json", form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", json.GetProperty("more_info").GetString());
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task The_fetched_resource_shows_the_final_status()
    {
        _fake.ProgramCallee(Responder, CalleeBehaviour.Machine);
        var created = await DialAsync(o => o.MachineDetection = "Enable");
        await FinishedAsync(created.Sid);

        var fetched = await CallResource.FetchAsync(created.Sid, client: _client);

        Assert.Equal(CallResource.StatusEnum.Completed, fetched.Status);
        Assert.Equal("machine_start", fetched.AnsweredBy);
        Assert.True(int.Parse(fetched.Duration, CultureInfo.InvariantCulture) >= 1);
        Assert.NotNull(fetched.StartTime);
        Assert.NotNull(fetched.EndTime);
        var missing = await Assert.ThrowsAsync<ApiException>(() => CallResource.FetchAsync("CA" + new string('0', 32), client: _client));
        Assert.Equal((404, 20404), (missing.Status, missing.Code));
    }

    [Theory]
    [InlineData(500, "text/xml", "<Response/>", 11200)]
    [InlineData(200, "text/plain", "<Response><Say>Hi</Say></Response>", 12300)]
    [InlineData(200, "text/xml", "<Response><Say>unclosed</Response>", 12100)]
    [InlineData(200, "text/xml", "<Reply><Say>Hi</Say></Reply>", 12100)]
    public async Task A_failing_webhook_is_heard_as_an_application_error_and_ends_the_call(int status, string contentType, string body, int errorCode)
    {
        _app.Answer("/voice", new TwimlAppAnswer(status, contentType, body));

        var call = await FinishedAsync((await DialAsync(o => o.StatusCallback = StatusUrl)).Sid);

        Assert.Equal("completed", call.Status);
        Assert.Equal([FakeTwilioServer.ApplicationErrorSpeech], call.Spoken);
        Assert.Equal(errorCode, call.ErrorCode);
        Assert.Equal(status, call.TwimlRequests.Single().StatusCode);
        Assert.Equal("completed", Assert.Single(_app.On("/status"))["CallStatus"]);
    }

    [Fact]
    public async Task An_unreachable_webhook_is_an_application_error_too()
    {
        var call = await FinishedAsync((await DialAsync(o => o.Url = new Uri("http://127.0.0.1:9/voice"))).Sid);

        Assert.Equal([FakeTwilioServer.ApplicationErrorSpeech], call.Spoken);
        Assert.Equal(11205, call.ErrorCode);
        Assert.Equal(0, Assert.Single(call.Requests).StatusCode);
    }

    [Fact]
    public async Task Inline_twiml_plays_without_a_fetch()
    {
        var created = await DialAsync(o =>
        {
            o.Url = null;
            o.Twiml = new Twilio.Types.Twiml("<Response><Say loop=\"2\">Inline.</Say><Gather numDigits=\"1\"><Say>Press 1.</Say></Gather><Dial>+15550100009</Dial></Response>");
        });
        var call = await FinishedAsync(created.Sid);

        Assert.Equal(["Inline.", "Inline.", "Press 1."], call.Spoken);
        Assert.Equal(["Dial"], call.Skipped);
        Assert.Empty(call.Requests);
        Assert.Empty(_app.Requests);
    }

    [Fact]
    public async Task A_redirect_loop_fails_the_call_after_the_document_limit()
    {
        _app.Twiml("/voice", "<Redirect>/voice</Redirect>");

        var call = await FinishedAsync((await DialAsync()).Sid);

        Assert.Equal("failed", call.Status);
        Assert.Equal(FakeTwilioServer.MaxTwimlDocuments, call.Requests.Count);
        Assert.Contains("documents", call.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectNumber_refuses_calls_unless_limited_to_messages()
    {
        _fake.RejectNumber(Responder, 13224);
        _fake.RejectNumber("+15550100002", 21610, TwilioApis.Messages);

        var error = await Assert.ThrowsAsync<ApiException>(() => DialAsync());
        var allowed = await DialAsync(to: "+15550100002");

        Assert.Equal((400, 13224), (error.Status, error.Code));
        Assert.Equal(CallResource.StatusEnum.Queued, allowed.Status);
        Assert.Equal([400, 201], _fake.CallAttempts.Select(a => a.StatusCode));
    }

    [Fact]
    public async Task FailNextCalls_answers_the_given_status_then_recovers()
    {
        _fake.FailNextCalls(1, 503, 20503, retryAfter: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ApiException>(() => DialAsync());
        var created = await DialAsync();

        Assert.Equal((503, 20503), (error.Status, error.Code));
        Assert.Equal(CallResource.StatusEnum.Queued, created.Status);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task CallReceived_is_raised_with_the_arrival_time()
    {
        var received = new List<FakeTwilioCallAttempt>();
        _fake.CallReceived += a =>
        {
            lock (received)
            {
                received.Add(a);
            }
        };
        var before = DateTimeOffset.UtcNow;

        var created = await DialAsync();

        var attempt = Assert.Single(received);
        Assert.Equal(created.Sid, attempt.Sid);
        Assert.InRange(attempt.ReceivedAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_held_call_rings_until_the_app_cancels_it_or_it_is_released()
    {
        _fake.ProgramCallee(Responder, CalleeBehaviour.Silence.HeldUntilReleased());
        _app.Twiml("/voice", "<Say>Hello.</Say>");
        var canceled = await DialAsync(o => o.StatusCallback = StatusUrl);
        var released = await DialAsync(o => o.StatusCallback = StatusUrl);
        await RingingAsync(released.Sid);

        var updated = await CallResource.UpdateAsync(canceled.Sid, status: CallResource.UpdateStatusEnum.Canceled, client: _client);
        _fake.ReleaseHeldCalls();

        Assert.Equal(CallResource.StatusEnum.Canceled, updated.Status);
        var first = await FinishedAsync(canceled.Sid);
        var second = await FinishedAsync(released.Sid);
        Assert.Equal(("canceled", "completed"), (first.Status, second.Status));
        Assert.Equal(["canceled", "completed"], _app.On("/status").Select(s => s["CallStatus"]).Order(StringComparer.Ordinal));
        Assert.Equal([second.Sid], _app.On("/voice").Select(v => v["CallSid"]));
        var late = await Assert.ThrowsAsync<ApiException>(() => CallResource.UpdateAsync(canceled.Sid, status: CallResource.UpdateStatusEnum.Completed, client: _client));
        Assert.Equal((400, 21220), (late.Status, late.Code));
    }

    [Fact]
    public async Task The_list_filters_by_number_and_start_time()
    {
        var first = await DialAsync();
        var second = await DialAsync();
        await DialAsync(to: "+15550100002");

        var toResponder = await CallResource.ReadAsync(to: new PhoneNumber(Responder), client: _client);
        var future = await CallResource.ReadAsync(startTimeAfter: DateTime.UtcNow.AddHours(1), client: _client);

        Assert.Equal(new[] { first.Sid, second.Sid }.Order(), toResponder.Select(c => c.Sid).Order());
        Assert.Empty(future);
    }

    /// <summary>Field sets against Twilio's published Call resource and real status-callback and Gather-action captures (shared fixtures, read at run time).</summary>
    [Fact]
    public async Task Shapes_match_the_published_samples_when_the_shared_fixtures_are_present()
    {
        var dir = SharedFixtures.FindDirectory("twilio-voice");
        string[] files = ["calls-create-response-201.json", "status-callback-no-answer.form", "status-callback-completed-answeredby.form", "gather-action-digits.form"];
        if (dir is null || files.Any(f => !File.Exists(Path.Combine(dir, f))))
        {
            Report(SharedFixtures.AbsentMessage("twilio-voice/" + files[0]));
            return;
        }

        using var published = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, files[0])));
        var (_, created) = await PostRawAsync($"/2010-04-01/Accounts/{_fake.AccountSid}/Calls.json",
            [new("To", Responder), new("From", Caller), new("Url", _app.Url("/voice"))]);
        Assert.Equal(Keys(published.RootElement), Keys(created));
        Assert.Equal(Keys(published.RootElement.GetProperty("subresource_uris")), Keys(created.GetProperty("subresource_uris")));
        Assert.Equal(published.RootElement.GetProperty("date_created").GetString()!.Length, created.GetProperty("date_created").GetString()!.Length);

        _fake.ProgramCallee("+15550100002", CalleeBehaviour.NoAnswer);
        _fake.ProgramCallee("+15550100003", CalleeBehaviour.Press("1"));
        _app.Twiml("/voice", """<Gather action="/voice/ack"><Say>Press 1.</Say></Gather>""");
        _app.Twiml("/voice/ack", "<Say>Thanks.</Say>");
        var unanswered = await FinishedAsync((await DialAsync(o => o.StatusCallback = StatusUrl, to: "+15550100002")).Sid);
        var answered = await FinishedAsync((await DialAsync(o => { o.StatusCallback = StatusUrl; o.MachineDetection = "Enable"; }, to: "+15550100003")).Sid);

        Assert.Equal(FormKeys(dir, files[1]), Keys(unanswered.StatusCallbacks.Single()));
        Assert.Equal(FormKeys(dir, files[2]), Keys(answered.StatusCallbacks.Single()));
        // The fixture's inbound call has no machine detection.
        Assert.Equal(FormKeys(dir, files[3]), Keys(answered.Requests.Single(r => r.Kind == FakeTwilioWebhookKind.Gather)).Where(k => k != "AnsweredBy"));
        Report("the fake's Call resource, status callbacks and Gather action have the published field sets (less the caller's geography)");
    }

    /// <summary>The names in a captured form, less the caller's and callee's geography (FromCity, CalledZip...), which the fake does not invent.</summary>
    private static string[] FormKeys(string dir, string file) =>
        File.ReadAllText(Path.Combine(dir, file)).Trim().Split('&')
            .Select(pair => WebUtility.UrlDecode(pair.Split('=')[0]))
            .Where(name => !Regex.IsMatch(name, "^(From|To|Caller|Called)(City|State|Zip|Country)$"))
            .Order(StringComparer.Ordinal).ToArray();

    private static string[] Keys(FakeTwilioWebhook webhook) => webhook.Parameters.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private async Task RingingAsync(string sid)
    {
        using var deadline = new CancellationTokenSource(Wait);
        while (_fake.Calls.Single(c => c.Sid == sid).Status != "ringing")
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> PostRawAsync(string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_fake.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_fake.AccountSid}:{_fake.AuthToken}")));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private void Report(string message)
    {
        output.WriteLine(message);
        Console.WriteLine(message);
    }
}
