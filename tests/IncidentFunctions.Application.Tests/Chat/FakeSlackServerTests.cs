using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.Application.Tests.Chat;

/// <summary>The fake Slack Web API, driven with a plain HttpClient as the app's Slack client will drive it.</summary>
public sealed class FakeSlackServerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private FakeSlackServer _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_slack.BaseUrl + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task Creates_a_channel_and_refuses_a_taken_name()
    {
        var created = await CallJsonAsync("conversations.create", new { name = "inc-42-db-down", is_private = false });
        var again = await CallJsonAsync("conversations.create", new { name = "inc-42-db-down" });

        Assert.True(created.GetProperty("ok").GetBoolean());
        var channel = created.GetProperty("channel");
        Assert.StartsWith("C", channel.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("inc-42-db-down", channel.GetProperty("name").GetString());
        Assert.Equal("name_taken", Error(again));
        Assert.Single(_slack.Channels);
    }

    [Theory]
    [InlineData("Inc-42", "invalid_name_specials")]
    [InlineData("inc 42", "invalid_name_specials")]
    [InlineData("", "invalid_name_required")]
    public async Task Refuses_names_slack_refuses(string name, string error) =>
        Assert.Equal(error, Error(await CallJsonAsync("conversations.create", new { name })));

    [Fact]
    public async Task Refuses_a_name_over_80_characters_but_takes_80()
    {
        Assert.Equal("invalid_name_maxlength", Error(await CallJsonAsync("conversations.create", new { name = new string('a', 81) })));
        Assert.True((await CallJsonAsync("conversations.create", new { name = new string('a', 80) })).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Invites_known_users_and_refuses_unknown_or_present_ones()
    {
        var id = await CreateChannelAsync("inc-7");

        var unknown = await CallJsonAsync("conversations.invite", new { channel = id, users = "U0000ALICE,U0NOBODY" });
        var invited = await CallJsonAsync("conversations.invite", new { channel = id, users = "U0000ALICE,U00000BOB" });
        var again = await CallJsonAsync("conversations.invite", new { channel = id, users = "U00000BOB" });
        var nowhere = await CallJsonAsync("conversations.invite", new { channel = "C0MISSING", users = "U00000BOB" });

        Assert.Equal("user_not_found", Error(unknown));
        Assert.True(invited.GetProperty("ok").GetBoolean());
        Assert.Equal("already_in_channel", Error(again));
        Assert.Equal("channel_not_found", Error(nowhere));
        Assert.Equal([FakeSlackServer.BotUserId, "U0000ALICE", "U00000BOB"], _slack.Channels.Single().Members);
    }

    [Fact]
    public async Task Chat_update_changes_the_recorded_message()
    {
        var id = await CreateChannelAsync("inc-8");
        const string blocks = """[{"type":"section","text":{"type":"mrkdwn","text":"*Triggered*"}}]""";

        var posted = await CallJsonAsync("chat.postMessage", new { channel = id, text = "Triggered", blocks = JsonDocument.Parse(blocks).RootElement });
        var ts = posted.GetProperty("ts").GetString();
        var updated = await CallJsonAsync("chat.update", new { channel = id, ts, text = "Acknowledged by Alice" });
        var link = await CallJsonAsync("chat.getPermalink", new { channel = id, message_ts = ts });

        Assert.Equal("1765000000.000100", ts);
        Assert.Equal(id, posted.GetProperty("channel").GetString());
        Assert.Equal("section", posted.GetProperty("message").GetProperty("blocks")[0].GetProperty("type").GetString());
        Assert.True(updated.GetProperty("ok").GetBoolean());
        var message = Assert.Single(_slack.Channels.Single().Messages);
        Assert.Equal("Acknowledged by Alice", message.Text);
        Assert.Equal(blocks, message.Blocks);
        Assert.Equal("Acknowledged by Alice", Assert.Single(message.Updates).Text);
        Assert.Contains(id + "/p1765000000000100", link.GetProperty("permalink").GetString(), StringComparison.Ordinal);
        Assert.Equal("message_not_found", Error(await CallJsonAsync("chat.update", new { channel = id, ts = "1.000000", text = "x" })));
    }

    [Fact]
    public async Task Sets_topic_posts_ephemeral_opens_view_and_archives()
    {
        var id = await CreateChannelAsync("inc-9");
        await CallJsonAsync("conversations.invite", new { channel = id, users = "U0000CAROL" });

        var topic = await CallJsonAsync("conversations.setTopic", new { channel = id, topic = "DB down — Carol on call" });
        var ephemeral = await CallJsonAsync("chat.postEphemeral", new { channel = id, user = "U0000CAROL", text = "Only you" });
        var view = await CallJsonAsync("views.open", new { trigger_id = "123.456.abc", view = new { type = "modal", callback_id = "resolve" } });
        var archived = await CallJsonAsync("conversations.archive", new { channel = id });
        var afterArchive = await CallJsonAsync("chat.postMessage", new { channel = id, text = "late" });

        Assert.Equal("DB down — Carol on call", topic.GetProperty("channel").GetProperty("topic").GetProperty("value").GetString());
        Assert.True(ephemeral.GetProperty("ok").GetBoolean());
        Assert.StartsWith("V", view.GetProperty("view").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("resolve", view.GetProperty("view").GetProperty("callback_id").GetString());
        Assert.True(archived.GetProperty("ok").GetBoolean());
        Assert.Equal("is_archived", Error(afterArchive));
        var channel = _slack.Channels.Single();
        Assert.True(channel.IsArchived);
        Assert.Equal("DB down — Carol on call", channel.Topic);
        Assert.Equal("Only you", Assert.Single(channel.Ephemerals).Text);
        Assert.Equal("123.456.abc", Assert.Single(_slack.Views).TriggerId);
    }

    [Fact]
    public async Task Refuses_a_wrong_token_and_a_missing_one_with_http_200()
    {
        using var wrong = Request("chat.postMessage", """{"channel":"C1","text":"x"}""", "xoxb-wrong");
        using var missing = Request("chat.postMessage", """{"channel":"C1","text":"x"}""", token: null);

        using var wrongResponse = await _http.SendAsync(wrong);
        using var missingResponse = await _http.SendAsync(missing);

        Assert.Equal(HttpStatusCode.OK, wrongResponse.StatusCode);
        Assert.Equal("invalid_auth", Error(await ReadAsync(wrongResponse)));
        Assert.Equal(HttpStatusCode.OK, missingResponse.StatusCode);
        Assert.Equal("not_authed", Error(await ReadAsync(missingResponse)));
        Assert.Empty(_slack.Channels);
    }

    [Fact]
    public async Task Rate_limits_with_retry_after_then_answers()
    {
        _slack.RateLimitNext(1, TimeSpan.FromSeconds(1.2));

        using var first = Request("conversations.create", """{"name":"inc-1"}""");
        using var limited = await _http.SendAsync(first);
        var next = await CallJsonAsync("conversations.create", new { name = "inc-1" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("ratelimited", Error(await ReadAsync(limited)));
        Assert.True(next.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Fails_the_next_call_of_a_method_as_told()
    {
        _slack.FailNext("conversations.create", "restricted_action");

        Assert.Equal("restricted_action", Error(await CallJsonAsync("conversations.create", new { name = "inc-2" })));
        Assert.True((await CallJsonAsync("conversations.create", new { name = "inc-2" })).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Accepts_json_and_form_bodies_alike()
    {
        var id = await CreateChannelAsync("inc-3");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["channel"] = id, ["text"] = "from a form", ["blocks"] = "[]" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/chat.postMessage") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _slack.BotToken);

        using var response = await _http.SendAsync(request);
        var json = await CallJsonAsync("chat.postMessage", new { channel = id, text = "from JSON" });

        Assert.True((await ReadAsync(response)).GetProperty("ok").GetBoolean());
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(["from a form", "from JSON"], _slack.Channels.Single().Messages.Select(m => m.Text));
        var formCall = await _slack.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.Argument("text") == "from a form", Wait);
        Assert.StartsWith("application/x-www-form-urlencoded", formCall.ContentType, StringComparison.Ordinal);
        Assert.Contains("text=from+a+form", formCall.RawBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_404_unknown_method()
    {
        using var request = Request("chat.shout", "{}");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_method", Error(await ReadAsync(response)));
    }

    [Fact]
    public async Task WaitForCall_times_out_listing_what_it_saw()
    {
        await CreateChannelAsync("inc-4");

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => _slack.WaitForCallAsync(c => c.Method == "views.open", TimeSpan.FromMilliseconds(100)));

        Assert.Contains("conversations.create", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signer_signs_a_request_message_over_its_exact_body()
    {
        const string body = "command=%2Fincident&text=ack+42";
        var at = DateTimeOffset.FromUnixTimeSeconds(1765000000);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/api/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        await SlackRequestSigner.SignAsync(request, "secret", at);

        Assert.Equal("1765000000", request.Headers.GetValues(SlackRequestSigner.TimestampHeader).Single());
        Assert.Equal(SlackRequestSigner.Sign(body, "1765000000", "secret"), request.Headers.GetValues(SlackRequestSigner.SignatureHeader).Single());
    }

    [Fact]
    public void Signer_matches_slack_s_published_vector()
    {
        var dir = SharedFixtures.FindDirectory("slack");
        var path = dir is null ? null : Path.Combine(dir, "signature-vector.json");
        if (path is null || !File.Exists(path))
        {
            Report(SharedFixtures.AbsentMessage("slack/signature-vector.json"));
            return;
        }

        using var vector = JsonDocument.Parse(File.ReadAllText(path));
        var root = vector.RootElement;
        var secret = root.GetProperty("signing_secret").GetString()!;
        var timestamp = root.GetProperty("timestamp").GetString()!;

        Assert.Equal(root.GetProperty("expected").GetString(), SlackRequestSigner.Sign(root.GetProperty("body").GetString()!, timestamp, secret));
        Assert.NotEqual(root.GetProperty("expected").GetString(),
            SlackRequestSigner.Sign(root.GetProperty("negative").GetProperty("body_with_suffix").GetString()!, timestamp, secret));
        Report($"matched Slack's published signature vector from {path}");
    }

    private async Task<string> CreateChannelAsync(string name)
    {
        var created = await CallJsonAsync("conversations.create", new { name });
        return created.GetProperty("channel").GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> CallJsonAsync(string method, object arguments)
    {
        using var request = Request(method, JsonSerializer.Serialize(arguments));
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    private HttpRequestMessage Request(string method, string json, string? token = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/" + method)
        {
            // Slack documents this exact media type for JSON bodies.
            Content = new StringContent(json, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Length == 0 ? _slack.BotToken : token);
        }

        return request;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static string? Error(JsonElement answer) => answer.TryGetProperty("error", out var e) ? e.GetString() : null;

    private void Report(string message)
    {
        output.WriteLine(message);
        Console.WriteLine(message);
    }
}
