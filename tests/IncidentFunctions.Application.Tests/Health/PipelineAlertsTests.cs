using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Health;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IncidentFunctions.Application.Tests.Health;

/// <summary>
/// Telling the admins on real stores (the claims) with outbox senders: every medium the condition does not break,
/// once per admin, medium and occurrence however often it is asked, and a medium that fails is tried again later.
/// </summary>
public sealed class PipelineAlertsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private readonly DevOutbox _outbox = new(TimeProvider.System);
    private readonly SwitchableMail _mail;
    private TestStores _stores = null!;

    public PipelineAlertsTests() => _mail = new SwitchableMail(new OutboxEmailSender(_outbox, NullLogger<OutboxEmailSender>.Instance));

    public async Task InitializeAsync() => _stores = await TestStores.CreateAsync();

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task A_Twilio_condition_is_mailed_not_texted_and_only_once_however_often_it_is_told()
    {
        var alerts = Alerts();
        var condition = new PipelineCondition(PipelineConditions.TwilioCredentials, "Twilio refuses the account's credentials (error 20003).", Since);

        Assert.Equal([PipelineAlerts.Email], await alerts.TellAsync(condition, null, claims: true, default));
        // A retry, the watch's pass, another instance (a new PipelineAlerts on the same table): told already.
        Assert.Equal([PipelineAlerts.Email], await alerts.TellAsync(condition, null, claims: true, default));
        Assert.Equal([PipelineAlerts.Email], await Alerts().TellAsync(condition, null, claims: true, default));

        var mail = Assert.Single(_outbox.Snapshot());
        Assert.Equal("ada@example.com", mail.To);
        Assert.Contains("error 20003", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mail_server_refusing_the_sign_in_is_texted_not_mailed_and_its_recovery_too()
    {
        var condition = new PipelineCondition(PipelineConditions.SmtpCredentials, "The mail server refuses our sign-in.", Since);

        Assert.Equal([PipelineAlerts.Sms], await Alerts().TellAsync(condition, null, claims: true, default));
        Assert.Equal([PipelineAlerts.Sms], await Alerts().TellAsync(condition, Since.AddMinutes(12), claims: true, default));

        Assert.Equal(["sms", "sms"], _outbox.Snapshot().Select(e => e.Medium.ToLowerInvariant()));
        Assert.Contains("recovered (smtp-credentials) after 12 min", _outbox.Snapshot()[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_medium_that_fails_does_not_throw_and_is_tried_again_on_the_next_pass()
    {
        var condition = new PipelineCondition(PipelineConditions.TimersLate, "Durable timers run late.", Since);
        _mail.Down = true;

        Assert.Equal([PipelineAlerts.Sms], await Alerts().TellAsync(condition, null, claims: true, default));

        _mail.Down = false;
        Assert.Equal([PipelineAlerts.Email, PipelineAlerts.Sms], await Alerts().TellAsync(condition, null, claims: true, default));
        Assert.Single(_outbox.Snapshot(), e => e.To == "ada@example.com");
        Assert.Single(_outbox.Snapshot(), e => e.To == Ada.Phone);
    }

    [Fact]
    public async Task Without_storage_each_instance_tells_once_from_memory()
    {
        var alerts = Alerts();
        var condition = new PipelineCondition(PipelineConditions.StorageUnreachable, "Storage has not answered.", Since);

        await alerts.TellAsync(condition, null, claims: false, default);
        await alerts.TellAsync(condition, null, claims: false, default);

        Assert.Equal(2, _outbox.Snapshot().Count); // one mail, one text
    }

    private static readonly ResponderConfig Ada = new("Ada", "+15550300009")
    {
        ContactMethods = [.. ContactMethod.OnPhone("+15550300009"), new ContactMethod(ContactMethodType.Email, "ada@example.com")],
    };

    private PipelineAlerts Alerts() => new(
        new IncidentConfigProvider(new IncidentConfig { AdminApiKey = "test-admin-key", Responders = [Ada], Admins = [Ada] }, "test.json"), _stores.Health,
        _mail, Options.Create(new EmailOptions()), new OutboxSmsSender(_outbox, NullLogger<OutboxSmsSender>.Instance),
        Options.Create(new SlackOptions()), Options.Create(new TeamsOptions()), new ServiceCollection().BuildServiceProvider(),
        NullLogger<PipelineAlerts>.Instance);

    /// <summary>The outbox, or a mail server that cannot be reached.</summary>
    private sealed class SwitchableMail(IEmailSender inner) : IEmailSender
    {
        public bool Down { get; set; }

        public string Provider => inner.Provider;

        public TimeSpan MaxSendDuration => inner.MaxSendDuration;

        public Task<EmailSendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            Down ? throw new EmailTransientException("The mail server could not be reached.") : inner.SendAsync(message, cancellationToken);
    }
}
