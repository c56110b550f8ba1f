using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;
using IncidentFunctions.Testing.Fuzz;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>
/// Every API command body, fuzzed through the running runtime, over /api with the admin key and over /console/api
/// with the console's cookie (chosen per case). Every answer is 2xx or 4xx, and a rejected command leaves the
/// incident, its records and its timeline exactly as they were; the runtime answers health after each batch.
/// </summary>
[Collection(FuzzCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class CommandFuzzTests(FuzzFixture runtime)
{
    /// <summary>Incidents shared by the rows, by task hub and kind, opened on first use.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<(long Id, string? ActionId)>>> Shared = new(StringComparer.Ordinal);

    private readonly FuzzHttp _http = new(runtime);

    /// <summary>Commands on an acknowledged incident: method, path after api/incidents/{id}/, valid bodies to mutate.</summary>
    public static TheoryData<string, string, string[]> OpenIncidentCommands => new()
    {
        { "POST", "ack", ["""{"by": "Alice"}"""] },
        { "POST", "lead", ["""{"to": "Alice", "reason": "end of shift", "by": "Alice"}"""] },
        { "POST", "responders", ["""{"responders": ["Carol", "Lee"], "reason": "database help", "by": "Alice"}""", """{"policy": "erin"}"""] },
        { "PUT", "scope", ["""{"affectedServices": ["checkout", "payments"], "hostsAffected": 3, "usersAffected": 1200, "customerVisible": true, "notes": "EU only", "by": "Alice"}"""] },
        { "PUT", "severity", ["""{"severity": "SEV2", "reason": "customers affected", "by": "Alice"}"""] },
        { "POST", "notes", ["""{"text": "disk is full", "kind": "finding", "by": "Alice"}"""] },
        { "POST", "actions", ["""{"what": "Fail over", "why": "primary disk full", "expectedEffect": "writes succeed", "undo": "fail back", "by": "Alice"}""",
                              """{"what": "Drop the cache", "why": "stale", "expectedEffect": "fresh reads", "irreversible": true}"""] },
        { "POST", "actions/{action}/outcome", ["""{"result": "worked", "observed": "writes succeed", "by": "Alice"}"""] },
        { "POST", "updates", ["""{"text": "Investigating", "audiences": ["team", "leadership", "users"], "publicTitle": "Checkout slow", "impact": "Some payments fail", "by": "Alice"}""",
                              """{"text": "Found it", "audiences": ["team"]}"""] },
        { "POST", "alert-feedback", ["""{"useful": false, "by": "Alice", "comment": "noisy"}"""] },
    };

    [Theory]
    [MemberData(nameof(OpenIncidentCommands))]
    public async Task Fuzzed_command_bodies_get_2xx_or_4xx_and_a_rejected_one_changes_nothing(string method, string path, string[] valid)
    {
        var (id, actionId) = await AcknowledgedAsync();
        await FuzzAsync(id, method, path.Replace("{action}", actionId, StringComparison.Ordinal), valid);
    }

    [Fact]
    public async Task Fuzzed_resolve_and_postmortem_bodies_get_2xx_or_4xx_and_a_rejected_one_changes_nothing()
    {
        var (id, _) = await SharedAsync("resolving", async () => (await _http.OpenIncidentAsync("Fuzz: resolve"), null));

        // Resolved first, and its post-mortem drafted: its draft row appearing in the middle would look like a fuzzed
        // resolve writing it. The body is still read and checked before the incident's state (400 before 409).
        var resolved = await _http.Driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Cleared the full disk"}""");
        Assert.True(resolved.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, resolved.ToString());
        await WaitForAsync(async () => (await _http.Driver.GetAsync($"api/incidents/{id}/postmortem")).Status == HttpStatusCode.OK, $"no post-mortem for INC {id}");
        await FuzzAsync(id, "POST", "resolve", ["""{"summary": "Cleared the full disk", "by": "Alice"}"""]);

        await FuzzAsync(id, "PUT", "postmortem", [
            """{"summary": "The disk filled up", "wentWell": ["paged fast"], "toChange": ["alert earlier"], "lessons": ["watch disks"], "by": "Alice"}""",
            """{"actionItems": [{"title": "Disk alert at 80%", "owner": "Alice", "dueBy": "2030-01-01T00:00:00Z", "reason": "late page", "source": "manual", "done": false}]}""",
        ]);

        // Completed first and closed, for the same reason: the orchestration closes the incident row a moment after.
        var completed = await _http.Driver.PostJsonAsync($"api/incidents/{id}/postmortem/complete", """{"by": "Alice"}""");
        Assert.True(completed.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, completed.ToString());
        await _http.Driver.WaitForIncidentAsync(id, d => d["incident"]!["status"]!.GetValue<string>() == "closed", TimeSpan.FromSeconds(90));
        await FuzzAsync(id, "POST", "postmortem/complete", ["""{"by": "Alice"}"""]);
    }

    /// <summary>
    /// POST /api/maintenance, fuzzed over both doors: 2xx or 4xx, and a refused body writes no window. Windows are
    /// compared by id only: an accepted one may end during the run, which changes its state but is no write.
    /// </summary>
    [Fact]
    public async Task Fuzzed_maintenance_bodies_get_2xx_or_4xx_and_a_rejected_one_writes_no_window()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (start, end) = (Iso(DateTimeOffset.UtcNow.AddMinutes(30)), Iso(DateTimeOffset.UtcNow.AddHours(1)));
        string[] valid =
        [
            $$"""{"services": ["maint"], "end": "{{end}}", "matchers": {"host": "db-*", "fuzz": "yes"}, "reason": "fuzzing", "by": "Alice"}""",
            $$"""{"services": ["maint", "maint-other"], "start": "{{start}}", "end": "{{end}}", "reason": "upcoming"}""",
        ];
        await Gen.Select(JsonFuzz.Bodies(valid), Gen.Bool).SampleAsync(async (body, viaConsole) =>
        {
            var before = await WindowIdsAsync();
            var reply = await _http.SendAsync(HttpMethod.Post, "api/maintenance", body, viaConsole ? Auth.Console : Auth.Admin, console);

            FuzzHttp.AssertAnswered(reply, $"POST api/maintenance{(viaConsole ? " via the console" : "")}");
            if (FuzzHttp.IsRejected(reply))
            {
                Assert.Equal(before, await WindowIdsAsync());
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(8, 600), threads: 1, print: c => $"{(c.Item2 ? "console" : "api")} {JsonFuzz.Show(c.Item1)}");

        await _http.AssertHealthyAsync();
    }

    /// <summary>The window id in GET and POST …/end, fuzzed: an id that is no window is a 404, never a 5xx.</summary>
    [Fact]
    public async Task Fuzzed_maintenance_ids_get_2xx_or_4xx()
    {
        var ids = Gen.OneOf(Gen.String.AlphaNumeric, Gen.String, Gen.Const("mw-000000000000"), Gen.Const("cfg-x-20261207t0200z"), Gen.Const("%2e%2e"), Gen.Const("a%2Fb"));
        await Gen.Select(ids.Where(i => i.Length > 0), Gen.Bool).SampleAsync(async (id, end) =>
        {
            var path = $"api/maintenance/{Uri.EscapeDataString(id)}" + (end ? "/end" : "");
            var reply = await _http.SendAsync(end ? HttpMethod.Post : HttpMethod.Get, path, "{}"u8.ToArray(), Auth.Admin);

            FuzzHttp.AssertAnswered(reply, (end ? "POST " : "GET ") + path);
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(20, 600), threads: 1, print: c => $"{c.Item1} {(c.Item2 ? "end" : "get")}");

        await _http.AssertHealthyAsync();
    }

    private async Task<string> WindowIdsAsync()
    {
        var list = await _http.Driver.GetAsync("api/maintenance");
        Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
        // API windows only: the planner may still be adding the configured ones while the runtime starts.
        return string.Join(",", list.Json!["windows"]!.AsArray().Where(w => w!["configWindow"] is null).Select(w => w!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private async Task FuzzAsync(long id, string method, string path, string[] valid)
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var cases = Gen.Select(JsonFuzz.Bodies(valid), Gen.Bool);
        string? unchanged = null;
        await cases.SampleAsync(async (body, viaConsole) =>
        {
            // After a rejected case the incident is as it was (asserted), so its snapshot serves as the next "before".
            var before = unchanged ?? await _http.SnapshotAsync(id);
            unchanged = null;
            var reply = await _http.SendAsync(new HttpMethod(method), $"api/incidents/{id}/{path}", body, viaConsole ? Auth.Console : Auth.Admin, console);

            FuzzHttp.AssertAnswered(reply, $"{method} {path}{(viaConsole ? " via the console" : "")}");
            if (FuzzHttp.IsRejected(reply))
            {
                var after = await _http.SnapshotAsync(id);
                Assert.True(before == after, $"{method} {path} was refused ({reply}) but changed INC {id}:\nbefore {before}\nafter  {after}");
                unchanged = after;
            }
        }, seed: FuzzScale.Seed, iter: FuzzScale.Iterations(8, 600), threads: 1, print: c => $"{(c.Item2 ? "console" : "api")} {JsonFuzz.Show(c.Item1)}");

        await _http.AssertHealthyAsync();
    }

    /// <summary>Acknowledged by Alice on the slow policy with no update cadence, with one action recorded for outcomes.</summary>
    private Task<(long Id, string? ActionId)> AcknowledgedAsync() => SharedAsync("acknowledged", async () =>
    {
        var id = await _http.OpenIncidentAsync("Fuzz: commands");
        Assert.Contains("you are the lead", (await _http.Driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text, StringComparison.Ordinal);
        var action = await _http.Driver.PostJsonAsync($"api/incidents/{id}/actions",
            """{"what": "Restart the writer", "why": "stuck", "expectedEffect": "writes resume", "undo": "none needed: restart again"}""");
        Assert.True(action.Status == HttpStatusCode.Created, action.ToString());
        return (id, action.Json!["id"]!.GetValue<string>());
    });

    private Task<(long Id, string? ActionId)> SharedAsync(string kind, Func<Task<(long, string?)>> create) =>
        Shared.GetOrAdd(runtime.TaskHubName + "/" + kind, _ => new Lazy<Task<(long, string?)>>(create)).Value;

    private static async Task WaitForAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(200);
        }
    }
}
