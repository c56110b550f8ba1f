using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Testing;

/// <summary>
/// A fake of Slack's Web API (POST /api/{method}) served by Kestrel on 127.0.0.1 (random port), behaving like Slack where
/// our client can tell: bearer-token auth answered with HTTP 200 and {ok:false, error:"invalid_auth"|"not_authed"},
/// arguments as JSON or as a form, Slack's error codes, and HTTP 429 with Retry-After when rate limited.
/// Methods: conversations.create/setTopic/invite/archive, chat.postMessage/update/getPermalink/postEphemeral, views.open
/// (in FakeSlackServer.Methods.cs). Everything asked is kept in <see cref="Calls"/>; the resulting state in <see cref="Channels"/>.
/// </summary>
public sealed partial class FakeSlackServer : IAsyncDisposable
{
    /// <summary>Bot token the fake accepts by default (obviously fake).</summary>
    public const string DefaultBotToken = "xoxb-fake-bot-token-for-tests";

    /// <summary>The bot's own user id: creator and first member of every channel it creates.</summary>
    public const string BotUserId = "U0FAKEBOT01";

    /// <summary>Users the workspace knows by default (the test roster's people).</summary>
    public static readonly IReadOnlyList<string> DefaultUsers = ["U0000ALICE", "U00000BOB", "U0000CAROL", "U00000LEE"];

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<FakeSlackCall> _calls = [];
    private readonly Waiters<FakeSlackCall> _waiters;
    private readonly Queue<TimeSpan> _rateLimits = new();
    private readonly Dictionary<string, Queue<string>> _failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _users;

    private FakeSlackServer(WebApplication app, string botToken, IEnumerable<string> users, TimeProvider time)
    {
        _waiters = new(_gate);
        _app = app;
        BotToken = botToken;
        _users = new HashSet<string>(users, StringComparer.Ordinal);
        _time = time;
    }

    public string BotToken { get; }

    /// <summary>http://127.0.0.1:{port}, no trailing slash; use as Slack:ApiBaseUrl (methods are at {BaseUrl}/api/{method}).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request, answered or refused, in arrival order.</summary>
    public IReadOnlyList<FakeSlackCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    public static async Task<FakeSlackServer> StartAsync(
        string botToken = DefaultBotToken, IEnumerable<string>? users = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeSlackServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        var server = new FakeSlackServer(app, botToken, users ?? DefaultUsers, time ?? TimeProvider.System);
        // Slack takes GET too for most methods; our client only POSTs, so only POST is served.
        app.MapPost("/api/{method}", (HttpContext context, string method) => server.HandleAsync(context, method));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        server.BaseUrl = addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>Adds a user id the workspace knows (invites of unknown ids fail with user_not_found).</summary>
    public void AddUser(string userId)
    {
        lock (_gate)
        {
            _users.Add(userId);
        }
    }

    /// <summary>The next <paramref name="count"/> calls, whatever the method, get HTTP 429 with Retry-After (whole seconds, rounded up).</summary>
    public void RateLimitNext(int count, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _rateLimits.Enqueue(retryAfter);
            }
        }
    }

    /// <summary>The next authorized call of <paramref name="method"/> answers {ok:false, error} and changes nothing. Calls queue up.</summary>
    public void FailNext(string method, string error)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(method, out var queue))
            {
                _failures[method] = queue = new Queue<string>();
            }

            queue.Enqueue(error);
        }
    }

    /// <summary>
    /// The first call (already made or still to come) matching <paramref name="match"/>; throws TimeoutException listing
    /// the calls seen when none comes within <paramref name="timeout"/>.
    /// </summary>
    public Task<FakeSlackCall> WaitForCallAsync(Func<FakeSlackCall, bool> match, TimeSpan timeout)
    {
        return _waiters.WaitAsync(match, m => _calls.FirstOrDefault(m), timeout,
            () => $"No matching Slack call within {timeout}. Calls seen:{Environment.NewLine}{string.Join(Environment.NewLine, Calls)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        var receivedAt = _time.GetUtcNow();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var contentType = context.Request.ContentType;
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();

        int status;
        JsonObject answer;
        TimeSpan? retryAfter = null;
        var arguments = ParseArguments(raw, contentType, out var parseError);
        lock (_gate)
        {
            (status, answer, retryAfter) = Answer(method, arguments, parseError, authorization);
            var call = new FakeSlackCall(method, arguments, raw, contentType, authorization, status,
                JsonSerializer.SerializeToElement(answer), receivedAt);
            Record(call);
        }

        context.Response.StatusCode = status;
        if (retryAfter is TimeSpan ra)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(0, ra.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Decides the answer; called under the lock, so a method sees and changes the state alone.</summary>
    private (int Status, JsonObject Answer, TimeSpan? RetryAfter) Answer(
        string method, Dictionary<string, string> arguments, string? parseError, string? authorization)
    {
        if (!Methods.TryGetValue(method, out var handler))
        {
            return (404, Error("unknown_method"), null);
        }

        if (_rateLimits.TryDequeue(out var retryAfter))
        {
            return (429, Error("ratelimited"), retryAfter);
        }

        // Slack takes the token from the header or, for form posts, a token argument.
        var token = authorization is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : arguments.GetValueOrDefault("token");
        if (string.IsNullOrEmpty(token))
        {
            return (200, Error("not_authed"), null);
        }

        if (!string.Equals(token, BotToken, StringComparison.Ordinal))
        {
            return (200, Error("invalid_auth"), null);
        }

        if (parseError is not null)
        {
            return (200, Error(parseError), null);
        }

        if (_failures.TryGetValue(method, out var failures) && failures.TryDequeue(out var failure))
        {
            return (200, Error(failure), null);
        }

        return (200, handler(this, arguments), null);
    }

    private void Record(FakeSlackCall call)
    {
        _calls.Add(call);
        _waiters.Arrived(call);
    }

    /// <summary>
    /// Arguments from a JSON object body (application/json) or a form body (anything else, as Slack reads it).
    /// A JSON body that is not an object is Slack's invalid_json.
    /// </summary>
    private static Dictionary<string, string> ParseArguments(string raw, string? contentType, out string? error)
    {
        error = null;
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        if (contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var document = JsonDocument.Parse(raw);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = "invalid_json";
                    return arguments;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString() ?? ""
                        : property.Value.GetRawText();
                }
            }
            catch (JsonException)
            {
                error = "invalid_json";
            }

            return arguments;
        }

        foreach (var (key, value) in QueryHelpers.ParseQuery(raw))
        {
            arguments[key] = value.ToString();
        }

        return arguments;
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };
}
