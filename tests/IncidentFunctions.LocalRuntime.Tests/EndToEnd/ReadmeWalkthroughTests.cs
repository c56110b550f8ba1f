using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// README's walkthrough as a newcomer runs it on a fresh clone: the commands of its "Try it" block, exactly as written
/// (curl, scripts/sms-reply.sh, scripts/post-alert.sh, the payloads in samples/), from the repository root, against a
/// local runtime with the shipped sample configuration and no Twilio account (pages go to the outbox). Only the
/// runtime's address differs: the fixture's free port instead of 7071.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class ReadmeWalkthroughTests(LocalRuntimeFixture runtime, ITestOutputHelper output) : ReadmeBlocks(runtime, output)
{
    [Fact]
    public async Task The_try_it_commands_run_as_written_against_the_samples()
    {
        var commands = TryItCommands("### Try it:");
        Assert.Collection(commands,
            c => Assert.StartsWith("curl -s -X POST 'http://127.0.0.1:7071/api/alerts/alertmanager", c),
            c => Assert.Contains("/api/dev/outbox", c),
            c => Assert.StartsWith("scripts/sms-reply.sh +15550100001 a", c),
            c => Assert.Contains("/api/incidents", c),
            c => Assert.StartsWith("scripts/post-alert.sh alertmanager resolved", c));

        var posted = JsonNode.Parse(await RunAsync(commands[0]))!;
        var alerts = posted["alerts"]!.AsArray();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("created", a!["result"]!.GetValue<string>()));
        var ids = alerts.Select(a => a!["incidentId"]!.GetValue<long>()).ToList();

        // The pages go out a moment after the answer: run the outbox command again until Alice's first is there (the
        // other incident's waits out the flood limit's minute).
        await UntilAsync(commands[1], json => ids.Any(id => json["messages"]!.AsArray().Any(m =>
            m!["to"]!.GetValue<string>() == "+15550100001" && m["body"]!.GetValue<string>().Contains($"Reply {id}a", StringComparison.Ordinal))));

        // A bare "a" answers the last incident paged to Alice's number: the one she was texted about.
        var reply = await RunAsync(commands[2]);
        var acknowledged = ids.Single(id => reply.Contains($"INC {id} acknowledged — you are the lead", StringComparison.Ordinal));

        var list = JsonNode.Parse(await RunAsync(commands[3]))!;
        var row = list["incidents"]!.AsArray().Single(i => i!["id"]!.GetValue<long>() == acknowledged)!;
        Assert.Equal(("acknowledged", "Alice", "checkout"), (row["status"]!.GetValue<string>(), row["lead"]!.GetValue<string>(), row["service"]!.GetValue<string>()));

        var resolved = JsonNode.Parse(await RunAsync(commands[4]))!;
        Assert.Equal(ids.Order(), resolved["alerts"]!.AsArray().Select(a => a!["incidentId"]!.GetValue<long>()).Order());

        // checkout has autoResolve: once every alert has resolved at its source, both incidents resolve.
        await UntilAsync(commands[3], json => ids.All(id =>
            json["incidents"]!.AsArray().Single(i => i!["id"]!.GetValue<long>() == id)!["status"]!.GetValue<string>() is "resolved" or "closed"));
    }

    [Fact]
    public async Task The_pager_test_commands_run_as_written_and_confirm_alice_s_phone()
    {
        var commands = TryItCommands("## Pager test");
        Assert.Collection(commands,
            c => Assert.Equal("curl -s -X POST -H 'x-functions-key: local-admin-key' http://127.0.0.1:7071/api/responders/Alice/test", c),
            c => Assert.Equal("scripts/sms-reply.sh +15550100001 ok", c),
            c => Assert.Equal("scripts/voice-press.sh +15550100001 1", c),
            c => Assert.Equal("curl -s -H 'x-functions-key: local-admin-key' http://127.0.0.1:7071/api/responders", c));

        var test = JsonNode.Parse(await RunAsync(commands[0]))!;
        Assert.Equal(["sms:sent", "voice:sent"], test["methods"]!.AsArray().Select(m => $"{m!["key"]}:{m["state"]}"));
        Assert.Contains("Thanks, Alice: pager test confirmed", await RunAsync(commands[1]), StringComparison.Ordinal);
        // The last call to Alice's number is the test's (unless an incident of another test rang her since: press again).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string heard;
        while (!(heard = await RunAsync(commands[2])).Contains("Confirmed: this number reaches you.", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"`{commands[2]}` never confirmed the test: {heard}");
            await Task.Delay(200);
        }

        var alice = JsonNode.Parse(await RunAsync(commands[3]))!["responders"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Alice")!;
        Assert.Equal(["sms", "voice"], alice["methods"]!.AsArray().Select(m => m!["lastConfirmedVia"]!.GetValue<string>()));
    }
}

