using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IncidentFunctions.Application.Notifications.Email;

/// <summary>
/// Sends through the configured mail server (SMTP submission): one connection per mail, in the configured security
/// mode, signing in when Email:User is set. Mail is rare (notifications, the odd page), so a pooled connection would
/// only add a way to fail.
/// <para>
/// A 5xx reply, a refused sign-in, a server that does not offer what the settings ask for (STARTTLS, AUTH) or a
/// certificate that does not validate is refused for good: trying again will not change it. A 4xx reply, a refused
/// or dropped connection and a timeout are transient: <see cref="EmailTransientException"/>.
/// </para>
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> log) : IEmailSender
{
    public string Provider => "mail server";

    public TimeSpan MaxSendDuration => options.Value.RequestTimeout;

    public async Task<EmailSendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var o = options.Value;
        var to = EmailMask.Mask(message.To.Mailboxes.FirstOrDefault()?.Address);

        // One deadline for the whole send, so that the lease it holds (MaxSendDuration) is a promise.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(o.RequestTimeout);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, o.RequestTimeout.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(o.Host!.Trim(), o.EffectivePort, SocketOptions(o.SecurityMode), deadline.Token);
            if (!string.IsNullOrWhiteSpace(o.User))
            {
                await client.AuthenticateAsync(o.User, o.Password ?? "", deadline.Token);
            }

            await client.SendAsync(message, deadline.Token);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            LogRefused(to, (int)e.StatusCode, e.Message);
            return EmailSendResult.Refused((int)e.StatusCode, e.Message);
        }
        catch (SmtpCommandException e)
        {
            throw Transient($"The mail server answered {(int)e.StatusCode}: {e.Message}", (int)e.StatusCode, e, to);
        }
        catch (AuthenticationException e)
        {
            LogRefused(to, null, "sign-in refused: " + e.Message);
            return EmailSendResult.Refused(null, $"the mail server refused the sign-in of {o.User} ({e.Message})") with { CredentialsRefused = true };
        }
        catch (SslHandshakeException e)
        {
            LogRefused(to, null, "TLS handshake failed: " + e.Message);
            return EmailSendResult.Refused(null, $"no secure connection to {o.Host}:{o.EffectivePort} ({FirstLine(e.Message)})");
        }
        catch (NotSupportedException e)
        {
            // MailKit's words for a server without STARTTLS or without AUTH when the settings ask for them.
            LogRefused(to, null, e.Message);
            return EmailSendResult.Refused(null, e.Message);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Transient($"The mail server did not finish within {o.RequestTimeout.TotalSeconds} s.", null, e, to);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or ProtocolException or ServiceNotConnectedException)
        {
            throw Transient($"The mail server at {o.Host}:{o.EffectivePort} could not be reached or dropped the connection: {e.Message}", null, e, to);
        }

        // Taken: a failure to say goodbye changes nothing about that.
        try
        {
            await client.DisconnectAsync(quit: true, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or ProtocolException or OperationCanceledException)
        {
            LogQuitFailed(to, e.Message);
        }

        // The composer always sets one; a bare message gets MimeKit's own when it is written.
        var id = message.MessageId ?? "";
        LogSent(id, to);
        return EmailSendResult.Accepted(id);
    }

    private static SecureSocketOptions SocketOptions(EmailSecurity security) => security switch
    {
        EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        EmailSecurity.None => SecureSocketOptions.None,
        // Required, not "when available": a server that stops offering STARTTLS must not get the password in clear.
        _ => SecureSocketOptions.StartTls,
    };

    private EmailTransientException Transient(string message, int? replyCode, Exception inner, string to)
    {
        LogTransient(to, message);
        return new EmailTransientException(message, replyCode, inner);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Mail {MessageId} to {To} taken by the mail server")]
    private partial void LogSent(string messageId, string to);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Warning, Message = "Mail to {To} refused by the mail server ({ReplyCode}): {Error}")]
    private partial void LogRefused(string to, int? replyCode, string error);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Warning, Message = "Mail to {To} not sent, will try again: {Error}")]
    private partial void LogTransient(string to, string error);

    [LoggerMessage(EventId = 4143, Level = LogLevel.Debug, Message = "Mail to {To} was taken but QUIT failed: {Error}")]
    private partial void LogQuitFailed(string to, string error);
}
