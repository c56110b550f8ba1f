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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Testing;

/// <summary>One POST to the fake webhook: its path (which workflow), its query, body and content type, and what the fake answered.</summary>
public sealed record FakeTeamsPost(string Path, string Query, string Body, string? ContentType, int StatusCode, DateTimeOffset ReceivedAt)
{
    /// <summary>The body as JSON (every accepted post is JSON; a refused one may not be).</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{ReceivedAt:HH:mm:ss.fff} {Path} HTTP {StatusCode} {Body[..Math.Min(Body.Length, 60)]}";
}

/// <summary>
/// A fake of Teams Workflows' "When a Teams webhook request is received" trigger, served by Kestrel on 127.0.0.1 (random
/// port): any POST under any path is a workflow run, answered 202 with an empty body as Workflows does. Every post is
/// kept in <see cref="Posts"/> with its path, so a test gives each channel a path of its own (<see cref="UrlFor"/>).
/// Faults for the next requests, whatever their path: <see cref="RateLimitNext"/> (429 with Retry-After),
/// <see cref="FailNext"/> (500, 404, or any status).
/// </summary>
public sealed class FakeTeamsWebhook : IAsyncDisposable
{
    /// <summary>The query a Workflows URL carries; the fake does not check it (Workflows checks sig, tests check it arrived).</summary>
    public const string SignedQuery = "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=fake-signature-for-tests";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<FakeTeamsPost> _posts = [];
    private readonly Waiters<FakeTeamsPost> _waiters;
    private readonly Queue<(int Status, TimeSpan? RetryAfter)> _faults = new();

    private FakeTeamsWebhook(WebApplication app)
    {
        _waiters = new(_gate);
        _app = app;
    }

    /// <summary>http://127.0.0.1:{port}, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every POST, answered or refused, in arrival order.</summary>
    public IReadOnlyList<FakeTeamsPost> Posts
    {
        get
        {
            lock (_gate)
            {
                return _posts.ToArray();
            }
        }
    }

    /// <summary>The posts answered 202 (the ones a channel would show), in order.</summary>
    public IReadOnlyList<FakeTeamsPost> Accepted => Posts.Where(p => p.StatusCode == 202).ToArray();

    public static async Task<FakeTeamsWebhook> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeTeamsWebhook).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        var fake = new FakeTeamsWebhook(app);
        app.MapPost("/{**path}", (HttpContext context) => fake.HandleAsync(context));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        fake.BaseUrl = addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>A workflow URL shaped like a real one: {BaseUrl}/workflows/{name}/triggers/manual/paths/invoke?…&amp;sig=….</summary>
    public string UrlFor(string workflow) => $"{BaseUrl}{PathFor(workflow)}{SignedQuery}";

    /// <summary>The path posts to <see cref="UrlFor"/>(<paramref name="workflow"/>) are recorded with.</summary>
    public static string PathFor(string workflow) => $"/workflows/{workflow}/triggers/manual/paths/invoke";

    /// <summary>The next <paramref name="count"/> requests get 429 with Retry-After (whole seconds, rounded up).</summary>
    public void RateLimitNext(int count, TimeSpan retryAfter) => Enqueue(count, 429, retryAfter);

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (500 by default; 404 for a deleted workflow).</summary>
    public void FailNext(int count, int status = 500) => Enqueue(count, status, null);

    /// <summary>The first post (already received or still to come) matching <paramref name="match"/>.</summary>
    public Task<FakeTeamsPost> WaitForPostAsync(Func<FakeTeamsPost, bool> match, TimeSpan timeout) =>
        _waiters.WaitAsync(match, m => _posts.FirstOrDefault(m), timeout,
            () => $"No matching Teams post within {timeout}. Posts seen:{Environment.NewLine}{string.Join(Environment.NewLine, Posts)}");

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _waiters.CancelAll();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Enqueue(int count, int status, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue((status, retryAfter));
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);

        int status;
        TimeSpan? retryAfter = null;
        lock (_gate)
        {
            (status, retryAfter) = _faults.TryDequeue(out var fault) ? fault : (202, null);
            var post = new FakeTeamsPost(context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", body,
                context.Request.ContentType, status, receivedAt);
            _posts.Add(post);
            _waiters.Arrived(post);
        }

        context.Response.StatusCode = status;
        if (retryAfter is TimeSpan ra)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(0, ra.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        }

        if (status >= 400)
        {
            // Workflows' error envelope, roughly; the client reads only the status.
            context.Response.ContentType = "application/json; charset=utf-8";
            var error = new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = status == 404 ? "WorkflowNotFound" : "Fault", ["message"] = $"fake Teams webhook answered {status}" },
            };
            await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
    }
}
