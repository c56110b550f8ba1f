using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Tests.Notifications.Sms;

/// <summary>
/// <see cref="TwilioSmsSender"/> through the real Twilio SDK and real loopback HTTP against <see cref="FakeTwilioServer"/>
/// (Twilio:ApiBaseUrl points at it). Backoffs are milliseconds; nothing sleeps.
/// </summary>
public sealed class TwilioSmsSenderTests : IAsyncLifetime
{
    private const string To = "+15550100001";
    private static readonly Regex MessageSid = new("^SM[0-9a-f]{32}$");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly LogCapture _logs = new();
    private FakeTwilioServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTwilioServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ISmsSender Sender(Dictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        SmsTestServices.Build(settings ?? SmsTestServices.ForFake(_fake), allowOutbox: false, _logs, time).GetRequiredService<ISmsSender>();

    private static SmsMessage Text(string body = "INC 42 CRITICAL api: 5xx rate high. Reply 42a to take the lead", string to = To) =>
        new(to, body, "inc-42:tier-0:alice");

    [Fact]
    public async Task Sends_from_the_configured_number()
    {
        var sender = Sender();
        Assert.IsType<TwilioSmsSender>(sender);

        var result = await sender.SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Matches(MessageSid, result.Sid);
        Assert.Equal(1, result.Attempts);
        Assert.Null(result.ErrorCode);
        var sent = Assert.Single(_fake.Messages);
        Assert.Equal(result.Sid, sent.Sid);
        Assert.Equal(To, sent.To);
        Assert.Equal(SmsTestServices.TestFromNumber, sent.From);
        Assert.Null(sent.MessagingServiceSid);
        Assert.Equal(Text().Body, sent.Body);
        Assert.Equal(_fake.AccountSid, sent.PathAccountSid);
        Assert.Equal(["Body", "From", "To"], sent.Form.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sends_through_the_messaging_service_without_a_from_number()
    {
        var sender = Sender(SmsTestServices.ForFake(_fake, messagingService: true));

        var result = await sender.SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        var sent = Assert.Single(_fake.Messages);
        Assert.Equal(SmsTestServices.TestMessagingServiceSid, sent.MessagingServiceSid);
        Assert.Null(sent.From);
        Assert.Equal(["Body", "MessagingServiceSid", "To"], sent.Form.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Non_ascii_bodies_arrive_intact()
    {
        const string body = "INC 7 — Zürich DB “primary” down 🚨 & <b>not</b> html";

        await Sender().SendAsync(Text(body), CancellationToken.None);

        var sent = await _fake.WaitForMessageAsync(m => m.To == To, Wait);
        Assert.Equal(body, sent.Body);
    }

    [Fact]
    public async Task A_500_is_retried_and_then_succeeds()
    {
        _fake.FailNext(1, 500, 20500);

        var result = await Sender().SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Equal([500, 201], _fake.Attempts.Select(a => a.StatusCode));
        Assert.Single(_fake.Messages);
        // Twilio answered that it took nothing: no need to ask.
        Assert.Empty(_fake.Lookups);
    }

    [Fact]
    public async Task A_502_with_an_html_body_is_retried_too()
    {
        // No Twilio JSON: the SDK throws a generic ApiException without the status; the sender still sees it.
        _fake.FailNext(1, 502);

        var result = await Sender().SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Equal([502, 201], _fake.Attempts.Select(a => a.StatusCode));
    }

    [Fact]
    public async Task A_429_waits_for_retry_after_then_retries()
    {
        _fake.FailNext(1, 429, 20429, retryAfter: TimeSpan.FromSeconds(1));

        var result = await Sender().SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Equal(2, result.Attempts);
        var attempts = _fake.Attempts;
        Assert.Equal([429, 201], attempts.Select(a => a.StatusCode));
        var waited = attempts[1].ReceivedAt - attempts[0].ReceivedAt;
        Assert.True(waited >= TimeSpan.FromMilliseconds(950), $"waited only {waited} although Retry-After was 1 s (backoff alone is ≤ 50 ms)");
        Assert.Empty(_fake.Lookups);
    }

    [Fact]
    public async Task Retry_after_is_capped()
    {
        var time = new RecordingTimeProvider();
        var settings = SmsTestServices.ForFake(_fake);
        settings["Twilio:MaxRetryAfter"] = "00:00:00.200";
        _fake.FailNext(1, 429, 20429, retryAfter: TimeSpan.FromMinutes(10));

        var result = await Sender(settings, time).SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Contains(TimeSpan.FromMilliseconds(200), time.RequestedDelays);
    }

    [Fact]
    public async Task A_persistent_503_throws_transient_after_max_attempts()
    {
        _fake.FailNext(10, 503, 20503);

        var ex = await Assert.ThrowsAsync<SmsTransientException>(() => Sender().SendAsync(Text(), CancellationToken.None));

        Assert.Equal(3, ex.Attempts);
        Assert.Equal(503, ex.HttpStatus);
        Assert.Equal(20503, ex.ErrorCode);
        Assert.Equal(3, _fake.Attempts.Count);
        Assert.All(_fake.Attempts, a => Assert.Equal(503, a.StatusCode));
        Assert.Empty(_fake.Messages);
        Assert.Contains("+1555…0001", ex.Message);
        Assert.DoesNotContain(To, ex.Message);
        // Twilio answered every attempt with an error: it holds nothing, so the next try needs no lookup.
        Assert.False(ex.MayHaveBeenAccepted);
    }

    [Theory]
    [InlineData(21610, "unsubscribed")]
    [InlineData(21211, "not a valid phone number")]
    [InlineData(21614, "not a valid mobile number")]
    [InlineData(21408, "Permission to send an SMS")]
    public async Task Permanent_twilio_errors_are_rejected_after_one_attempt(int code, string messagePart)
    {
        _fake.RejectNumber(To, code);

        var result = await Sender().SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Rejected, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.Contains(messagePart, result.ErrorMessage);
        Assert.Null(result.Sid);
        Assert.Equal(1, result.Attempts);
        Assert.Single(_fake.Attempts);
        Assert.Empty(_fake.Messages);
    }

    [Fact]
    public async Task An_invalid_number_is_rejected_by_validation_too()
    {
        var result = await Sender().SendAsync(Text(to: "+0123"), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Rejected, result.Outcome);
        Assert.Equal(21211, result.ErrorCode);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task Wrong_credentials_are_rejected_with_20003_and_logged_as_an_error()
    {
        // Decision: a 401 is a 4xx like any other — Rejected, not retried, not thrown. Retrying cannot fix a bad
        // token, and throwing would fail (and retry) the whole paging step; Rejected records a PageFailed entry on
        // the timeline and escalation carries on, while the error log names the settings to fix.
        var sender = Sender(SmsTestServices.ForFake(_fake, authToken: "not-the-right-token"));

        var result = await sender.SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Rejected, result.Outcome);
        Assert.Equal(20003, result.ErrorCode);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(401, Assert.Single(_fake.Attempts).StatusCode);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("Twilio:AuthToken", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Text.Contains("not-the-right-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried()
    {
        var settings = SmsTestServices.ForFake(_fake, requestTimeout: TimeSpan.FromSeconds(1));
        _fake.Delay(TimeSpan.FromSeconds(30), count: 1);

        var result = await Sender(settings).SendAsync(Text(), CancellationToken.None);

        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("timed out", StringComparison.Ordinal));
        // Asked before sending again, and found nothing: the fake never took the first attempt.
        Assert.NotEmpty(_fake.Lookups);
        Assert.Single(_fake.Messages);
    }

    [Fact]
    public async Task An_attempt_twilio_took_but_never_answered_is_found_in_its_list_and_not_sent_again()
    {
        var settings = SmsTestServices.ForFake(_fake, requestTimeout: TimeSpan.FromSeconds(1));
        var held = _fake.HoldAfterAccepting(m => m.To == To);

        var result = await Sender(settings).SendAsync(Text(), CancellationToken.None);

        var accepted = await held.WaitAsync(Wait);
        Assert.Equal(SmsSendOutcome.Sent, result.Outcome);
        Assert.Equal(accepted.Sid, result.Sid);
        Assert.Equal(1, result.Attempts);
        Assert.Single(_fake.Attempts);
        Assert.Single(_fake.Messages);
        Assert.Contains(_fake.Lookups, q => q.Contains("To=%2B15550100001", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Text.Contains("Twilio already has the text", StringComparison.Ordinal) && l.Text.Contains(accepted.Sid!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unanswered_attempt_twilio_cannot_be_asked_about_stops_the_send_as_possibly_accepted()
    {
        var settings = SmsTestServices.ForFake(_fake, requestTimeout: TimeSpan.FromSeconds(1));
        _fake.NeverAnswer(1);
        // Starts with the first request that reaches a decision: the lookup (the unanswered send never does).
        _fake.FailFor(TimeSpan.FromMinutes(1), 503, 20503, fromFirstRequest: true);

        var ex = await Assert.ThrowsAsync<SmsTransientException>(() => Sender(settings).SendAsync(Text(), CancellationToken.None));

        Assert.Equal(1, ex.Attempts);
        Assert.True(ex.MayHaveBeenAccepted);
        Assert.Equal(499, Assert.Single(_fake.Attempts).StatusCode);
        Assert.NotEmpty(_fake.Lookups);
        Assert.DoesNotContain(To, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_timeouts_throw_transient()
    {
        // Long enough for the lookup between the attempts to be answered on a busy machine.
        var settings = SmsTestServices.ForFake(_fake, maxAttempts: 2, requestTimeout: TimeSpan.FromSeconds(1));
        _fake.Delay(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<SmsTransientException>(() => Sender(settings).SendAsync(Text(), CancellationToken.None));

        Assert.Equal(2, ex.Attempts);
        Assert.Null(ex.HttpStatus);
        Assert.True(ex.MayHaveBeenAccepted);
    }

    [Fact]
    public async Task Finds_a_text_twilio_accepted_by_number_and_words_with_twilios_list_filters()
    {
        var sender = Sender();
        var before = DateTimeOffset.UtcNow;
        var sent = await sender.SendAsync(Text(), CancellationToken.None);
        await sender.SendAsync(Text(to: "+15550100002"), CancellationToken.None);

        var found = await sender.FindAcceptedAsync(Text(), before, new HashSet<string>(), CancellationToken.None);

        Assert.Equal(sent.Sid, found);
        // To and DateSent> (written DateSent>=… on the wire), as Twilio documents the Messages list.
        Assert.Contains(_fake.Lookups, q => q.Contains("To=%2B15550100001", StringComparison.Ordinal) && q.Contains("DateSent%3E=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Finds_nothing_for_other_words_a_known_sid_or_an_older_text()
    {
        var sender = Sender();
        var sent = await sender.SendAsync(Text(), CancellationToken.None);

        Assert.Null(await sender.FindAcceptedAsync(Text(body: "INC 43 other words"), DateTimeOffset.UtcNow.AddMinutes(-5), new HashSet<string>(), CancellationToken.None));
        Assert.Null(await sender.FindAcceptedAsync(Text(), DateTimeOffset.UtcNow.AddMinutes(-5), new HashSet<string> { sent.Sid! }, CancellationToken.None));
        Assert.Null(await sender.FindAcceptedAsync(Text(), DateTimeOffset.UtcNow.AddMinutes(5), new HashSet<string>(), CancellationToken.None));
    }

    [Fact]
    public async Task A_lookup_twilio_cannot_answer_throws_transient_rather_than_guessing()
    {
        _fake.FailFor(TimeSpan.FromMinutes(1), 503, 20503);

        await Assert.ThrowsAsync<SmsTransientException>(() =>
            Sender().FindAcceptedAsync(Text(), DateTimeOffset.UtcNow, new HashSet<string>(), CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_connection_throws_transient()
    {
        var settings = SmsTestServices.ForFake(_fake, maxAttempts: 2);
        settings["Twilio:ApiBaseUrl"] = $"http://127.0.0.1:{ClosedPort()}";

        var ex = await Assert.ThrowsAsync<SmsTransientException>(() => Sender(settings).SendAsync(Text(), CancellationToken.None));

        Assert.Equal(2, ex.Attempts);
        Assert.Null(ex.HttpStatus);
        Assert.NotNull(ex.InnerException);
        // Nothing reached Twilio: nothing to ask it about, now or on the next try.
        Assert.False(ex.MayHaveBeenAccepted);
    }

    [Fact]
    public async Task Cancellation_stops_the_call_in_flight()
    {
        _fake.Delay(TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender().SendAsync(Text(), cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {watch.Elapsed}");
    }

    [Fact]
    public async Task Concurrent_sends_keep_their_retries_apart()
    {
        // More attempts than injected failures: whichever sends draw them, none can run out.
        var sender = Sender(SmsTestServices.ForFake(_fake, maxAttempts: 6));
        _fake.FailNext(5, 500, 20500);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            sender.SendAsync(new SmsMessage($"+1555010{i:0000}", $"page {i}", $"key-{i}"), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(SmsSendOutcome.Sent, r.Outcome));
        Assert.Equal(12 + 5, results.Sum(r => r.Attempts));
        Assert.Equal(12, results.Select(r => r.Sid).Distinct().Count());
        Assert.Equal(12, _fake.Messages.Count);
    }

    [Fact]
    public async Task Logs_mask_the_number_and_never_carry_the_token_or_the_body()
    {
        _fake.FailNext(1, 503, 20503);
        var body = "INC 99 secret-ish details that stay out of logs";

        await Sender().SendAsync(Text(body), CancellationToken.None);

        var lines = _logs.Lines.Where(l => l.Category.StartsWith("IncidentFunctions", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Text.Contains("+1555…0001", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Text.Contains("retrying", StringComparison.Ordinal));
        Assert.All(_logs.Lines, l =>
        {
            Assert.DoesNotContain(_fake.AuthToken, l.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(BasicCredentials, l.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(body, l.Text, StringComparison.Ordinal);
        });
        Assert.All(lines, l => Assert.DoesNotContain(To, l.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejection_quoting_the_number_is_logged_masked()
    {
        _fake.RejectNumber(To, 21211); // Twilio's text: "The 'To' number +1555... is not a valid phone number."

        var result = await Sender().SendAsync(Text(), CancellationToken.None);

        Assert.Contains(To, result.ErrorMessage, StringComparison.Ordinal); // the result keeps Twilio's words
        var line = Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning && l.Category.EndsWith(nameof(TwilioSmsSender), StringComparison.Ordinal));
        Assert.Contains("+1555…0001", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(To, line.Text, StringComparison.Ordinal);
    }

    private string BasicCredentials => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_fake.AccountSid + ":" + _fake.AuthToken));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
