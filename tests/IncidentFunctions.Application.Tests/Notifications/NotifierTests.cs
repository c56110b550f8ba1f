using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Domain.Configuration;
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

    private sealed class RecordingChannel : INotificationChannel
    {
        public List<NotificationRequest> Sent { get; } = [];

        public ContactMedium Medium => ContactMedium.Sms;

        public Task<DispatchOutcome> SendAsync(NotificationRequest request, CancellationToken ct)
        {
            Sent.Add(request);
            return Task.FromResult(new DispatchOutcome(true, "SM1", null, false));
        }
    }
}