/// <summary>
/// README's "Try a call" block on a runtime of its own: a phone rings at most once a minute, and the walkthrough above
/// has just called Alice on the shared one.
/// </summary>
public sealed class ReadmeCallWalkthroughTests(LocalRuntimeFixture runtime, ITestOutputHelper output) : ReadmeBlocks(runtime, output), IClassFixture<LocalRuntimeFixture>
{
    [Fact]
    public async Task The_try_a_call_commands_run_as_written_and_the_keys_act()
    {
        var commands = TryItCommands("### Try a call");
        Assert.Collection(commands,
            c => Assert.StartsWith("curl -s -X POST 'http://127.0.0.1:7071/api/alerts/generic", c),
            c => Assert.Equal("scripts/voice-press.sh +15550100001 4", c),
            c => Assert.Equal("scripts/voice-press.sh +15550100002 6", c),
            c => Assert.Equal("scripts/voice-press.sh +15550100002 6", c));

        var id = JsonNode.Parse(await RunAsync(commands[0]))!["alerts"]![0]!["incidentId"]!.GetValue<long>();
        // The calls are placed a moment after the answer: the first key waits for Alice's.
        var heard = await UntilCalledAsync(commands[1], id);
        Assert.Contains($"Incident {id} acknowledged. You are the lead.", heard, StringComparison.Ordinal);
        Assert.Contains($"Press 6 again to resolve incident {id}", await UntilCalledAsync(commands[2], id), StringComparison.Ordinal);
        Assert.Contains($"Incident {id} resolved.", await RunAsync(commands[3]), StringComparison.Ordinal);

        var incident = JsonNode.Parse(await RunAsync($"curl -s -H 'x-functions-key: local-admin-key' {DefaultBaseUrl}/api/incidents/{id}"))!;
        Assert.Equal(("resolved", "Alice"), (incident["incident"]!["status"]!.GetValue<string>(), incident["incident"]!["lead"]!.GetValue<string>()));
    }
}

