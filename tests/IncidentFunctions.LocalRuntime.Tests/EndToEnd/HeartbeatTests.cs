using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.Faults;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Heartbeats on the local runtime, as a monitor and an on-call engineer meet them: created by the API, pinged at our
/// path and at Opsgenie's, late (an incident that pages, never before its deadline), back (resolved, with how long it
/// was silent); one that never pinged stays quiet; the configuration's own are listed and left to the file; and every
/// refusal names its field and writes nothing.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HeartbeatTests(PipelineFixture runtime, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Key = "e2e-heartbeats";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Ping_late_incident_pages_then_the_next_ping_resolves_it_and_one_never_pinged_stays_quiet()
    {
        var name = Payloads.Unique("hb");
        var quiet = Payloads.Unique("hb-quiet");
        var created = await CreateAsync(name, "5s", "1s");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("waiting-first-ping", "api", "5s", "1s"), (Str(created.Json!, "status"), Str(created.Json!, "source"), Str(created.Json!, "interval"), Str(created.Json!, "grace")));
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(quiet, "5s", "1s")).Status);

        var ping = await _driver.GetAsync($"api/heartbeats/{name}/ping?key={Key}", key: null);
        Assert.Equal(HttpStatusCode.Accepted, ping.Status);
        Assert.Equal("healthy", Str(ping.Json!["heartbeat"]!, "status"));
        var pingedAt = ping.Json!["heartbeat"]!["lastPingAt"]!.GetValue<DateTimeOffset>();
        var deadline = ping.Json!["heartbeat"]!["nextDeadline"]!.GetValue<DateTimeOffset>();
        Assert.Equal(pingedAt + TimeSpan.FromSeconds(6), deadline);

        // Late: an incident on the heartbeat's service, paging as usual, opened at its deadline and not before.
        var late = await WaitForHeartbeatAsync(name, h => Str(h, "status") == "late" && h["incident"] is not null);
        var id = late["incident"]!.GetValue<long>();
        Assert.Equal(deadline, late["lateSince"]!.GetValue<DateTimeOffset>());
        var opened = await _driver.IncidentAsync(id);
        var incident = opened["incident"]!;
        Assert.StartsWith($"No heartbeat from {name} since ", Str(incident, "title"), StringComparison.Ordinal);
        Assert.Equal("heartbeats", Str(incident, "service"));
        Assert.Contains(FaultRig.Timeline(opened), e => FaultRig.Kind(e) == "alertReceived" && FaultRig.Data(e, "dedupKey") == $"heartbeat:{name}");
        Assert.True(incident["openedAt"]!.GetValue<DateTimeOffset>() >= deadline, $"opened {incident["openedAt"]} before its deadline {deadline:O}");
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);

        // The one never pinged passed the same deadline unpinged, and is still only waiting.
        var waiting = (await _driver.GetAsync($"api/heartbeats/{quiet}")).Json!;
        Assert.Equal("waiting-first-ping", Str(waiting, "status"));
        Assert.Null(waiting["incident"]);
        Assert.Null(waiting["nextDeadline"]);

        // Back, through Opsgenie's heartbeat API: the incident resolves (the service resolves with its alerts) and says how long it was silent.
        var pong = await OpsgeniePingAsync(name, HttpMethod.Post);
        Assert.Equal(HttpStatusCode.Accepted, pong.Status);
        Assert.Equal("PONG - Heartbeat received", Str(pong.Json!, "result"));
        var resolved = await _driver.WaitForIncidentAsync(id, i => Str(i["incident"]!, "status") == "resolved", Deadline);
        Assert.Contains(FaultRig.Timeline(resolved), e => FaultRig.Kind(e) == "alertResolved"
            && Str(e, "summary").Contains($"Heartbeat from {name} again after ", StringComparison.Ordinal)
            && Str(e, "summary").EndsWith(" of silence", StringComparison.Ordinal));
        var healthy = (await _driver.GetAsync($"api/heartbeats/{name}")).Json!;
        Assert.Equal("healthy", Str(healthy, "status"));
        Assert.Null(healthy["lateSince"]);

        // Deleted: gone from the list, and its orchestration ends rather than waking for it.
        Assert.Equal(HttpStatusCode.NoContent, (await _driver.DeleteAsync($"api/heartbeats/{name}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _driver.DeleteAsync($"api/heartbeats/{quiet}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.GetAsync($"api/heartbeats/{name}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.GetAsync($"api/heartbeats/{name}/ping?key={Key}", key: null)).Status);
    }

    [Fact]
    public async Task Disabled_records_pings_without_timing_and_enabled_again_waits_for_a_first_ping()
    {
        var name = Payloads.Unique("hb-off");
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(name, "1h", null)).Status);
        var off = await _driver.PatchJsonAsync($"api/heartbeats/{name}", """{"enabled":false}""");
        Assert.Equal(HttpStatusCode.OK, off.Status);
        Assert.Equal(("disabled", "1m"), (Str(off.Json!, "status"), Str(off.Json!, "grace")));

        var ping = await OpsgeniePingAsync(name, HttpMethod.Get);
        Assert.Equal(HttpStatusCode.Accepted, ping.Status);
        var disabled = (await _driver.GetAsync($"api/heartbeats/{name}")).Json!;
        Assert.Equal("disabled", Str(disabled, "status"));
        Assert.NotNull(disabled["lastPingAt"]);
        Assert.Null(disabled["nextDeadline"]);

        var on = await _driver.PatchJsonAsync($"api/heartbeats/{name}", """{"enabled":true,"interval":"30m","grace":"5m","severity":"warning"}""");
        Assert.Equal(HttpStatusCode.OK, on.Status);
        Assert.Equal(("waiting-first-ping", "30m", "5m", "warning"), (Str(on.Json!, "status"), Str(on.Json!, "interval"), Str(on.Json!, "grace"), Str(on.Json!, "severity")));

        var listed = (await _driver.GetAsync("api/heartbeats")).Json!["heartbeats"]!.AsArray();
        Assert.Contains(listed, h => Str(h!, "name") == name && Str(h!, "status") == "waiting-first-ping");
        Assert.Equal(HttpStatusCode.NoContent, (await _driver.DeleteAsync($"api/heartbeats/{name}")).Status);
    }

    [Fact]
    public async Task The_configurations_heartbeat_is_listed_and_changed_only_in_the_file()
    {
        // Brought into storage by the runtime's first heartbeat pass, just after start.
        var declared = await WaitForHeartbeatAsync(PipelineFixture.DeclaredHeartbeat, _ => true);
        Assert.Equal(("configuration", "heartbeats", "5m", "1m", "waiting-first-ping"),
            (Str(declared, "source"), Str(declared, "service"), Str(declared, "interval"), Str(declared, "grace"), Str(declared, "status")));

        var patch = await _driver.PatchJsonAsync($"api/heartbeats/{PipelineFixture.DeclaredHeartbeat}", """{"enabled":false}""");
        Assert.Equal(HttpStatusCode.Conflict, patch.Status);
        Assert.Contains("configuration file", Str(patch.Json!, "detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await _driver.DeleteAsync($"api/heartbeats/{PipelineFixture.DeclaredHeartbeat}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await CreateAsync(PipelineFixture.DeclaredHeartbeat.ToUpperInvariant(), "5m", null)).Status);
        Assert.Equal("waiting-first-ping", Str((await _driver.GetAsync($"api/heartbeats/{PipelineFixture.DeclaredHeartbeat}")).Json!, "status"));
    }

    [Theory]
    [InlineData("""{"service":"heartbeats","interval":"5m"}""", "name")]
    [InlineData("""{"name":"has space","service":"heartbeats","interval":"5m"}""", "name")]
    [InlineData("""{"name":"hb-bad","interval":"5m"}""", "service")]
    [InlineData("""{"name":"hb-bad","service":"nope","interval":"5m"}""", "service")]
    [InlineData("""{"name":"hb-bad","service":"heartbeats"}""", "interval")]
    [InlineData("""{"name":"hb-bad","service":"heartbeats","interval":"1s"}""", "interval")]
    [InlineData("""{"name":"hb-bad","service":"heartbeats","interval":"soon"}""", "interval")]
    [InlineData("""{"name":"hb-bad","service":"heartbeats","interval":"5m","grace":"2d"}""", "grace")]
    [InlineData("""{"name":"hb-bad","service":"heartbeats","interval":"5m","enabled":"yes"}""", "enabled")]
    [InlineData("""{"name":"hb-bad","service":"heartbeats","interval":"5m","severity":"sev1"}""", "severity")]
    [InlineData("""[1]""", "$")]
    public async Task A_bad_heartbeat_is_refused_naming_its_field_and_nothing_is_written(string body, string field)
    {
        var reply = await _driver.PostJsonAsync("api/heartbeats", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(field, Str(reply.Json!, "field"));
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.GetAsync("api/heartbeats/hb-bad")).Status);
    }

    [Fact]
    public async Task Pings_need_a_key_of_the_heartbeats_own_service()
    {
        var name = Payloads.Unique("hb-keys");
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(name, "1h", null)).Status);

        var none = await _driver.PostJsonAsync($"api/heartbeats/{name}/ping", "", key: null);
        Assert.Equal((HttpStatusCode.Unauthorized, "key"), (none.Status, Str(none.Json!, "field")));
        var unknown = await _driver.GetAsync($"api/heartbeats/{name}/ping?key=not-a-key", key: null);
        Assert.Equal((HttpStatusCode.Forbidden, "key"), (unknown.Status, Str(unknown.Json!, "field")));
        var other = await _driver.GetAsync($"api/heartbeats/{name}/ping?key=e2e-checkout", key: null);
        Assert.Equal((HttpStatusCode.Forbidden, "key"), (other.Status, Str(other.Json!, "field")));
        var missing = await _driver.GetAsync($"api/heartbeats/{name}-nope/ping?key={Key}", key: null);
        Assert.Equal((HttpStatusCode.NotFound, "name"), (missing.Status, Str(missing.Json!, "field")));

        // Opsgenie's path answers in Opsgenie's shape; another service's heartbeat is not this key's to see.
        var noGenie = await SendAsync(HttpMethod.Post, $"v2/heartbeats/{name}/ping", null);
        Assert.Equal(HttpStatusCode.Unauthorized, noGenie.Status);
        Assert.NotNull(noGenie.Json!["errors"]!["Authorization"]);
        var otherGenie = await SendAsync(HttpMethod.Post, $"v2/heartbeats/{name}/ping", "e2e-checkout");
        Assert.Equal(HttpStatusCode.NotFound, otherGenie.Status);
        Assert.Equal($"Heartbeat with name [{name}] does not exist.", Str(otherGenie.Json!, "message"));

        // A rename is refused (the name is in the monitor's URL), and none of the refusals counted as a ping.
        var rename = await _driver.PatchJsonAsync($"api/heartbeats/{name}", """{"name":"other"}""");
        Assert.Equal((HttpStatusCode.BadRequest, "name"), (rename.Status, Str(rename.Json!, "field")));
        var heartbeat = (await _driver.GetAsync($"api/heartbeats/{name}")).Json!;
        Assert.Equal("waiting-first-ping", Str(heartbeat, "status"));
        Assert.Null(heartbeat["lastPingAt"]);
        Assert.Equal(HttpStatusCode.NoContent, (await _driver.DeleteAsync($"api/heartbeats/{name}")).Status);
    }

    [Fact]
    public async Task The_Opsgenie_ping_answers_as_Opsgenie_documents_it_when_the_shared_sample_is_there()
    {
        var dir = IncidentFunctions.Testing.SharedFixtures.FindDirectory("opsgenie-api");
        if (dir is null || !File.Exists(Path.Combine(dir, "heartbeat-ping-response.json")))
        {
            output.WriteLine(IncidentFunctions.Testing.SharedFixtures.AbsentMessage("opsgenie-api/heartbeat-ping-response.json"));
            return;
        }

        var documented = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "heartbeat-ping-response.json")))!.AsObject();
        var name = Payloads.Unique("hb-doc");
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(name, "1h", null)).Status);
        var ours = (await OpsgeniePingAsync(name, HttpMethod.Get)).Json!.AsObject();

        Assert.Equal(documented.Select(p => p.Key).Order(), ours.Select(p => p.Key).Order());
        Assert.Equal(documented["result"]!.GetValue<string>(), ours["result"]!.GetValue<string>());
        Assert.All(["took", "requestId"], key => Assert.Equal(documented[key]!.GetValueKind(), ours[key]!.GetValueKind()));
        Assert.Equal(HttpStatusCode.NoContent, (await _driver.DeleteAsync($"api/heartbeats/{name}")).Status);
    }

    private Task<Reply> CreateAsync(string name, string interval, string? grace) =>
        _driver.PostJsonAsync("api/heartbeats", new JsonObject { ["name"] = name, ["service"] = "heartbeats", ["interval"] = interval, ["grace"] = grace }.ToJsonString());

    private Task<Reply> OpsgeniePingAsync(string name, HttpMethod method) => SendAsync(method, $"v2/heartbeats/{name}/ping", Key);

    private async Task<Reply> SendAsync(HttpMethod method, string path, string? genieKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (genieKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", genieKey);
        }

        using var response = await runtime.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, text, text.Length > 0 ? JsonNode.Parse(text) : null, response.Content.Headers.ContentType, response.Headers);
    }

    private async Task<JsonNode> WaitForHeartbeatAsync(string name, Func<JsonNode, bool> condition)
    {
        var until = DateTimeOffset.UtcNow + Deadline;
        while (true)
        {
            var reply = await _driver.GetAsync($"api/heartbeats/{name}");
            var heartbeat = reply.Json!;
            if (reply.Status == HttpStatusCode.OK && condition(heartbeat))
            {
                return heartbeat;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"heartbeat {name} never got there: {heartbeat.ToJsonString()}\n{string.Join("\n", runtime.Logs.Lines.Where(l => l.Contains("heartbeat", StringComparison.OrdinalIgnoreCase)).TakeLast(20))}");
            await Task.Delay(250);
        }
    }

    private static string Str(JsonNode node, string name) => node[name]!.GetValue<string>();
}
