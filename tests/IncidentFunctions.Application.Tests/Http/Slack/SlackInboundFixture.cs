using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Tests.Http.Slack;

[CollectionDefinition(Name)]
public sealed class SlackInboundCollection : ICollectionFixture<SlackInboundFixture>
{
    public const string Name = "slack-inbound";
}

/// <summary>
/// The local runtime with Slack on (its Web API a <see cref="FakeSlackServer"/>), a fake Twilio for the pages, and a
/// roster where Alice, Bob and Carol are linked to Slack users. Incidents open through the alert webhook as in
/// production; their channel is made in the fake and mapped as the outbound side maps it.
/// </summary>
public sealed class SlackInboundFixture : IAsyncLifetime
{
    public const string SigningSecret = TestWorldBuilder.SlackSigningSecret;
    public const string Alice = "U0000ALICE";
    public const string Bob = "U00000BOB";
    public const string Carol = "U0000CAROL";

    /// <summary>A member of the workspace who is no responder.</summary>
    public const string Stranger = "U0STRANGER";

    private const string IntegrationKey = "slack-inbound";

    private static readonly string[] OrchestrationKinds =
        ["pageSent", "pageFailed", "escalated", "notified", "unacknowledged", "updateReminder", "updateOverdue", "goneQuiet", "actionReminder"];

    private readonly OnCallConfigBuilder _config = new OnCallConfigBuilder()
        .Responder("Alice", "+15550100001").SlackUser("Alice", Alice)
        .Responder("Bob", "+15550100002").SlackUser("Bob", Bob)
        .Responder("Carol", "+15550100003").SlackUser("Carol", Carol)
        .Policy("slow", TimeSpan.FromMinutes(10), "Alice", "Bob")
        .Service("payments", IntegrationKey, "slow", autoResolve: false)
        // No channels and no announcements from the room itself: these tests make and map their channels by hand,
        // and count Slack's calls and the timeline's entries (the room is tested in SlackRoomTests).
        .Slack(channelSeverities: [])
        .Quiet();

    private InProcessWorld? _world;
    private HttpClient? _slackApi;
    private int _channels;

    public FakeSlackServer Slack => World.Slack;

    public InProcessWorld World => _world ?? throw new InvalidOperationException("not started");

    public HttpClient Client => World.Client;

