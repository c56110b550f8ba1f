using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace IncidentFunctions.Testing;

/// <summary>One mail as the server got it: the envelope (MAIL FROM, RCPT TO), who signed in, and the parsed message.</summary>
public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string? User, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, for tests of what goes over the wire:
/// every message it takes is parsed with MimeKit and kept. It can answer DATA with another reply (a 451 or a 554) and
/// require a sign-in. Plain connections only (no certificate): Email:Security None.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedMail> _mails = [];
    private readonly List<(TaskCompletionSource<ReceivedMail> Done, Func<ReceivedMail, bool> Match)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private (int Code, string Text)? _reply;
    private string? _password;

    private LoopbackSmtpServer()
    {
    }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>Every mail taken so far, oldest first (a copy).</summary>
    public IReadOnlyList<ReceivedMail> Mails
    {
        get
        {
            lock (_gate)
            {
                return [.. _mails];
            }
        }
    }

    /// <summary>DATA attempts, the refused ones too.</summary>
    public int Attempts { get; private set; }

    /// <param name="user">With <paramref name="password"/>: sign-in (AUTH PLAIN or LOGIN) is required and only this pair is taken.</param>
    public static async Task<LoopbackSmtpServer> StartAsync(string? user = null, string? password = null)
    {
        var server = new LoopbackSmtpServer { _password = password };
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var options = new SmtpServerOptionsBuilder()
            .ServerName("loopback-smtp.test")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0));
                if (user is not null)
                {
                    // No TLS here: sign-in over the plain connection is what this test server is for.
                    b.AllowUnsecureAuthentication(true).AuthenticationRequired(true);
                }
            })
            .Build();

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(server));
        if (user is not null)
        {
            services.Add(new DelegatingUserAuthenticator((u, p) => u == user && p == server.Password));
        }

        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = Task.Run(() => smtp.StartAsync(server._stop.Token));
        var first = await Task.WhenAny(started.Task, server._running).WaitAsync(TimeSpan.FromSeconds(10));
        if (first != started.Task)
        {
            await server._running; // its exception, if it died starting
            throw new InvalidOperationException("the SMTP server stopped before it listened");
        }

        server.Port = await started.Task;
        return server;
    }

    /// <summary>The password sign-in takes from now on (a test "fixes" the credentials by setting it to what the app sends).</summary>
    public string? Password
    {
        get
        {
            lock (_gate)
            {
                return _password;
            }
        }
        set
        {
            lock (_gate)
            {
                _password = value;
            }
        }
    }

    /// <summary>Answers every DATA with <paramref name="code"/> from now on (e.g. 451 or 554); <see cref="Accept"/> undoes it.</summary>
    public void ReplyWith(int code, string text)
    {
        lock (_gate)
        {
            _reply = (code, text);
        }
    }

    public void Accept()
    {
        lock (_gate)
        {
            _reply = null;
        }
    }

    public Task<ReceivedMail> WaitForMailAsync(Func<ReceivedMail, bool> match, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_mails.FirstOrDefault(match) is { } found)
            {
                return Task.FromResult(found);
            }

            var waiter = new TaskCompletionSource<ReceivedMail>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((waiter, match));
            return waiter.Task.WaitAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private SmtpResponse Take(ReceivedMail? mail)
    {
        lock (_gate)
        {
            Attempts++;
            if (_reply is { } reply)
            {
                return new SmtpResponse((SmtpReplyCode)reply.Code, reply.Text);
            }

            if (mail is not null)
            {
                _mails.Add(mail);
                foreach (var waiter in _waiters.Where(w => w.Match(mail)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult(mail);
                }
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var mail = new ReceivedMail(
                Address(transaction.From),
                transaction.To.Select(Address).ToList(),
                context.Authentication.IsAuthenticated ? context.Authentication.User : null,
                message);
            return server.Take(mail);
        }

        private static string Address(SmtpServer.Mail.IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";
    }
}