/// <summary>
/// README's "Try a heartbeat" block on a runtime of its own: its late incident pages Alice, whose phone the walkthrough
/// above expects to itself.
/// </summary>
public sealed class ReadmeHeartbeatWalkthroughTests(LocalRuntimeFixture runtime, ITestOutputHelper output) : ReadmeBlocks(runtime, output), IClassFixture<LocalRuntimeFixture>
{
    [Fact]
    public async Task The_try_a_heartbeat_commands_run_as_written_late_then_resolved()
    {
        var commands = TryItCommands("### Try a heartbeat");
        Assert.Collection(commands,
            c => Assert.StartsWith("curl -s -X POST -H 'x-functions-key: local-admin-key' -H 'Content-Type: application/json' -d '{\"name\":\"demo-cron\"", c),
            c => Assert.Equal("curl -s 'http://127.0.0.1:7071/api/heartbeats/demo-cron/ping?key=sample-checkout-key'", c),
            c => Assert.Equal("curl -s -H 'x-functions-key: local-admin-key' http://127.0.0.1:7071/api/heartbeats/demo-cron", c),
            c => Assert.Equal("curl -s -X POST -H 'Authorization: GenieKey sample-checkout-key' http://127.0.0.1:7071/v2/heartbeats/demo-cron/ping", c));

        Assert.Equal("waiting-first-ping", JsonNode.Parse(await RunAsync(commands[0]))!["status"]!.GetValue<string>());
        Assert.Equal("healthy", JsonNode.Parse(await RunAsync(commands[1]))!["heartbeat"]!["status"]!.GetValue<string>());
        await UntilAsync(commands[2], h => h["status"]!.GetValue<string>() == "late" && h["incident"] is not null);
        var id = JsonNode.Parse(await RunAsync(commands[2]))!["incident"]!.GetValue<long>();

        Assert.Equal("PONG - Heartbeat received", JsonNode.Parse(await RunAsync(commands[3]))!["result"]!.GetValue<string>());
        var command = $"curl -s -H 'x-functions-key: local-admin-key' {DefaultBaseUrl}/api/incidents/{id}";
        await UntilAsync(command, i => i["incident"]!["status"]!.GetValue<string>() == "resolved");
        var timeline = JsonNode.Parse(await RunAsync(command))!["timeline"]!.AsArray();
        Assert.Contains(timeline, e => e!["summary"]!.GetValue<string>().Contains("Heartbeat from demo-cron again after", StringComparison.Ordinal));
    }
}

/// <summary>Runs README's bash blocks as written, from the repository root, against a fixture's runtime.</summary>
public abstract partial class ReadmeBlocks(LocalRuntimeFixture runtime, ITestOutputHelper output)
{
    protected const string DefaultBaseUrl = "http://127.0.0.1:7071";

    /// <summary>Runs a keypress until the call it answers is the incident's (it is placed a moment after the alert).</summary>
    protected async Task<string> UntilCalledAsync(string command, long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var answer = await RunAsync(command + " || true");
            if (answer.Contains($"incident {id}", StringComparison.OrdinalIgnoreCase))
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"`{command}` never reached the call of INC {id}: {answer}");
            await Task.Delay(200);
        }
    }

    /// <summary>The commands of README's first bash block under <paramref name="heading"/>, continuation lines joined, comments and ./run.sh left out.</summary>
    protected static List<string> TryItCommands(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "README.md"));
        var start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no \"{heading}\" section");
        var block = BashBlock().Match(readme, start);
        Assert.True(block.Success, $"README's \"{heading}\" section has no bash block");

        var commands = new List<string>();
        var current = "";
        foreach (var raw in block.Groups[1].Value.Split('\n'))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            current += line.EndsWith('\\') ? line[..^1] : line;
            if (!line.EndsWith('\\'))
            {
                commands.Add(Regex.Replace(current, @"\s+", " ").Trim());
                current = "";
            }
        }

        return commands.Where(c => !c.StartsWith("./run.sh", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Runs one command with bash from the repository root, pointed at the fixture's runtime; returns its output.</summary>
    protected async Task<string> RunAsync(string command)
    {
        var baseUrl = runtime.Host.BaseUrl;
        var start = new ProcessStartInfo("bash", ["-c", command.Replace(DefaultBaseUrl, baseUrl, StringComparison.Ordinal)])
        {
            WorkingDirectory = RepoRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The scripts default to http://127.0.0.1:${PORT:-7071}, as README says.
        start.Environment["PORT"] = new Uri(baseUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        output.WriteLine($"$ {command}\n{await stdout}{await stderr}");
        Assert.True(process.ExitCode == 0, $"`{command}` exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    protected async Task UntilAsync(string command, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var json = JsonNode.Parse(await RunAsync(command))!;
            if (done(json))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"`{command}` never showed what was expected: {json.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