    public async Task InitializeAsync()
    {
        _world = await new TestWorldBuilder()
            .WithConfig(_config)
            .WithFakeTwilio()
            .WithFakeSlack(slack => slack.AddUser(Stranger))
            .WithSetting("Twilio:SmsFloodWindow", "00:00:00")
            .WithSetting("Slack:MaxAttempts", "1")
            .StartInProcessAsync();
        _slackApi = new HttpClient { BaseAddress = new Uri(Slack.BaseUrl + "/api/") };
        _slackApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Slack.BotToken);
    }

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }

        _slackApi?.Dispose();
    }

    /// <summary>Opens an incident (paged to Alice, waiting for her page on its timeline) and its channel, with everyone in it.</summary>
    public async Task<(long Id, string Channel)> OpenIncidentAsync(string title)
    {
        var alert = new JsonObject { ["title"] = title, ["dedupKey"] = "slack-" + Guid.NewGuid().ToString("N"), ["severity"] = "error", ["status"] = "firing" };
        using var response = await Client.PostAsync($"api/alerts/generic?key={IntegrationKey}",
            new StringContent(alert.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        var id = body["alerts"]![0]!["incidentId"]!.GetValue<long>();
        await WaitForIncidentAsync(id, d => Timeline(d).Any(e => e.Kind == "pageSent"));

        var channel = await CreateChannelAsync($"inc-{id}-{Interlocked.Increment(ref _channels)}");
        await World.Host.Services.GetRequiredService<RoomStore>().MapChannelAsync(channel, id, default);
        return (id, channel);
    }

    /// <summary>A channel in the fake with every roster user and the stranger in it, mapped to no incident.</summary>
    public async Task<string> CreateChannelAsync(string name)
    {
        var created = await WebApiAsync("conversations.create", new JsonObject { ["name"] = name });
        var channel = created["channel"]!["id"]!.GetValue<string>();
        await WebApiAsync("conversations.invite", new JsonObject { ["channel"] = channel, ["users"] = string.Join(',', Alice, Bob, Carol, Stranger) });
        return channel;
    }

    /// <summary>A message in the fake's channel (posted by the bot: the fake has no users posting), for events to name by its ts.</summary>
    public async Task<string> PostMessageAsync(string channel, string text) =>
        (await WebApiAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = text }))["ts"]!.GetValue<string>();

    public async Task<JsonNode> IncidentAsync(long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/incidents/{id}");
        request.Headers.Add("x-functions-key", _config.AdminKey);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<JsonNode> WaitForIncidentAsync(long id, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var detail = await IncidentAsync(id);
            if (condition(detail))
            {
                return detail;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"INC {id} did not get there; last seen: {detail.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// What a refused request must leave alone: the incident row and its timeline, except what the orchestration adds
    /// on its own schedule (pages, reminders).
    /// </summary>
    public async Task<string> SnapshotAsync(long id)
    {
        var detail = await IncidentAsync(id);
        var entries = Timeline(detail).Where(e => !OrchestrationKinds.Contains(e.Kind)).Select(e => e.Node.ToJsonString());
        return detail["incident"]!.ToJsonString() + "\n" + string.Join("\n", entries);
    }

    public static IReadOnlyList<(string Kind, string Actor, string Summary, JsonNode Node)> Timeline(JsonNode detail) =>
        detail["timeline"]!.AsArray().Select(e => (e!["kind"]!.GetValue<string>(), e["actor"]!.GetValue<string>(), e["summary"]!.GetValue<string>(), (JsonNode)e)).ToList();

    public async Task<AppReply> SendAsync(string path, HttpContent content, Signing signing = Signing.Valid)
    {
        using var request = signing switch
        {
            Signing.None => new HttpRequestMessage(HttpMethod.Post, path) { Content = content },
            Signing.WrongSecret => await SlackRequests.SignedAsync(path, content, "not-the-signing-secret"),
            Signing.Stale => await SlackRequests.SignedAsync(path, content, SigningSecret, DateTimeOffset.UtcNow.AddMinutes(-6)),
            _ => await SlackRequests.SignedAsync(path, content, SigningSecret),
        };
        if (signing == Signing.Tampered)
        {
            // Signed, then one byte of the body changed: the signature no longer covers what arrives.
            var bytes = await request.Content!.ReadAsByteArrayAsync();
            bytes[^1] ^= 1;
            var type = request.Content.Headers.ContentType;
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = type;
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
        {
            json = JsonNode.Parse(text);
        }

        return new AppReply(response.StatusCode, text, json);
    }

    public Task<AppReply> CommandAsync(string user, string channel, string text, Signing signing = Signing.Valid) =>
        SendAsync(SlackRequests.CommandsPath, SlackRequests.Form(SlackRequests.CommandForm(user, channel, text)), signing);

    public Task<AppReply> InteractAsync(JsonNode payload, Signing signing = Signing.Valid) =>
        SendAsync(SlackRequests.InteractivityPath, SlackRequests.Form(SlackRequests.PayloadForm(payload)), signing);

    public Task<AppReply> EventAsync(JsonNode body, Signing signing = Signing.Valid) =>
        SendAsync(SlackRequests.EventsPath, SlackRequests.Json(body), signing);

    /// <summary>The ephemeral messages <paramref name="user"/> got in <paramref name="channel"/>, oldest first.</summary>
    public IReadOnlyList<string> EphemeralsTo(string channel, string user) =>
        Slack.Channels.Single(c => c.Id == channel).Ephemerals.Where(e => e.User == user).Select(e => e.Text ?? "").ToList();

    private async Task<JsonNode> WebApiAsync(string method, JsonObject args)
    {
        using var response = await _slackApi!.PostAsync(method, new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(answer["ok"]!.GetValue<bool>(), $"{method}: {answer.ToJsonString()}");
        return answer;
    }
}

public enum Signing
{
    Valid,
    None,
    WrongSecret,
    Stale,
    Tampered,
}

/// <summary>What the app answered Slack.</summary>
public sealed record AppReply(HttpStatusCode Status, string Text, JsonNode? Json)
{
    /// <summary>The ephemeral text of a slash command's answer.</summary>
    public string Ephemeral => Json?["response_type"]?.GetValue<string>() == "ephemeral"
        ? Json["text"]!.GetValue<string>()
        : throw new Xunit.Sdk.XunitException("not an ephemeral answer: " + this);

    /// <summary>The field a problem body names.</summary>
    public string? ProblemField => Json?["field"]?.GetValue<string>();

    public override string ToString() => $"{(int)Status} {Text}";
}
