using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Hosting;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Domain.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Tests.Hosting;

/// <summary>Both hosts get a channel per medium, email included, and start without any Email settings.</summary>
public sealed class NotificationChannelsRegistrationTests
{
    [Theory]
    [InlineData(IncidentHostKind.LocalRuntime, typeof(OutboxEmailSender))]
    [InlineData(IncidentHostKind.AzureFunctions, typeof(UnconfiguredEmailSender))]
    public void Without_email_settings_both_hosts_have_an_email_channel(IncidentHostKind host, Type sender)
    {
        using var services = Build(host, []);

        Assert.NotNull(services.GetRequiredService<Notifier>());
        Assert.Equal([ContactMethodType.Sms, ContactMethodType.Voice, ContactMethodType.Email], services.GetServices<INotificationChannel>().Select(c => c.Medium).Order());
        Assert.IsType(sender, services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void With_a_mail_server_the_functions_app_mails_through_it()
    {
        using var services = Build(IncidentHostKind.AzureFunctions, new() { ["Email:Host"] = "smtp.example.com", ["Email:From"] = "incidents@example.com" });

        Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    private static ServiceProvider Build(IncidentHostKind host, Dictionary<string, string?> email)
    {
        var settings = new Dictionary<string, string?>
        {
            [IncidentConfigProvider.PathVariable] = AdminKeySettingTests.SampleConfig,
            [IncidentConfigProvider.AdminKeySetting] = "a-key-long-enough-for-the-functions-host",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Twilio:AccountSid"] = "AC00000000000000000000000000000001",
            ["Twilio:AuthToken"] = "test-auth-token",
            ["Twilio:FromNumber"] = "+15550100000",
        };
        foreach (var (key, value) in email)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddIncidentApplication(configuration, host).BuildServiceProvider();
    }
}
