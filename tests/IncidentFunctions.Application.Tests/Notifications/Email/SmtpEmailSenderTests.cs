using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static IncidentFunctions.Application.Tests.Notifications.Email.EmailTestData;

namespace IncidentFunctions.Application.Tests.Notifications.Email;

/// <summary>The mail sender against a real SMTP server on loopback: what arrives, parsed, and how each refusal is taken.</summary>
public sealed class SmtpEmailSenderTests : IAsyncLifetime
{
    private const string From = "Incidents <incidents@alerts.example.com>";
    private const string Url = "http://127.0.0.1:7071/console/incidents/42";
    private LoopbackSmtpServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackSmtpServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static IEmailSender Sender(int port, string security = "None", string? user = null, string? password = null) =>
        EmailTestData.Services(new Dictionary<string, string?>
        {
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Email:Security"] = security,
            ["Email:From"] = From,
            ["Email:User"] = user,
            ["Email:Password"] = password,
            ["Email:RequestTimeout"] = "00:00:10",
        }, allowOutbox: false).GetRequiredService<IEmailSender>();

    private static MimeMessage Mail(NotificationRequestKind kind = NotificationRequestKind.Notice) =>
        EmailComposer.Compose(kind == NotificationRequestKind.Page ? Page() : Notice(), MailboxAddress.Parse(From), Url);

    public enum NotificationRequestKind
    {
        Notice,
        Page,
    }

    [Fact]
    public async Task A_mail_arrives_whole_with_both_parts_and_its_thread()
    {
        var sent = Mail(NotificationRequestKind.Page);

        var result = await Sender(_server.Port).SendAsync(sent, default);

        var mail = Assert.Single(_server.Mails);
        Assert.Equal(("incidents@alerts.example.com", "lee@example.com"), (mail.EnvelopeFrom, Assert.Single(mail.EnvelopeTo)));
        var got = mail.Message;
        Assert.Equal("[INC 42] SEV2 checkout: Checkout 5xx above 2%", got.Subject);
        Assert.Equal(("Incidents", "incidents@alerts.example.com"), (got.From.Mailboxes.Single().Name, got.From.Mailboxes.Single().Address));
        Assert.Equal(("Lee", "lee@example.com"), (got.To.Mailboxes.Single().Name, got.To.Mailboxes.Single().Address));
        Assert.StartsWith("INC 42 SEV2 checkout: Checkout 5xx above 2%. Reply 42a", got.TextBody, StringComparison.Ordinal);
        Assert.Contains("Acknowledge in the console: " + Url, got.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{Url}\"", got.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("multipart/alternative", got.Body!.ContentType.MimeType);
        Assert.Equal("incident-42.20261124T095700Z@alerts.example.com", got.InReplyTo);
        Assert.Equal(["incident-42.20261124T095700Z@alerts.example.com"], got.References);
        Assert.Equal(sent.MessageId, got.MessageId);
        Assert.Equal((true, sent.MessageId), (result.Sent, result.Id));
    }

    [Fact]
    public async Task Signs_in_when_a_user_is_set()
    {
        await using var server = await LoopbackSmtpServer.StartAsync("mailer", "s3cret");

        var result = await Sender(server.Port, user: "mailer", password: "s3cret").SendAsync(Mail(), default);

        Assert.True(result.Sent);
        Assert.Equal("mailer", Assert.Single(server.Mails).User);
    }

    [Fact]
    public async Task A_refused_sign_in_is_refused_for_good()
    {
        await using var server = await LoopbackSmtpServer.StartAsync("mailer", "s3cret");

        var result = await Sender(server.Port, user: "mailer", password: "wrong").SendAsync(Mail(), default);

        Assert.False(result.Sent);
        Assert.Contains("refused the sign-in of mailer", result.Error, StringComparison.Ordinal);
        // What makes the pipeline "smtp-credentials" degraded (the Notifier reads it).
        Assert.True(result.CredentialsRefused);
        Assert.Empty(server.Mails);
    }

    [Fact]
    public async Task A_5xx_reply_is_refused_for_good_with_its_code()
    {
        _server.ReplyWith(554, "5.7.1 Message rejected");

        var result = await Sender(_server.Port).SendAsync(Mail(), default);

        Assert.Equal((false, 554), (result.Sent, result.ReplyCode));
        Assert.Contains("Message rejected", result.Error, StringComparison.Ordinal);
        // A refused message is not a refused sign-in: the pipeline is not degraded for it.
        Assert.False(result.CredentialsRefused);
    }

    [Fact]
    public async Task A_4xx_reply_is_transient()
    {
        _server.ReplyWith(451, "4.3.0 Try again later");

        var e = await Assert.ThrowsAsync<EmailTransientException>(() => Sender(_server.Port).SendAsync(Mail(), default));

        Assert.Equal(451, e.ReplyCode);
        Assert.Empty(_server.Mails);
    }

    [Fact]
    public async Task A_server_that_is_down_is_transient()
    {
        var e = await Assert.ThrowsAsync<EmailTransientException>(() => Sender(FreePort()).SendAsync(Mail(), default));

        Assert.Null(e.ReplyCode);
        Assert.Contains("could not be reached", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_is_required_not_hoped_for()
    {
        // The loopback server offers no STARTTLS: the default mode refuses rather than send in clear.
        var result = await Sender(_server.Port, security: "StartTls").SendAsync(Mail(), default);

        Assert.False(result.Sent);
        Assert.Contains("STARTTLS", result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Mails);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
