using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Timeline;

namespace IncidentFunctions.Application.Tests.Notifications;

/// <summary>The one door from activities to media: what it asks of a channel, and that it will not start without SMS.</summary>
public sealed class NotifierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_page_goes_to_the_sms_channel_whole()
    {
        var sms = new RecordingChannel();
        var request = new NotificationRequest(new ResponderConfig("Alice", "+15550100001"), new NotificationSubject(42, "SEV1", "checkout", "5xx", null),
            NotificationPurpose.Page, "INC 42 SEV1 checkout: 5xx. Reply 42a to take the lead, 42e to escalate",
            new NotificationWhy(TimelineEntryKind.PageSent, "Paged Alice (tier 1)", SendReason.ForTier(1)), ReplyOptions.ForPage(42), "page:0:0:s1:Alice", T0);

        var outcome = await new Notifier([sms]).SendAsync(request, default);

        Assert.True(outcome.Delivered);
        Assert.Same(request, Assert.Single(sms.Sent));
        Assert.Equal([ReplyAction.Acknowledge, ReplyAction.Escalate], request.Replies.Select(r => r.Action));
        Assert.Equal(42, request.IncidentNumber);
    }

    [Fact]
    public void Without_an_sms_channel_it_refuses_to_start()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Notifier([]));
        Assert.Contains("SMS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ledger_keeps_the_purposes_it_always_had()
    {
        Assert.Equal(("page", "notify"), (SendPurposes.Of(NotificationPurpose.Page), SendPurposes.Of(NotificationPurpose.Notify)));
    }

    [Fact]
    public async Task A_rule_s_method_goes_to_its_own_channel_under_a_key_of_its_own()
    {
        var (sms, voice) = (new RecordingChannel(), new RecordingChannel(ContactMethodType.Voice));
        var alice = new ResponderConfig("Alice", "+15550100001")
        {
            ContactMethods = [.. ContactMethod.OnPhone("+15550100001"), new(ContactMethodType.Voice, "+15550100009", "home")],
        };
        var page = Page(alice);

        await new Notifier([sms, voice]).SendAsync(page with { Via = alice.ContactMethods[1] }, default);
        await new Notifier([sms, voice]).SendAsync(page with { Via = alice.ContactMethods[2] }, default);
        await new Notifier([sms, voice]).SendAsync(page with { Via = alice.ContactMethods[0] }, default);

        Assert.Equal(["page:0:0:s1:Alice:voice", "page:0:0:s1:Alice:voice2"], voice.Sent.Select(r => r.IdempotencyKey));
        Assert.Equal(["+15550100001", "+15550100009"], voice.Sent.Select(r => r.Phone));
        // A text to the phone keeps the key texts always had, so a ledger row from before still matches on a retry.
        Assert.Equal("page:0:0:s1:Alice", Assert.Single(sms.Sent).IdempotencyKey);
    }

    [Fact]
    public async Task A_method_without_a_channel_is_not_delivered()
    {
        var alice = new ResponderConfig("Alice", "+15550100001");
        var outcome = await new Notifier([new RecordingChannel()]).SendAsync(Page(alice) with { Via = alice.ContactMethods[1] }, default);
        Assert.False(outcome.Delivered);
    }

    [Fact]
    public async Task A_notification_is_texted_and_mailed_to_every_address_but_a_page_only_texted()
    {
        var (sms, email) = (new RecordingChannel(), new RecordingChannel(ContactMethodType.Email));
        var lee = new ResponderConfig("Lee", "+15550100004")
        {
            ContactMethods = [.. ContactMethod.OnPhone("+15550100004"), new(ContactMethodType.Email, "lee@example.com"), new(ContactMethodType.Email, "lee@home.example")],
        };
        var notifier = new Notifier([sms, email]);

        await notifier.SendAsync(Page(lee) with { Purpose = NotificationPurpose.Notify, IdempotencyKey = "notify:s2:Lee" }, default);
        await notifier.SendAsync(Page(lee), default);

        Assert.Equal(["notify:s2:Lee", "page:0:0:s1:Alice"], sms.Sent.Select(r => r.IdempotencyKey));
        Assert.Equal(["notify:s2:Lee:email", "notify:s2:Lee:email2"], email.Sent.Select(r => r.IdempotencyKey));
        Assert.Equal(["lee@example.com", "lee@home.example"], email.Sent.Select(r => r.Via!.To));
    }

    private static NotificationRequest Page(ResponderConfig to) => new(to, new NotificationSubject(42, "SEV1", "checkout", "5xx", null),
        NotificationPurpose.Page, "INC 42", new NotificationWhy(TimelineEntryKind.PageSent, "Paged", SendReason.ForTier(1)), ReplyOptions.ForPage(42), "page:0:0:s1:Alice", T0);

    private sealed class RecordingChannel(ContactMethodType medium = ContactMethodType.Sms) : INotificationChannel
    {
        public List<NotificationRequest> Sent { get; } = [];

        public ContactMethodType Medium => medium;

        public Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
        {
            Sent.Add(request);
            return Task.FromResult(new DispatchOutcome(true, "SM1", null, false));
        }
    }
}
