using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Tests.Notifications.Email;

public sealed class EmailOptionsTests
{
    /// <summary>Later values win, so a test overrides what <see cref="Smtp"/> sets.</summary>
    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] values)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in values)
        {
            settings["Email:" + key] = value;
        }

        return settings;
    }

    private static Dictionary<string, string?> Smtp(params (string Key, string? Value)[] more) =>
        Settings([("Host", "smtp.example.com"), ("From", "Incidents <incidents@example.com>"), .. more]);

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        var e = Assert.Throws<OptionsValidationException>(() => EmailTestData.Services(settings, allowOutbox: false));
        return [.. e.Failures];
    }

    [Fact]
    public void With_a_host_mail_goes_to_the_mail_server_on_the_port_of_its_security_mode()
    {
        using var sp = EmailTestData.Services(Smtp(), allowOutbox: true);

        Assert.IsType<SmtpEmailSender>(sp.GetRequiredService<IEmailSender>());
        var o = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.Equal((EmailSecurity.StartTls, 587), (o.SecurityMode, o.EffectivePort));
        Assert.Equal(465, new EmailOptions { Security = "tls" }.EffectivePort);
        Assert.Equal(25, new EmailOptions { Security = "None" }.EffectivePort);
        Assert.Equal(2525, new EmailOptions { Security = "None", Port = 2525 }.EffectivePort);
    }

    [Fact]
    public void Without_a_host_the_local_runtime_mails_to_the_outbox_and_links_to_itself()
    {
        using var sp = EmailTestData.Services(Settings(), allowOutbox: true);

        Assert.IsType<OutboxEmailSender>(sp.GetRequiredService<IEmailSender>());
        Assert.NotNull(sp.GetRequiredService<DevOutbox>());
        // No server is listening in this test: the local runtime's default address.
        Assert.Equal("http://127.0.0.1:7071/console/incidents/42", sp.GetRequiredService<ConsoleLinks>().Incident(42));
    }

    [Fact]
    public void Without_a_host_azure_starts_and_refuses_each_mail_on_the_timeline()
    {
        using var sp = EmailTestData.Services(Settings(), allowOutbox: false);

        Assert.IsType<UnconfiguredEmailSender>(sp.GetRequiredService<IEmailSender>());
        Assert.Null(sp.GetService<DevOutbox>());
        // No WEBSITE_HOSTNAME and no Email:LinkBaseUrl: no link.
        Assert.Null(sp.GetRequiredService<ConsoleLinks>().Incident(42));
    }

    [Fact]
    public void In_azure_links_go_to_the_app_s_host_name_unless_a_base_url_is_configured()
    {
        var settings = Smtp();
        settings[EmailServiceCollectionExtensions.AppHostNameSetting] = "func-incidents.azurewebsites.net";
        using var byHost = EmailTestData.Services(settings, allowOutbox: false);
        using var configured = EmailTestData.Services(Smtp(("LinkBaseUrl", "https://incidents.example.com/")), allowOutbox: false);

        Assert.Equal("https://func-incidents.azurewebsites.net/console/incidents/7", byHost.GetRequiredService<ConsoleLinks>().Incident(7));
        Assert.Equal("https://incidents.example.com/console/incidents/7", configured.GetRequiredService<ConsoleLinks>().Incident(7));
    }

    [Fact]
    public void Empty_settings_as_the_deployment_writes_them_mean_unset()
    {
        using var sp = EmailTestData.Services(Settings(("Host", ""), ("Port", ""), ("Security", "StartTls"), ("User", ""), ("Password", ""), ("From", ""),
            ("LinkBaseUrl", "https://func-x.azurewebsites.net")), allowOutbox: false);

        Assert.IsType<UnconfiguredEmailSender>(sp.GetRequiredService<IEmailSender>());
        Assert.Equal(587, sp.GetRequiredService<IOptions<EmailOptions>>().Value.EffectivePort);
    }

    [Fact]
    public void A_host_without_a_sender_is_refused()
    {
        var failures = Failures(Settings(("Host", "smtp.example.com")));

        Assert.Contains(failures, f => f.StartsWith("Email:From is required when Email:Host is set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Incidents <incidents@example.com>")]
    [InlineData("incidents@example.com")]
    public void A_sender_may_have_a_display_name(string from)
    {
        using var sp = EmailTestData.Services(Smtp(("From", from)), allowOutbox: false);

        Assert.Equal("incidents@example.com", sp.GetRequiredService<IOptions<EmailOptions>>().Value.FromMailbox.Address);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_key()
    {
        var failures = Failures(Smtp(("From", "Incidents"), ("Port", "70000"), ("Security", "SSL"), ("User", "mailer"), ("LinkBaseUrl", "incidents.example.com"),
            ("RequestTimeout", "00:10:00")));

        Assert.Collection(failures,
            f => Assert.StartsWith("Email:From 'Incidents' is not a mailbox", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Email:Port must be between 1 and 65535", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Email:Security 'SSL' is not one of None, StartTls or Tls", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Email:Password is required when Email:User is set", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Email:LinkBaseUrl must be an absolute http(s) URL", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Email:RequestTimeout must be positive and at most 4 minutes", f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_host_with_a_scheme_or_port_is_refused()
    {
        var failures = Failures(Smtp(("Host", "smtp://smtp.example.com:587")));

        Assert.Contains(failures, f => f.StartsWith("Email:Host 'smtp://smtp.example.com:587' is not a host name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_without_a_user_is_refused()
    {
        var failures = Failures(Smtp(("Password", "secret")));

        Assert.Equal(["Email:User is required when Email:Password is set."], failures);
    }

    [Fact]
    public void A_Key_Vault_reference_that_did_not_resolve_is_refused_not_taken_as_the_password()
    {
        var reference = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/email-password)";

        var failures = Failures(Smtp(("User", "mailer"), ("Password", reference)));

        var failure = Assert.Single(failures);
        Assert.StartsWith("Email:Password is a Key Vault reference that did not resolve", failure, StringComparison.Ordinal);
        Assert.EndsWith(reference, failure, StringComparison.Ordinal);
    }
}
