using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.Notifications;

/// <summary>
/// The send ledger's pending row as a lease: <see cref="SmsDispatcher"/> over real tables on Azurite and the real Twilio
/// sender against the fake Twilio. Two executions of one step at once (an activity handed out again while the first still
/// runs) text once; a lease given up or run out leaves the lookup-then-send path to decide.
/// </summary>
public sealed class SmsDispatcherLeaseTests : IAsyncLifetime
{
    private const long Incident = 7;
    private const string Key = "page:0:0:s1:Alice";
    private const string Body = "INC 7 SEV1 checkout: down. Reply 7a to take the lead";
    private static readonly ResponderConfig Alice = new("Alice", "+15550300001");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly WaitWatchingClock _clock = new();
    private TestStores _stores = null!;
    private FakeTwilioServer _fake = null!;
    private ServiceProvider _services = null!;
    private ISmsSender _sender = null!;
    private SmsDispatcher _dispatcher = null!;

    public async Task InitializeAsync()
    {
        _stores = await TestStores.CreateAsync();
        _fake = await FakeTwilioServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = _fake.AccountSid,
            ["Twilio:AuthToken"] = _fake.AuthToken,
            ["Twilio:FromNumber"] = "+15557770000",
            ["Twilio:ApiBaseUrl"] = _fake.BaseUrl,
            ["Twilio:MaxAttempts"] = "1",
            ["Twilio:RequestTimeout"] = "00:00:02",
        };
        _services = new ServiceCollection().AddLogging()
            .AddIncidentSms(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), allowOutbox: false)
            .BuildServiceProvider();
        _sender = _services.GetRequiredService<ISmsSender>();
        // Only the dispatcher's clock is watched: the sender keeps the system's.
        _dispatcher = new SmsDispatcher(_sender, _stores.Sends, _stores.Timeline, _clock);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
        await _stores.DisposeAsync();
    }

    private Task<DispatchOutcome> SendAsync() =>
        _dispatcher.SendOnceAsync(new NotificationRequest(Alice, new NotificationSubject(Incident, "SEV1", "checkout", "down", null), NotificationPurpose.Page, Body,
            new NotificationWhy(TimelineEntryKind.PageSent, "Paged Alice (tier 1)"), ReplyOptions.ForPage(Incident), Key, DateTimeOffset.UtcNow), default);

    [Fact]
    public async Task Two_executions_of_one_send_at_once_text_once()
    {
        // The first execution's request is at Twilio, not yet taken: asking Twilio now would find nothing.
        var held = _fake.HoldBeforeAccepting(m => m.To == Alice.Phone);
        var first = SendAsync();
        await held.WaitAsync(Wait);

        var second = SendAsync();
        // Under the first's lease the second waits (its clock is asked for a timer); without one it would send and finish.
        await Task.WhenAny(second, _clock.Waiting).WaitAsync(Wait);
        _fake.ReleaseHeld();
        var outcomes = await Task.WhenAll(first, second).WaitAsync(Wait);

        var text = Assert.Single(_fake.Messages);
        Assert.Single(_fake.Attempts);
        Assert.All(outcomes, o => Assert.Equal((true, text.Sid), (o.Delivered, o.Sid)));
        Assert.Equal([false, true], outcomes.Select(o => o.AlreadyDone));
        var ledger = await _stores.Sends.GetSendAsync(Incident, Key, default);
        Assert.Equal((SendOutcomes.Sent, text.Sid), (ledger!.Outcome, ledger.Sid));
        var sent = Assert.Single(await _stores.Timeline.GetAsync(Incident, default));
        Assert.Equal((TimelineEntryKind.PageSent, text.Sid), (sent.Kind, sent.Data!["sid"]));
    }

    [Fact]
    public async Task The_lease_is_the_senders_longest_send_and_a_margin()
    {
        var held = _fake.HoldBeforeAccepting(m => m.To == Alice.Phone);
        var first = SendAsync();
        await held.WaitAsync(Wait);

        var pending = await _stores.Sends.GetSendAsync(Incident, Key, default);
        _fake.ReleaseHeld();
        await first.WaitAsync(Wait);

        Assert.Equal(SendOutcomes.Pending, pending!.Outcome);
        Assert.Equal(pending.AttemptedAt + _sender.MaxSendDuration + SmsDispatcher.LeaseMargin, pending.LeaseUntil);
        Assert.Equal(TimeSpan.FromSeconds(2), _sender.MaxSendDuration); // one attempt of Twilio:RequestTimeout
    }

    [Fact]
    public async Task A_send_that_got_no_answer_gives_its_lease_up_and_the_next_execution_asks_twilio_at_once()
    {
        _fake.NeverAnswer(1);
        await Assert.ThrowsAsync<SmsTransientException>(SendAsync);
        var pending = await _stores.Sends.GetSendAsync(Incident, Key, default);
        Assert.Equal((SendOutcomes.Pending, null), (pending!.Outcome, pending.LeaseUntil));

        var outcome = await SendAsync().WaitAsync(Wait);

        Assert.False(_clock.Waiting.IsCompleted, "waited on a lease that had been given up");
        Assert.NotEmpty(_fake.Lookups);
        Assert.Equal((true, Assert.Single(_fake.Messages).Sid), (outcome.Delivered, outcome.Sid));
    }

    [Fact]
    public async Task After_the_lease_runs_out_a_text_twilio_has_is_found_and_not_sent_again()
    {
        // The first execution died after Twilio took its text; its lease has run out since.
        var attemptedAt = DateTimeOffset.UtcNow;
        var taken = await _sender.SendAsync(new SmsMessage(Alice.Phone, Body, Key), default);
        var pending = new SendRecord(Alice.Name, Alice.Phone, SendPurposes.Page, SendOutcomes.Pending, null, null, attemptedAt)
        {
            Body = Body,
            AttemptedAt = attemptedAt,
            LeaseUntil = DateTimeOffset.UtcNow.AddSeconds(-1),
        };
        Assert.True(await _stores.Sends.TryRecordPendingSendAsync(IncidentFunctions.Domain.Incidents.IncidentIds.PartitionKey(Incident), Key, pending, null, default));

        var outcome = await SendAsync().WaitAsync(Wait);

        Assert.False(_clock.Waiting.IsCompleted, "waited on a lease that had run out");
        Assert.Equal((true, taken.Sid, true), (outcome.Delivered, outcome.Sid, outcome.AlreadyDone));
        Assert.Single(_fake.Messages);
        Assert.NotEmpty(_fake.Lookups);
    }

    /// <summary>The system's clock, telling when someone first waits on it (a timer is asked for).</summary>
    private sealed class WaitWatchingClock : TimeProvider
    {
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Waiting => _waiting.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _waiting.TrySetResult();
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
