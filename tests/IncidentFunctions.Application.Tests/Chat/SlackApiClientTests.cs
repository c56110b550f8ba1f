using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Tests.Chat;

/// <summary>The Slack Web API client against the fake Slack on loopback: every call's request shape, Slack's answers, refusals and rate limits.</summary>
public sealed class SlackApiClientTests : IAsyncLifetime
{
    private FakeSlackServer _slack = null!;
    private ServiceProvider _services = null!;
    private SlackApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _services = Services(_slack.BotToken, maxAttempts: 3);
        _client = _services.GetRequiredService<SlackApiClient>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private ServiceProvider Services(string token, int maxAttempts) => new ServiceCollection().AddLogging()
        .AddIncidentSlack(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = token,
            ["Slack:SigningSecret"] = "secret",
            ["Slack:ApiBaseUrl"] = _slack.BaseUrl,
            ["Slack:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build()).BuildServiceProvider();

    [Fact]
    public async Task The_incident_room_s_calls_reach_slack_in_its_shapes()
    {
        var created = await _client.CreateChannelAsync("inc-42-checkout-5xx", default);
        Assert.True(created.Ok);
        var channel = created.Value!;
        Assert.Equal("inc-42-checkout-5xx", channel.Name);

        Assert.True((await _client.SetTopicAsync(channel.Id, "SEV2 · checkout · lead: Alice", default)).Ok);
        Assert.True((await _client.InviteAsync(channel.Id, ["U0000ALICE", "U00000BOB"], default)).Ok);
        // Inviting someone already there is done, not a failure.
        Assert.True((await _client.InviteAsync(channel.Id, ["U0000ALICE"], default)).Ok);

        var blocks = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "*INC 42*" } });
        var posted = await _client.PostMessageAsync(channel.Id, "INC 42 SEV2 checkout", blocks, default);
        Assert.True(posted.Ok);
        var updated = await _client.UpdateMessageAsync(posted.Value!, "INC 42 acknowledged by Alice", null, default);
        Assert.Equal(posted.Value, updated.Value);
        var permalink = await _client.GetPermalinkAsync(posted.Value!, default);
        Assert.StartsWith("https://", permalink.Value, StringComparison.Ordinal);
        Assert.True((await _client.PostEphemeralAsync(channel.Id, "U0000ALICE", "You are the lead of INC 42.", default)).Ok);
        Assert.True((await _client.ArchiveAsync(channel.Id, default)).Ok);
        Assert.True((await _client.ArchiveAsync(channel.Id, default)).Ok);

        var room = _slack.Channel("inc-42-checkout-5xx")!;
        Assert.Equal("SEV2 · checkout · lead: Alice", room.Topic);
        Assert.Contains("U00000BOB", room.Members);
        Assert.Equal("INC 42 acknowledged by Alice", Assert.Single(room.Messages).Text);
        Assert.True(room.IsArchived);
        Assert.All(_slack.Calls, c => Assert.Equal($"Bearer {_slack.BotToken}", c.Authorization));
        Assert.All(_slack.Calls, c => Assert.StartsWith("application/json", c.ContentType, StringComparison.Ordinal));
        var post = _slack.Calls.Single(c => c.Method == "chat.postMessage");
        Assert.Equal("false", post.Argument("unfurl_links"));
        Assert.Contains("\"mrkdwn\"", post.Argument("blocks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_come_back_with_slack_s_error_code()
    {
        Assert.True((await _client.CreateChannelAsync("inc-7-taken", default)).Ok);
        var taken = await _client.CreateChannelAsync("inc-7-taken", default);
        Assert.Equal((false, "name_taken"), (taken.Ok, taken.Error));
        Assert.Equal("channel_not_found", (await _client.SetTopicAsync("C0NOPE", "x", default)).Error);

        await using var wrong = Services("xoxb-not-the-token", maxAttempts: 1);
        Assert.Equal("invalid_auth", (await wrong.GetRequiredService<SlackApiClient>().CreateChannelAsync("inc-8", default)).Error);
    }

    [Fact]
    public async Task A_rate_limit_is_waited_out_as_slack_says_and_then_the_call_goes_through()
    {
        _slack.RateLimitNext(1, TimeSpan.FromSeconds(1));
        var started = DateTimeOffset.UtcNow;

        var created = await _client.CreateChannelAsync("inc-9-limited", default);

        Assert.True(created.Ok);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(50));
        Assert.Equal([429, 200], _slack.Calls.Where(c => c.Method == "conversations.create").Select(c => c.StatusCode));
    }

    [Fact]
    public async Task Slack_still_limiting_after_every_attempt_fails_the_step_for_a_later_retry()
    {
        _slack.RateLimitNext(3, TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAsync<SlackUnavailableException>(() => _client.CreateChannelAsync("inc-10-limited", default));
        Assert.Null(_slack.Channel("inc-10-limited"));
    }

    [Fact]
    public async Task A_modal_opens_for_its_trigger()
    {
        var view = new JsonObject { ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Post update" }, ["blocks"] = new JsonArray() };

        var opened = await _client.OpenViewAsync("12345.98765.abcd", view, default);

        Assert.True(opened.Ok);
        Assert.StartsWith("V", opened.Value, StringComparison.Ordinal);
    }
}
