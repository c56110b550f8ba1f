using Azure.Data.Tables;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Notifications.Voice;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.LocalRuntime.Tests.Notifications;

/// <summary>
/// <see cref="VoiceChannel"/> over real tables on Azurite and the real Twilio voice caller against the fake's Calls API:
/// one call per key however often the step runs, a call a crashed execution may have placed found at Twilio instead of
/// placed again, and the flood limit holding a second call to the same phone.
/// </summary>
public sealed class VoiceChannelTests : IAsyncLifetime
{
    private static readonly ResponderConfig Alice = new("Alice", "+15550300001");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private TestStores _stores = null!;
    private FakeTwilioServer _fake = null!;
    private ServiceProvider _services = null!;
    private VoiceChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _stores = await TestStores.CreateAsync();
        _fake = await FakeTwilioServer.StartAsync();
        // Nobody picks up: the fake reports busy to the status callback and never fetches TwiML.
        _fake.DefaultCallee = CalleeBehaviour.Busy;
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = _fake.AccountSid,
            ["Twilio:AuthToken"] = _fake.AuthToken,
            ["Twilio:FromNumber"] = "+15557770000",
            ["Twilio:ApiBaseUrl"] = _fake.BaseUrl,
            ["Twilio:PublicBaseUrl"] = "http://127.0.0.1:9",
            ["Twilio:CallFloodWindow"] = Window.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddLogging().AddIncidentSms(configuration, allowOutbox: false).AddIncidentVoice(configuration).BuildServiceProvider();
        var floodLimit = new FloodLimit(new FloodGateStore(new TableServiceClient(TestStorage.ConnectionString), _stores.Prefix), _stores.Sends,
            _stores.Incidents, _stores.Timeline, TimeProvider.System);
        _channel = new VoiceChannel(_services.GetRequiredService<IVoiceCaller>(), _services.GetRequiredService<VoiceUrls>(), _stores.Sends, floodLimit,
            _stores.Timeline, _services.GetRequiredService<IOptions<TwilioOptions>>(), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
        await _stores.DisposeAsync();
    }

    [Fact]
    public async Task A_step_run_twice_rings_once_and_says_the_same_call()
    {
        var first = await _channel.SendAsync(Page(7, "page:0:0:s1:Alice:r1:voice"), default);
        var again = await _channel.SendAsync(Page(7, "page:0:0:s1:Alice:r1:voice"), default);

        var call = Assert.Single(_fake.CallAttempts);
        Assert.Equal((true, call.Sid, false), (first.Delivered, first.Sid, first.AlreadyDone));
        Assert.Equal((true, call.Sid, true), (again.Delivered, again.Sid, again.AlreadyDone));
        Assert.Equal("http://127.0.0.1:9/api/voice/twiml?incident=7&key=page%3A0%3A0%3As1%3AAlice%3Ar1%3Avoice", call.Url);
        var row = await _stores.Sends.GetSendAsync(7, "page:0:0:s1:Alice:r1:voice", default);
        Assert.Equal((SendOutcomes.Sent, ContactMethodType.Voice, call.Sid), (row!.Outcome, row.Medium, row.Sid));
        Assert.Contains("Press 4 to acknowledge incident 7", row.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_a_crashed_execution_placed_is_found_at_twilio_not_placed_again()
    {
        const string key = "page:0:0:s2:Alice:r1:voice";
        var before = DateTimeOffset.UtcNow;
        // The crashed execution: its pending row, and the call Twilio took before the process died.
        await _stores.Sends.RecordSendAsync(IncidentFunctions.Domain.Incidents.IncidentIds.PartitionKey(8), key, new SendRecord("Alice", Alice.Phone, SendPurposes.Page, SendOutcomes.Pending, null, null, before)
        {
            Medium = ContactMethodType.Voice,
            AttemptedAt = before,
        }, default);
        var placed = await _services.GetRequiredService<IVoiceCaller>().PlaceAsync(new VoiceCall(Alice.Phone, "words",
            new Uri("http://127.0.0.1:9/api/voice/twiml"), new Uri("http://127.0.0.1:9/api/voice/status"), new Uri("http://127.0.0.1:9/api/voice/gather"), key), default);

        var outcome = await _channel.SendAsync(Page(8, key), default);

        Assert.Equal((true, placed.Sid, true), (outcome.Delivered, outcome.Sid, outcome.AlreadyDone));
        Assert.Single(_fake.CallAttempts);
        Assert.Equal(SendOutcomes.Sent, (await _stores.Sends.GetSendAsync(8, key, default))!.Outcome);
    }

    [Fact]
    public async Task A_second_call_to_the_same_phone_within_the_window_is_held_and_told_when_to_ask_again()
    {
        var first = await _channel.SendAsync(Page(9, "page:0:0:s1:Alice:r1:voice"), default);
        var second = await _channel.SendAsync(Page(10, "page:0:0:s1:Alice:r1:voice"), default);

        Assert.True(first.Delivered);
        Assert.False(second.Delivered);
        Assert.InRange(second.RetryAt!.Value - DateTimeOffset.UtcNow, Window - TimeSpan.FromSeconds(5), Window);
        Assert.Single(_fake.CallAttempts);
        Assert.Equal(SendOutcomes.Held, (await _stores.Sends.GetSendAsync(10, "page:0:0:s1:Alice:r1:voice", default))!.Outcome);
        var held = Assert.Single(await _stores.Timeline.GetAsync(10, default));
        Assert.StartsWith("Call to Alice held back: their phone got a call less than 30 s ago", held.Summary, StringComparison.Ordinal);

        // Asked again inside the window (a retried step): still held, nothing rings and nothing is written twice.
        var again = await _channel.SendAsync(Page(10, "page:0:0:s1:Alice:r1:voice"), default);
        Assert.Equal(second.RetryAt, again.RetryAt);
        Assert.Single(_fake.CallAttempts);
        Assert.Single(await _stores.Timeline.GetAsync(10, default));
    }

    private static NotificationRequest Page(long incident, string key) =>
        new(Alice, new NotificationSubject(incident, "SEV2", "checkout", "5xx", null), NotificationPurpose.Page, $"INC {incident}",
            new NotificationWhy(TimelineEntryKind.PageSent, "Called Alice (tier 1)", SendReason.ForTier(1)), ReplyOptions.ForPage(incident), key, DateTimeOffset.UtcNow)
        {
            Via = new ContactMethod(ContactMethodType.Voice, Alice.Phone),
        };
}
