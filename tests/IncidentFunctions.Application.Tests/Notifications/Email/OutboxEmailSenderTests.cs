using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Tests.Notifications.Sms;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static IncidentFunctions.Application.Tests.Notifications.Email.EmailTestData;

namespace IncidentFunctions.Application.Tests.Notifications.Email;

public sealed class OutboxEmailSenderTests
{
    [Fact]
    public async Task A_mail_is_kept_in_the_outbox_as_email_with_its_subject_and_the_address_masked_in_the_log()
    {
        var logs = new LogCapture();
        using var sp = EmailTestData.Services(new Dictionary<string, string?>(), allowOutbox: true, logs);
        var mail = EmailComposer.Compose(Notice(), new MailboxAddress("Incidents", "incidents@localhost"), null);

        var result = await sp.GetRequiredService<IEmailSender>().SendAsync(mail, default);

        var entry = Assert.Single(sp.GetRequiredService<DevOutbox>().Snapshot());
        Assert.Equal(("email", "lee@example.com", mail.Subject, result.Id), (entry.Medium, entry.To, entry.Subject, entry.Sid));
        Assert.StartsWith(Notice().Text, entry.Body, StringComparison.Ordinal);
        Assert.StartsWith("EMlocal", entry.Sid, StringComparison.Ordinal);
        var line = Assert.Single(logs.Lines, l => l.Text.StartsWith("[outbox] Email", StringComparison.Ordinal)).Text;
        Assert.Contains("l…@example.com", line, StringComparison.Ordinal);
        Assert.DoesNotContain("lee@example.com", line, StringComparison.Ordinal);
    }
}
