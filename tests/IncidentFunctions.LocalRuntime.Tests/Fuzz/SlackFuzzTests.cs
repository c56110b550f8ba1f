using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.Fuzz;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>
/// Slack's three endpoints fuzzed through the running runtime with correctly signed bodies: the slash command's form
/// (fuzzed users, channels, fields and grammar), interactivity payloads and events (valid ones mutated and damaged).
/// Every answer is 2xx or 4xx, and a rejected request leaves the incident, its records and timeline, and Slack, alone.
/// Incident numbers in the bodies are this test's incident or far above any this runtime opens, so a fuzzed "17 ack"
/// from Carol, the one linked Slack user, can never act on another test's incident.
/// </summary>
[Collection(FuzzCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class SlackFuzzTests(FuzzFixture runtime)
{
    private const string Stranger = "U0STRANGER";

    /// <summary>A number no incident here will have; a digit or seven cut out of it still leaves one.</summary>
    private const string Nowhere = "9000000000000000001";

    private readonly FuzzHttp _http = new(runtime);

    [Fact]
    public async Task Fuzzed_slash_commands_correctly_signed_get_2xx_or_4xx_and_a_rejected_one_changes_nothing()
    {
        var (id, channel) = await OpenWithChannelAsync("Slack fuzz: commands");
        var n = id.ToString(CultureInfo.InvariantCulture);
        var number = Gen.OneOf(Gen.Const(""), Gen.Const(n + " "), Gen.Const("#" + n + " "), Gen.Const("INC-" + n + " "), Gen.Const("0 "),
            Gen.Const("99999999999999999999 "), Gen.Long[1_000_000_000, long.MaxValue].Select(x => x.ToString(CultureInfo.InvariantCulture) + " "));
        var verb = Gen.OneOf(new[] { "ack", "lead", "esc", "update", "note", "action", "resolve", "status", "help", "" }.Select(Gen.Const).ToArray());
        // Random words start with "x": never a number, so never another incident's.
        var piece = Gen.OneOf(Gen.Const("why: x"), Gen.Const("; why:"), Gen.Const("| undo: y"), Gen.Const("; expect: z"), Gen.Const("; irreversible"),
            Gen.Const("&lt;!channel&gt;"), Gen.Const("&amp;"), Gen.Const("\n"), Gen.Const("\ud800"), Gen.String[0, 20].Select(s => "x" + s),
            Gen.Const(new string('x', 5_000)));
        var text = Gen.Select(number, verb, piece.Array[0, 6]).Select((num, v, p) => num + v + " " + string.Join(' ', p));
        var user = Gen.OneOf(Gen.Const(FuzzFixture.SlackCarol), Gen.Const(Stranger), Gen.Const(""), Gen.String[0, 12].Select(s => "x" + s));
        var where = Gen.OneOf(Gen.Const(channel), Gen.Const("C0NOTMAPPED"), Gen.Const(""), Gen.String[0, 12]);
        var extra = Gen.Select(Gen.OneOf(Gen.String[0, 20], Gen.Const("user_id"), Gen.Const("text"), Gen.Const("channel_id")), Gen.String).List[0, 3];
        var drop = Gen.OneOf(Gen.Const(""), Gen.Const("user_id"), Gen.Const("channel_id"), Gen.Const("text"));
        var forms = Gen.Select(user, where, text, extra, drop).Select((u, c, t, x, d) =>
            SlackRequests.CommandForm(Utf8(u), Utf8(c), Utf8(t)).Where(f => f.Key != d).Concat(x.Select(e => KeyValuePair.Create(Utf8(e.Item1), Utf8(e.Item2)))).ToList());

        await forms.SampleAsync(async form =>
        {
            var reply = await SendCheckedAsync(id, SlackRequests.CommandsPath, new FormUrlEncodedContent(form), "POST /api/slack/commands");
            if (reply.Status == HttpStatusCode.OK)
            {
                var answer = reply.Json?["response_type"]?.GetValue<string>() == "ephemeral" ? reply.Json["text"]?.GetValue<string>() : null;
                Assert.True(answer is { Length: > 0 }, $"not an ephemeral answer: {reply}");
                if (answer == $"INC {n} resolved.")
                {
                    // The orchestration drafts the post-mortem a moment later: its row must not be taken for a later case's write.
                    await WaitForPostmortemAsync(id);
                }
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(25, 2_000), threads: 1,
            print: f => string.Join("&", f.Select(p => $"{p.Key[..Math.Min(30, p.Key.Length)]}={p.Value[..Math.Min(80, p.Value.Length)]}")));

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_interactivity_payloads_correctly_signed_get_2xx_or_4xx_and_a_rejected_one_changes_nothing()
    {
        var (id, channel) = await OpenWithChannelAsync("Slack fuzz: buttons");
        var n = id.ToString(CultureInfo.InvariantCulture);
        var carol = FuzzFixture.SlackCarol;
        string Metadata(string number) => $$"""{"incident":{{number}},"channel":"{{channel}}"}""";
        var valid = new[]
        {
            SlackRequests.Button(carol, channel, "incident.lead", Nowhere),
            SlackRequests.Button(carol, channel, "incident.note", Nowhere),
            // The stranger may name this incident: no damage to their id makes it Carol's.
            SlackRequests.Button(Stranger, channel, "incident.escalate", n),
            SlackRequests.Submission(carol, "incident.action", Metadata(Nowhere), new JsonObject
            {
                ["what"] = SlackRequests.TextInput("Scale out"),
                ["why"] = SlackRequests.TextInput("CPU"),
                ["expect"] = SlackRequests.TextInput("p99 down"),
                ["undo"] = SlackRequests.TextInput("Scale in"),
                ["irreversible"] = SlackRequests.Ticked([]),
            }),
            SlackRequests.Submission(carol, "incident.note", Metadata(Nowhere), new JsonObject
            {
                ["text"] = SlackRequests.TextInput("found it"),
                ["kind"] = SlackRequests.Selected("root-cause"),
            }),
            SlackRequests.Submission(Stranger, "incident.resolve", Metadata(n), new JsonObject { ["summary"] = SlackRequests.TextInput("done") }),
        }.Select(p => p.ToJsonString()).ToArray();

        // Mostly the payload's JSON mutated and damaged (its bytes percent-encoded as they are), sometimes the form around it.
        var bodies = Gen.Frequency(
            (8, JsonFuzz.Bodies(valid).Select(json => "payload=" + Percent(json))),
            (1, Gen.Select(Gen.String[0, 20], Gen.String).List[0, 4].Select(f => string.Join("&", f.Select(p => Uri.EscapeDataString(Utf8(p.Item1)) + "=" + Uri.EscapeDataString(Utf8(p.Item2)))))));

        await bodies.SampleAsync(async form =>
        {
            var content = new StringContent(form, Encoding.ASCII);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            var reply = await SendCheckedAsync(id, SlackRequests.InteractivityPath, content, "POST /api/slack/interactivity");
            if (reply.Status == HttpStatusCode.OK && reply.Text.Length > 0)
            {
                Assert.True(reply.Json?["response_action"]?.GetValue<string>() == "errors", $"an answer Slack does not take: {reply}");
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(25, 2_000), threads: 1, print: f => f[..Math.Min(2_000, f.Length)]);

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_events_correctly_signed_get_2xx_or_4xx_and_a_rejected_one_changes_nothing()
    {
        var (id, channel) = await OpenWithChannelAsync("Slack fuzz: events");
        var ts = (await WebApiJsonAsync("chat.postMessage", new JsonObject { ["channel"] = channel, ["text"] = "seen" }))["ts"]!.GetValue<string>();
        var changed = SlackRequests.Message(channel, FuzzFixture.SlackCarol, "edited", ts);
        changed["subtype"] = "message_changed";
        var valid = new[]
        {
            SlackRequests.UrlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"),
            SlackRequests.EventCallback("EvFUZZ1", SlackRequests.Message(channel, FuzzFixture.SlackCarol, "db-1 lag &lt;40s&gt;", ts)),
            SlackRequests.EventCallback("EvFUZZ2", SlackRequests.Message(channel, Stranger, "me too", ts)),
            SlackRequests.EventCallback("EvFUZZ3", SlackRequests.Reaction(FuzzFixture.SlackCarol, "pushpin", channel, ts)),
            SlackRequests.EventCallback("EvFUZZ4", changed),
        }.Select(b => b.ToJsonString()).ToArray();

        await JsonFuzz.Bodies(valid).SampleAsync(async body =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await SendCheckedAsync(id, SlackRequests.EventsPath, content, "POST /api/slack/events");
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(25, 2_000), threads: 1, print: JsonFuzz.Show);

        await _http.AssertHealthyAsync();
    }

    /// <summary>Signs and sends; 2xx or 4xx, and a 4xx changed nothing here nor called Slack.</summary>
    private async Task<Reply> SendCheckedAsync(long id, string path, HttpContent content, string what)
    {
        var before = await _http.SnapshotAsync(id);
        var calls = runtime.Slack.Calls.Count;
        using var request = await SlackRequests.SignedAsync(path, content, FuzzFixture.SlackSigningSecret);

        var reply = await _http.SendAsync(request);

        FuzzHttp.AssertAnswered(reply, what);
        if (FuzzHttp.IsRejected(reply))
        {
            Assert.Equal(before, await _http.SnapshotAsync(id));
            Assert.Equal(calls, runtime.Slack.Calls.Count);
        }

        return reply;
    }

    private async Task WaitForPostmortemAsync(long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while ((await _http.Driver.GetAsync($"api/incidents/{id}/postmortem")).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no post-mortem for INC {id}");
            await Task.Delay(200);
        }
    }

    /// <summary>An incident of this test's own, and its channel in the fake Slack, mapped as the outbound side maps it.</summary>
    private async Task<(long Id, string Channel)> OpenWithChannelAsync(string title)
    {
        var id = await _http.OpenIncidentAsync(title);
        var name = "fuzz-" + Guid.NewGuid().ToString("N")[..12];
        var created = await WebApiJsonAsync("conversations.create", new JsonObject { ["name"] = name });
        var channel = created["channel"]!["id"]!.GetValue<string>();
        await WebApiJsonAsync("conversations.invite", new JsonObject { ["channel"] = channel, ["users"] = "U0000CAROL" });
        await runtime.Host.Services.GetRequiredService<RoomStore>().MapChannelAsync(channel, id, default);
        return (id, channel);
    }

    private async Task<JsonNode> WebApiJsonAsync(string method, JsonObject args)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{runtime.Slack.BaseUrl}/api/{method}")
        {
            Content = new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runtime.Slack.BotToken);
        using var response = await http.SendAsync(request);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(answer["ok"]!.GetValue<bool>(), $"{method}: {answer.ToJsonString()}");
        return answer;
    }

    /// <summary>Every byte percent-encoded: the form carries the payload's bytes exactly, invalid UTF-8 included.</summary>
    private static string Percent(byte[] bytes) => string.Concat(bytes.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>What survives a form post: a lone surrogate cannot be encoded, so it arrives as U+FFFD.</summary>
    private static string Utf8(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));
}
