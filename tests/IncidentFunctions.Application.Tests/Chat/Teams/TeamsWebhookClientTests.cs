using System.Globalization;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat;
using IncidentFunctions.Application.Chat.Teams;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Tests.Chat.Teams;

/// <summary>The webhook client against the fake Workflows trigger on loopback: the POST's shape, Teams' answers, rate limits and refusals.</summary>
public sealed class TeamsWebhookClientTests : IAsyncLifetime
{
    private static readonly JsonObject Message = new() { ["type"] = "message", ["attachments"] = new JsonArray() };

    private FakeTeamsWebhook _teams = null!;
    private ServiceProvider _services = null!;
    private TeamsWebhookClient _client = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _teams = await FakeTeamsWebhook.StartAsync();
        _url = new Uri(_teams.UrlFor("ops"));
        _services = Services(maxAttempts: 3, maxRetryAfter: TimeSpan.FromSeconds(5));
        _client = _services.GetRequiredService<TeamsWebhookClient>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _teams.DisposeAsync();
    }

    private ServiceProvider Services(int maxAttempts, TimeSpan maxRetryAfter) => new ServiceCollection().AddLogging()
        .AddSingleton(new ConsoleLinks(() => null))
        .AddIncidentTeams(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:WebhookUrl"] = _teams.UrlFor("ops"),
            ["Teams:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Teams:MaxRetryAfter"] = maxRetryAfter.ToString("c", CultureInfo.InvariantCulture),
        }).Build()).BuildServiceProvider();

    [Fact]
    public async Task A_notice_is_one_json_post_to_the_workflow_s_url_with_its_signature()
    {
        await _client.PostAsync(_url, Message, default);

        var post = Assert.Single(_teams.Posts);
        Assert.Equal((FakeTeamsWebhook.PathFor("ops"), FakeTeamsWebhook.SignedQuery, 202), (post.Path, post.Query, post.StatusCode));
        Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
        Assert.Equal(Message.ToJsonString(), post.Body);
    }

    [Fact]
    public async Task A_rate_limit_is_waited_out_as_teams_says_and_then_the_post_goes_through()
    {
        _teams.RateLimitNext(1, TimeSpan.FromSeconds(1));
        var started = DateTimeOffset.UtcNow;

        await _client.PostAsync(_url, Message, default);

        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(50));
        Assert.Equal([429, 202], _teams.Posts.Select(p => p.StatusCode));
    }

    [Fact]
    public async Task A_server_error_is_tried_again()
    {
        _teams.FailNext(1, 503);

        await _client.PostAsync(_url, Message, default);

        Assert.Equal([503, 202], _teams.Posts.Select(p => p.StatusCode));
    }

    [Fact]
    public async Task Teams_still_limiting_after_every_attempt_fails_the_step_for_a_later_retry()
    {
        _teams.RateLimitNext(5, TimeSpan.Zero);

        var e = await Assert.ThrowsAsync<RoomUnavailableException>(() => _client.PostAsync(_url, Message, default));

        Assert.Equal("Teams answered 429 three times at 127.0.0.1", e.Reason);
        Assert.Equal(3, _teams.Posts.Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_our_patience_fails_at_once()
    {
        _teams.RateLimitNext(1, TimeSpan.FromMinutes(2));

        var e = await Assert.ThrowsAsync<RoomUnavailableException>(() => _client.PostAsync(_url, Message, default));

        Assert.Contains("wait 120 s, longer than Teams:MaxRetryAfter", e.Reason, StringComparison.Ordinal);
        Assert.Single(_teams.Posts);
    }

    [Fact]
    public async Task A_deleted_workflow_fails_at_once_saying_so()
    {
        _teams.FailNext(1, 404);

        var e = await Assert.ThrowsAsync<RoomUnavailableException>(() => _client.PostAsync(_url, Message, default));

        Assert.Equal("HTTP 404 from the Teams webhook at 127.0.0.1 (was the workflow deleted or turned off?)", e.Reason);
        Assert.Single(_teams.Posts);
    }

    [Fact]
    public async Task A_webhook_nobody_answers_fails_naming_its_host_and_never_its_signature()
    {
        var gone = await FakeTeamsWebhook.StartAsync();
        var url = new Uri(gone.UrlFor("gone"));
        await gone.DisposeAsync();
        await using var once = Services(maxAttempts: 1, maxRetryAfter: TimeSpan.FromSeconds(5));

        var e = await Assert.ThrowsAsync<RoomUnavailableException>(() => once.GetRequiredService<TeamsWebhookClient>().PostAsync(url, Message, default));

        Assert.StartsWith("the Teams webhook at 127.0.0.1 did not take the post once", e.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", e.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/workflows/", e.Reason, StringComparison.Ordinal);
    }
}
