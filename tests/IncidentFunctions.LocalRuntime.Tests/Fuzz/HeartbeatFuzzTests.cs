using System.Net;
using CsCheck;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;
using IncidentFunctions.Testing.Fuzz;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>
/// The heartbeat API fuzzed through the running runtime: creating (over /api and /console/api), changing, and pinging
/// at both paths. Every answer is 2xx or 4xx, and a refused request leaves the heartbeats exactly as they were.
/// </summary>
[Collection(FuzzCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class HeartbeatFuzzTests(FuzzFixture runtime)
{
    private const string Key = "e2e-heartbeats";
    private readonly FuzzHttp _http = new(runtime);

    [Fact]
    public async Task Fuzzed_creates_get_2xx_or_4xx_and_a_refused_one_adds_nothing()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var run = Payloads.Unique("fz");
        string[] valid =
        [
            $$"""{"name": "{{run}}", "service": "heartbeats", "interval": "5m", "grace": "1m", "enabled": true, "severity": "warning"}""",
            $$"""{"name": "{{run}}-b", "service": "heartbeats", "interval": "P1D"}""",
        ];
        await Gen.Select(JsonFuzz.Bodies(valid), Gen.Bool).SampleAsync(async (body, viaConsole) =>
        {
            var before = await ListAsync();
            var reply = await _http.SendAsync(HttpMethod.Post, "api/heartbeats", body, viaConsole ? Auth.Console : Auth.Admin, console);

            FuzzHttp.AssertAnswered(reply, "POST /api/heartbeats");
            if (FuzzHttp.IsRejected(reply))
            {
                Assert.Equal(before, await ListAsync());
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(15, 600), threads: 1, print: c => $"{(c.Item2 ? "console" : "api")} {JsonFuzz.Show(c.Item1)}");

        await _http.AssertHealthyAsync();
    }

    [Fact]
    public async Task Fuzzed_changes_and_pings_get_2xx_or_4xx_and_a_refused_change_changes_nothing()
    {
        var name = Payloads.Unique("fz-change");
        var created = await _http.Driver.PostJsonAsync("api/heartbeats", $$"""{"name": "{{name}}", "service": "heartbeats", "interval": "1h"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);

        await JsonFuzz.Bodies([
            """{"interval": "30m", "grace": "5m", "enabled": false, "severity": "info"}""",
            """{"enabled": true, "service": "heartbeats"}""",
        ]).SampleAsync(async body =>
        {
            var before = await GetAsync(name);
            var reply = await _http.SendAsync(HttpMethod.Patch, $"api/heartbeats/{name}", body, Auth.Admin);

            FuzzHttp.AssertAnswered(reply, "PATCH /api/heartbeats/{name}");
            if (FuzzHttp.IsRejected(reply))
            {
                Assert.Equal(before, await GetAsync(name));
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(15, 600), threads: 1, print: JsonFuzz.Show);

        // A ping's body is not read; whatever it is, the answer is 2xx or 4xx at both paths. Switched off first: a
        // fuzzed interval of seconds must not open an incident while the other fuzz tests count incidents.
        Assert.Equal(HttpStatusCode.OK, (await _http.Driver.PatchJsonAsync($"api/heartbeats/{name}", """{"enabled": false}""")).Status);
        await JsonFuzz.Bodies(["""{"note": "nightly run done"}"""]).SampleAsync(async body =>
        {
            FuzzHttp.AssertAnswered(await _http.SendAsync(HttpMethod.Post, $"api/heartbeats/{name}/ping?key={Key}", body), "POST /api/heartbeats/{name}/ping");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/heartbeats/{name}/ping") { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation("Authorization", "GenieKey " + Key);
            FuzzHttp.AssertAnswered(await _http.SendAsync(request), "POST /v2/heartbeats/{name}/ping");
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(5, 100), threads: 1, print: JsonFuzz.Show);

        Assert.Equal(HttpStatusCode.NoContent, (await _http.Driver.DeleteAsync($"api/heartbeats/{name}")).Status);
        await _http.AssertHealthyAsync();
    }

    private async Task<string> ListAsync() => (await _http.Driver.GetAsync("api/heartbeats")).Text;

    private async Task<string> GetAsync(string name) => (await _http.Driver.GetAsync($"api/heartbeats/{name}")).Text;
}
