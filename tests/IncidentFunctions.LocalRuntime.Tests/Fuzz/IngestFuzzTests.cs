using System.Net;
using System.Text;
using System.Xml.Linq;
using CsCheck;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.Fuzz;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>
/// The open endpoints through the running local runtime, fuzzed with CsCheck: every alert format, PagerDuty's
/// /api/v2/enqueue and Twilio's correctly signed SMS webhook. Every answer is 2xx or 4xx (a 5xx fails with the
/// shrunk input printed), a rejected alert opens nothing, and the runtime answers health after each batch.
/// Fewer cases than the parser fuzz (Domain.Tests/Fuzz): each is a real request, and accepted ones page someone.
/// </summary>
[Collection(FuzzCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class IngestFuzzTests(FuzzFixture runtime)
{
    private const string AlertKey = "e2e-rejects";
    private const string PagerDutyKey = "e2e-pagerduty";

    private readonly FuzzHttp _http = new(runtime);

    public static TheoryData<string> Formats() => new("alertmanager", "grafana", "azure-monitor", "datadog", "generic", "opsgenie");

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Fuzzed_alert_bodies_get_2xx_or_4xx_and_a_rejected_one_opens_nothing(string format)
    {
        await JsonFuzz.Bodies(ValidBodies.For(format)).SampleAsync(async body =>
        {
            var before = await _http.CounterAsync();
            var reply = await _http.SendAsync(HttpMethod.Post, $"api/alerts/{format}?key={AlertKey}", body);

            FuzzHttp.AssertAnswered(reply, $"POST /api/alerts/{format}");
            if (FuzzHttp.IsRejected(reply))
            {
                Assert.Equal(before, await _http.CounterAsync());
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(15, 1_000), threads: 1, print: JsonFuzz.Show);

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_Opsgenie_API_creates_get_2xx_or_4xx_and_a_rejected_one_opens_nothing()
    {
        await JsonFuzz.Bodies([ValidBodies.OpsgenieCreate]).SampleAsync(async body =>
        {
            var before = await _http.CounterAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "v2/alerts") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("Authorization", "GenieKey " + AlertKey);
            var reply = await _http.SendAsync(request);

            FuzzHttp.AssertAnswered(reply, "POST /v2/alerts");
            if (FuzzHttp.IsRejected(reply))
            {
                Assert.Equal(before, await _http.CounterAsync());
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(15, 1_000), threads: 1, print: JsonFuzz.Show);

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_PagerDuty_events_get_2xx_or_4xx_and_a_rejected_one_opens_nothing()
    {
        await JsonFuzz.Bodies(ValidBodies.For("pagerduty", PagerDutyKey)).SampleAsync(async body =>
        {
            var before = await _http.CounterAsync();
            var reply = await _http.SendAsync(HttpMethod.Post, "api/v2/enqueue", body);

            FuzzHttp.AssertAnswered(reply, "POST /api/v2/enqueue");
            if (FuzzHttp.IsRejected(reply))
            {
                Assert.Equal(before, await _http.CounterAsync());
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(20, 1_500), threads: 1, print: JsonFuzz.Show);

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_signed_SMS_replies_get_TwiML_with_only_a_message_or_a_4xx()
    {
        // Erin is paged only by the bare-reply service, so bare codes act on this incident and on no other test's.
        var opened = await _http.Driver.PostAlertAsync("generic", "e2e-bare", Payloads.Generic("SMS fuzz", Payloads.Unique("smsfuzz")));
        var id = Payloads.IncidentId(opened);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Erin && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));

        // Numbers far above any incident this runtime opens, or this one: a fuzzed "17r" must not resolve another test's incident.
        var number = Gen.OneOf(Gen.Const(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const(""), Gen.Const("0"),
            Gen.Const("99999999999999999999999"), Gen.Long[1_000_000_000, long.MaxValue].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var code = Gen.OneOf(Gen.Const("a"), Gen.Const("e"), Gen.Const("n "), Gen.Const("u "), Gen.Const("N"), Gen.Const("?"), Gen.Const("ack"), Gen.Const("HELP"), Gen.Const(""));
        var text = Gen.OneOf(Gen.String, Gen.Const(JsonFuzz.OddValues[28]), Gen.Const("</Message><Redirect>http://evil.example/</Redirect>"),
            Gen.Const("]]><Play>http://evil.example/a.mp3</Play>"), Gen.Const("&amp;&lt;&#x0;"), Gen.Const(new string('x', 5_000)));
        var from = Gen.OneOf(Gen.Const(PipelineFixture.Erin), Gen.Const(" " + PipelineFixture.Erin + " "), Gen.Const("+15559998888"), Gen.Const(""), Gen.String[0, 20]);
        var sms = Gen.Select(from, number, code, text).Select((f, n, c, t) => (From: Utf8(f), Body: Utf8(n + c + t)));

        await sms.SampleAsync(async s =>
        {
            var reply = await _http.Driver.TextAsync(s.From, s.Body);
            FuzzHttp.AssertAnswered(reply, "POST /api/sms/inbound");
            if (reply.Status == HttpStatusCode.OK)
            {
                AssertOnlyAMessage(reply.Text);
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(25, 2_000), threads: 1, print: s => $"From '{s.From}', Body '{s.Body}'");

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_SMS_forms_correctly_signed_get_2xx_or_4xx()
    {
        // Any field names and values, duplicates, and more fields than a form reader allows by default.
        var field = Gen.Select(Gen.OneOf(Gen.String[0, 30], Gen.Const("Body"), Gen.Const("From"), Gen.Const("To")), Gen.OneOf(Gen.String, Gen.Const(PipelineFixture.Erin)));
        var form = Gen.Frequency(
            (4, field.List[0, 40]),
            (1, Gen.Int[1_000, 1_100].Select(n => Enumerable.Range(0, n).Select(i => ($"f{i}", "v")).ToList())),
            (1, Gen.Int[0, 2].Select(i => new List<(string, string)> { ("From", PipelineFixture.Erin), (new string('k', 3_000 * (i + 1)), "v") })));
        var url = new Uri(runtime.Client.BaseAddress!, "api/sms/inbound").ToString();

        await form.SampleAsync(async fields =>
        {
            var pairs = fields.Select(f => new KeyValuePair<string, string>(Utf8(f.Item1), Utf8(f.Item2))).ToList();
            using var request = TwilioSignature.CreateSignedRequest(url, pairs, runtime.Twilio.AuthToken);
            var reply = await _http.SendAsync(request);
            FuzzHttp.AssertAnswered(reply, "POST /api/sms/inbound");
            if (reply.Status == HttpStatusCode.OK)
            {
                AssertOnlyAMessage(reply.Text);
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(15, 1_000), threads: 1,
            print: f => $"{f.Count} fields: " + string.Join("&", f.Take(20).Select(p => $"{p.Item1[..Math.Min(40, p.Item1.Length)]}={p.Item2[..Math.Min(40, p.Item2.Length)]}")));

        await _http.AssertHealthyAsync();
    }

    /// <summary>What survives a form post: Twilio sends UTF-8, so a lone surrogate arrives as U+FFFD (and the client cannot encode one).</summary>
    private static string Utf8(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));

    /// <summary>
    /// Whatever the sender wrote, the reply is TwiML with at most one Message holding text only: a body echoed back
    /// can never add a verb (Redirect, Play…) for Twilio to follow.
    /// </summary>
    internal static void AssertOnlyAMessage(string twiml)
    {
        var doc = XDocument.Parse(twiml);
        Assert.Equal("Response", doc.Root!.Name.LocalName);
        var children = doc.Root.Elements().ToList();
        Assert.True(children.Count <= 1, $"more than one verb in {twiml}");
        Assert.All(children, c =>
        {
            Assert.Equal("Message", c.Name.LocalName);
            Assert.Empty(c.Elements());
        });
    }
}
