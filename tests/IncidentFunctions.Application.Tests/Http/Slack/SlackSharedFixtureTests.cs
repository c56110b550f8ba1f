using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Chat.Slack;
using IncidentFunctions.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace IncidentFunctions.Application.Tests.Http.Slack;

/// <summary>
/// The second corpus: every published Slack sample in shared/fixtures/slack (when that folder is there) through the
/// part of the app that reads it. Requests go to their endpoint signed with this runtime's secret: the docs' slash
/// commands and forms, the block_actions and view_submission payloads, a real Events API capture and the URL check.
/// Web API answers go through our client. None may answer 5xx, and none may act for a Slack user no responder names.
/// </summary>
[Collection(SlackInboundCollection.Name)]
public sealed class SlackSharedFixtureTests(SlackInboundFixture slack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_published_request_is_read_and_answered_without_acting_for_a_stranger()
    {
        if (Directory() is not { } dir)
        {
            return;
        }

        var read = 0;
        foreach (var path in System.IO.Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var text = await File.ReadAllTextAsync(path);
            AppReply? reply = null;
            if (name.EndsWith(".form", StringComparison.Ordinal))
            {
                var form = new StringContent(text.TrimEnd('\n'), Encoding.UTF8, "application/x-www-form-urlencoded");
                reply = await slack.SendAsync(text.StartsWith("payload=", StringComparison.Ordinal) ? SlackRequests.InteractivityPath : SlackRequests.CommandsPath, form);
                if (text.Contains("command=", StringComparison.Ordinal))
                {
                    // The docs' users are nobody here: told how to link themselves, nothing done.
                    Assert.Contains("not linked to a responder", reply.Ephemeral, StringComparison.Ordinal);
                }
            }
            else if (name.StartsWith("block-actions", StringComparison.Ordinal) || name.StartsWith("view-submission", StringComparison.Ordinal))
            {
                reply = await slack.SendAsync(SlackRequests.InteractivityPath, SlackRequests.Form(SlackRequests.PayloadForm(JsonNode.Parse(text)!)));
            }
            else if (name.StartsWith("event-callback", StringComparison.Ordinal))
            {
                reply = await slack.SendAsync(SlackRequests.EventsPath, new StringContent(text, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, reply.Status);
            }
            else if (name.StartsWith("url-verification", StringComparison.Ordinal))
            {
                reply = await slack.SendAsync(SlackRequests.EventsPath, new StringContent(text, Encoding.UTF8, "application/json"));
                Assert.Equal(JsonNode.Parse(text)!["challenge"]!.GetValue<string>(), reply.Json!["challenge"]!.GetValue<string>());
            }

            if (reply is null)
            {
                continue;
            }

            read++;
            output.WriteLine($"{name}: {reply}");
            Assert.True((int)reply.Status < 500, $"{name}: {reply}");
            Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{name}: {reply}");
            if (reply.Status == HttpStatusCode.BadRequest)
            {
                Assert.False(string.IsNullOrEmpty(reply.ProblemField), $"{name}: a refusal names its field: {reply}");
            }
        }

        Assert.True(read >= 5, $"only {read} request samples in {dir}");
    }

    [Fact]
    public async Task Every_published_Web_API_answer_is_read_by_our_client()
    {
        if (Directory() is not { } dir)
        {
            return;
        }

        var checkedAny = false;
        foreach (var path in System.IO.Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var body = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            if (!body.ContainsKey("ok"))
            {
                continue;
            }

            var client = Client(body.ToJsonString());
            checkedAny = true;
            if (!body["ok"]!.GetValue<bool>())
            {
                var refused = await client.CallAsync("chat.postMessage", new JsonObject { ["channel"] = "C1", ["text"] = "x" }, default);
                Assert.False(refused.Ok, name);
                Assert.Equal(body["error"]!.GetValue<string>(), refused.Error);
            }
            else if (name.StartsWith("chat-postMessage", StringComparison.Ordinal))
            {
                var posted = await client.PostMessageAsync("C1", "x", null, default);
                Assert.True(posted.Ok, name);
                Assert.Equal(new SlackMessage(body["channel"]!.GetValue<string>(), body["ts"]!.GetValue<string>()), posted.Value);
            }
            else if (name.StartsWith("conversations-create", StringComparison.Ordinal))
            {
                var created = await client.CreateChannelAsync("inc-1-x", default);
                Assert.True(created.Ok, name);
                Assert.Equal(body["channel"]!["id"]!.GetValue<string>(), created.Value!.Id);
                Assert.Equal(body["channel"]!["name"]!.GetValue<string>(), created.Value.Name);
            }

            output.WriteLine($"{name}: read");
        }

        Assert.True(checkedAny, $"no Web API answers in {dir}");
    }

    private string? Directory()
    {
        var dir = SharedFixtures.FindDirectory("slack");
        if (dir is null)
        {
            output.WriteLine(SharedFixtures.AbsentMessage("slack"));
        }

        return dir;
    }

    private static SlackApiClient Client(string answer) => new(
        new HttpClient(new Answering(answer)),
        Options.Create(new SlackOptions { BotToken = "xoxb-corpus", SigningSecret = "corpus-secret", MaxAttempts = 1 }),
        TimeProvider.System,
        NullLogger<SlackApiClient>.Instance);

    /// <summary>Answers every call with one published body, as Slack does (HTTP 200, errors in the body).</summary>
    private sealed class Answering(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
