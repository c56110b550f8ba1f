using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Timeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Tests.Notifications.Email;

/// <summary>Requests as the notifier hands them to the email channel, and the email services as the hosts build them.</summary>
internal static class EmailTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset OpenedAt = T0.AddMinutes(-3);
    public static readonly ContactMethod LeeMail = new(ContactMethodType.Email, "lee@example.com");

    public static readonly ResponderConfig Lee = new("Lee", "+15550100009")
    {
        ContactMethods = [.. ContactMethod.OnPhone("+15550100009"), LeeMail],
    };

    public static NotificationSubject Subject(string title = "Checkout 5xx above 2%") =>
        new(42, "SEV2", "checkout", title, null) { OpenedAt = OpenedAt };

    public static NotificationRequest Notice(string text = "SEV1 INC 42 checkout: Checkout 5xx above 2%. Lead: being paged. Updates will follow.") =>
        new(Lee, Subject(), NotificationPurpose.Notify, text,
            new NotificationWhy(TimelineEntryKind.Notified, "Told Lee: LeadershipSev1", SendReason.Telling("LeadershipSev1")),
            ReplyOptions.None, "notify:LeadershipSev1:s1:Lee:email", T0) { Via = LeeMail };

    public static NotificationRequest Page() => Notice("INC 42 SEV2 checkout: Checkout 5xx above 2%. Reply 42a to take the lead, 42e to escalate") with
    {
        Purpose = NotificationPurpose.Page,
        Why = new NotificationWhy(TimelineEntryKind.PageSent, "Paged Lee (tier 1)", SendReason.ForTier(1)),
        Replies = ReplyOptions.ForPage(42),
        IdempotencyKey = "page:0:0:s1:Lee:email",
    };

    public static ServiceProvider Services(IDictionary<string, string?> settings, bool allowOutbox, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSingleton(TimeProvider.System);
        return services.AddIncidentEmail(configuration, allowOutbox).BuildServiceProvider();
    }
}
