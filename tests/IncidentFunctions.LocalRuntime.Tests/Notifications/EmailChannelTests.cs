using System.Globalization;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
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
/// <see cref="EmailChannel"/> over real tables on Azurite and the real SMTP sender against a real SMTP server on
/// loopback: a retried step mails once, a refusal is recorded once, a transient failure is sent again with the same
/// Message-Id, and another execution's live lease is not mailed over.
/// </summary>
public sealed class EmailChannelTests : IAsyncLifetime
{
    private const long Incident = 9;
    private const string Key = "notify:LeadershipSev1:s1:Lee:email";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly ContactMethod LeeMail = new(ContactMethodType.Email, "lee@example.com");
    private static readonly ResponderConfig Lee = new("Lee", "+15550300009") { ContactMethods = [.. ContactMethod.OnPhone("+15550300009"), LeeMail] };

    private TestStores _stores = null!;
    private LoopbackSmtpServer _smtp = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _stores = await TestStores.CreateAsync();
        _smtp = await LoopbackSmtpServer.StartAsync();
        _services = Build(new Dictionary<string, string?>
        {
            ["Email:Host"] = _smtp.Host,
            ["Email:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
            ["Email:From"] = "Incidents <incidents@alerts.example.com>",
            ["Email:LinkBaseUrl"] = "https://incidents.example.com",
            ["Email:RequestTimeout"] = "00:00:10",
        }, allowOutbox: false);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _smtp.DisposeAsync();
        await _stores.DisposeAsync();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool allowOutbox) =>
        new ServiceCollection().AddLogging().AddIncidentEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), allowOutbox).BuildServiceProvider();

    private EmailChannel Channel(ServiceProvider? services = null)
    {
        var sp = services ?? _services;
        return new EmailChannel(sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<IOptions<EmailOptions>>(), sp.GetRequiredService<ConsoleLinks>(),
            _stores.Sends, _stores.Timeline, TimeProvider.System);
    }

    private static NotificationRequest Notice() =>
        new(Lee, new NotificationSubject(Incident, "SEV1", "checkout", "Checkout down", null) { OpenedAt = T0.AddMinutes(-1) }, NotificationPurpose.Notify,
            "SEV1 INC 9 checkout: Checkout down. Lead: being paged. Updates will follow.",
            new NotificationWhy(TimelineEntryKind.Notified, "Told Lee: LeadershipSev1", SendReason.Telling("LeadershipSev1")), ReplyOptions.None, Key, T0)
        {
            Via = LeeMail,
        };

    [Fact]
    public async Task A_retried_step_mails_once()
    {
        var first = await Channel().SendAsync(Notice(), default);
        var again = await Channel().SendAsync(Notice(), default);

        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal(1, _smtp.Attempts);
        Assert.Contains("Open in the console: https://incidents.example.com/console/incidents/9", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal((true, false, mail.Message.MessageId), (first.Delivered, first.AlreadyDone, first.Sid));
        Assert.Equal((true, true, first.Sid), (again.Delivered, again.AlreadyDone, again.Sid));
        var row = await _stores.Sends.GetSendAsync(Incident, Key, default);
        Assert.Equal((SendOutcomes.Sent, "lee@example.com", SendPurposes.Notify, mail.Message.MessageId), (row!.Outcome, row.Phone, row.Purpose, row.Sid));
        var entry = Assert.Single(await _stores.Timeline.GetAsync(Incident, default));
        Assert.Equal((TimelineEntryKind.Notified, "Told Lee: LeadershipSev1 by email", Key), (entry.Kind, entry.Summary, entry.Key));
    }

    [Fact]
    public async Task A_refused_mail_is_recorded_once_and_not_tried_again()
    {
        _smtp.ReplyWith(550, "5.1.1 No such user");

        var first = await Channel().SendAsync(Notice(), default);
        var again = await Channel().SendAsync(Notice(), default);

        Assert.Equal(1, _smtp.Attempts);
        Assert.Equal((false, 550), (first.Delivered, first.ErrorCode));
        Assert.True(again.AlreadyDone);
        var failed = Assert.Single(await _stores.Timeline.GetAsync(Incident, default));
        Assert.Equal(TimelineEntryKind.PageFailed, failed.Kind);
        Assert.StartsWith("Email to Lee rejected by the mail server (550: ", failed.Summary, StringComparison.Ordinal);
        Assert.Contains("No such user", failed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_failure_is_sent_again_by_the_next_execution_as_the_same_message()
    {
        _smtp.ReplyWith(451, "4.3.0 Try again later");
        await Assert.ThrowsAsync<EmailTransientException>(() => Channel().SendAsync(Notice(), default));
        var retrying = await _stores.Sends.GetSendAsync(Incident, Key, default);

        _smtp.Accept();
        var outcome = await Channel().SendAsync(Notice(), default);

        Assert.Equal((SendOutcomes.Retrying, 451), (retrying!.Outcome, retrying.ErrorCode));
        Assert.Equal(2, _smtp.Attempts);
        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal(EmailComposer.MessageId(Notice(), "alerts.example.com"), mail.Message.MessageId);
        Assert.Equal((true, false), (outcome.Delivered, outcome.AlreadyDone));
        var timeline = await _stores.Timeline.GetAsync(Incident, default);
        Assert.Contains(timeline, e => e.Summary == "Email to Lee not accepted by the mail server after 1 attempt(s) (reply 451); will try again");
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Notified);
    }

    [Fact]
    public async Task Another_execution_s_live_lease_is_not_mailed_over()
    {
        var now = DateTimeOffset.UtcNow;
        var held = new SendRecord("Lee", "lee@example.com", SendPurposes.Notify, SendOutcomes.Pending, null, null, T0) { AttemptedAt = now, LeaseUntil = now.AddMinutes(1) };
        Assert.True(await _stores.Sends.TryRecordPendingSendAsync(IncidentFunctions.Domain.Incidents.IncidentIds.PartitionKey(Incident), Key, held, null, default));

        await Assert.ThrowsAsync<EmailTransientException>(() => Channel().SendAsync(Notice(), default));

        Assert.Equal(0, _smtp.Attempts);
    }

    [Fact]
    public async Task Without_a_mail_server_in_azure_the_timeline_says_so()
    {
        await using var unconfigured = Build([], allowOutbox: false);

        var outcome = await Channel(unconfigured).SendAsync(Notice(), default);

        Assert.False(outcome.Delivered);
        var failed = Assert.Single(await _stores.Timeline.GetAsync(Incident, default));
        Assert.Equal("Email to Lee rejected by the email channel (no mail server is configured (Email:Host))", failed.Summary);
        Assert.Equal(SendOutcomes.Rejected, (await _stores.Sends.GetSendAsync(Incident, Key, default))!.Outcome);
    }
}
