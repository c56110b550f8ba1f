using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.Faults;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Pages by phone through the local runtime and the fake Twilio's Calls API: the text, the call after the rule's delay,
/// keys pressed on the call acting through the command service, calls nobody takes bringing the next rule forward, and
/// every voice webhook that is not Twilio's refused before it acts.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class VoiceEndToEndTests(VoiceFixture runtime, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = runtime.Driver();

    [Fact]
    public async Task A_text_then_a_call_after_the_rule_s_delay_and_4_takes_the_lead_with_no_more_calls()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Alice, CalleeBehaviour.Press("4"));
        var id = await OpenAsync("alice", "Checkout 5xx above 2% https://grafana.example/d/abc?from=now-1h");

        var text = await runtime.Twilio.WaitForMessageAsync(m => m.To == VoiceFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);
        var call = await CallAsync(VoiceFixture.Alice, id);
        output.WriteLine(string.Join(" / ", call.Spoken));

        Assert.True(call.CreatedAt - text.ReceivedAt >= VoiceFixture.FirstCall - TimeSpan.FromMilliseconds(200),
            $"called {(call.CreatedAt - text.ReceivedAt).TotalMilliseconds} ms after the text, before the rule's {VoiceFixture.FirstCall}");
        Assert.Equal("DetectMessageEnd", call.MachineDetection);
        Assert.Contains($"severity 2 incident {id}, on alice: Checkout 5xx above 2%", call.Spoken[0], StringComparison.Ordinal);
        Assert.DoesNotContain("grafana", call.Spoken[0], StringComparison.Ordinal);
        Assert.Contains("Press 4 to acknowledge", call.Spoken[0], StringComparison.Ordinal);
        Assert.Equal(["4"], call.Pressed);
        Assert.Contains($"Incident {id} acknowledged. You are the lead.", call.Spoken[^1], StringComparison.Ordinal);

        var incident = await _driver.WaitForIncidentAsync(id, i => Status(i) == "acknowledged", Deadline);
        Assert.Equal("Alice", incident["incident"]!["lead"]!.GetValue<string>());
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "acknowledged" && e["summary"]!.GetValue<string>().EndsWith("via voice", StringComparison.Ordinal));
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "pageSent" && FaultRig.Data(e, "medium") == "voice" && FaultRig.Data(e, "sid") == call.Sid);

        // The next rule (a call at 5 s) is stopped by the ack: wait past it, then count. Absence can only be seen by waiting.
        await Task.Delay(VoiceFixture.SecondCall + TimeSpan.FromSeconds(2) - (DateTimeOffset.UtcNow - text.ReceivedAt));
        Assert.Single(CallsFor(VoiceFixture.Alice, id));
        await ResolveAsync(id);
    }

    [Fact]
    public async Task A_call_nobody_answers_brings_the_next_rule_forward_and_is_on_the_timeline()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Bob, CalleeBehaviour.NoAnswer);
        var id = await OpenAsync("bob", "Queue backlog");

        var first = await CallAsync(VoiceFixture.Bob, id);
        Assert.Equal("no-answer", first.Status);
        // Bob's next rule is 30 minutes after the page: only the unanswered call brings it here this soon, as soon as
        // the flood limit lets his phone ring again.
        var second = await CallAsync(VoiceFixture.Bob, id, c => c.Sid != first.Sid);
        Assert.InRange(second.CreatedAt - first.CreatedAt, VoiceFixture.FloodWindow - TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(20));

        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Count(e => FaultRig.Data(e, "callStatus") == "no-answer") == 2, Deadline);
        Assert.Contains(FaultRig.Timeline(incident), e => e["summary"]!.GetValue<string>() == "Call to Bob not answered (no-answer)");
        Assert.Equal("triggered", Status(incident));
        await ResolveAsync(id);
    }

    [Fact]
    public async Task An_answering_machine_hears_how_to_acknowledge_and_the_next_rule_goes_at_once()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Carol, CalleeBehaviour.Machine);
        var id = await OpenAsync("carol", "Disk full");

        var first = await CallAsync(VoiceFixture.Carol, id);
        Assert.StartsWith("machine", first.AnsweredBy, StringComparison.Ordinal);
        Assert.Contains($"reply {id}a to the text message", Assert.Single(first.Spoken), StringComparison.Ordinal);
        Assert.Empty(first.Pressed);
        await CallAsync(VoiceFixture.Carol, id, c => c.Sid != first.Sid);

        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Data(e, "callStatus") == "machine"), Deadline);
        Assert.Contains(FaultRig.Timeline(incident), e => e["summary"]!.GetValue<string>() == "Call to Carol reached voicemail; a message was left");
        await ResolveAsync(id);
    }

    [Fact]
    public async Task Five_pages_the_next_tier_now()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Dave, CalleeBehaviour.Press("5"));
        var id = await OpenAsync("dave", "Payments timeouts");

        var call = await CallAsync(VoiceFixture.Dave, id);
        Assert.Contains("Paging the next tier now.", call.Spoken[^1], StringComparison.Ordinal);
        // Tier 2 waits 10 minutes otherwise.
        await runtime.Twilio.WaitForMessageAsync(m => m.To == VoiceFixture.Frank && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), Deadline);
        var incident = await _driver.IncidentAsync(id);
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "escalated" && e["actor"]!.GetValue<string>() == "Dave");
        await ResolveAsync(id);
    }

    [Fact]
    public async Task Six_asks_again_and_only_a_second_six_resolves()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Erin, CalleeBehaviour.Press("6", "1"));
        var kept = await OpenAsync("erin", "Search latency");
        var cancelled = await CallAsync(VoiceFixture.Erin, kept);
        Assert.Contains($"Press 6 again to resolve incident {kept}", cancelled.Spoken[^2], StringComparison.Ordinal);
        Assert.Equal("Not resolved. Goodbye.", cancelled.Spoken[^1]);
        Assert.Equal("triggered", Status(await _driver.IncidentAsync(kept)));
        await ResolveAsync(kept);

        runtime.Twilio.ProgramCallee(VoiceFixture.Erin, CalleeBehaviour.Press("6", "6"));
        var id = await OpenAsync("erin", "Search errors");
        var call = await CallAsync(VoiceFixture.Erin, id);
        Assert.Contains($"Incident {id} resolved.", call.Spoken[^1], StringComparison.Ordinal);
        var incident = await _driver.WaitForIncidentAsync(id, i => Status(i) == "resolved", Deadline);
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "resolved" && e["actor"]!.GetValue<string>() == "Erin");
    }

    [Fact]
    public async Task Another_key_or_silence_reads_the_page_three_times_then_hangs_up()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Gina, CalleeBehaviour.Press("9"));
        var id = await OpenAsync("gina", "Cache misses");

        var call = await CallAsync(VoiceFixture.Gina, id);
        Assert.Equal(["9"], call.Pressed);
        Assert.Equal(3, call.Spoken.Count(s => s.Contains($"incident {id}, on gina", StringComparison.Ordinal)));
        Assert.Contains("That key does nothing.", call.Spoken);
        Assert.Equal("Goodbye.", call.Spoken[^1]);
        Assert.Equal("triggered", Status(await _driver.IncidentAsync(id)));
        await ResolveAsync(id);
    }

    [Fact]
    public async Task Voice_webhooks_that_are_not_twilio_s_for_a_call_we_placed_are_refused_and_change_nothing()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Frank, CalleeBehaviour.Silence);
        var id = await OpenAsync("frank", "Login failures");
        var call = await CallAsync(VoiceFixture.Frank, id);
        var gather = call.Requests.First(r => r.Kind == FakeTwilioWebhookKind.Voice).Url.Replace("/api/voice/twiml", "/api/voice/gather", StringComparison.Ordinal) + "&round=1";
        var press4 = Form(VoiceFixture.Frank, call.Sid, "4");

        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.PostTwilioFormAsync(gather, press4, sign: false)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.PostTwilioFormAsync(gather, press4, signWithToken: "not-the-auth-token")).Status);
        var otherKey = gather.Replace("key=", "key=x", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostTwilioFormAsync(otherKey, press4)).Status);
        var otherIncident = gather.Replace($"incident={id}&", $"incident={id + 1000}&", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostTwilioFormAsync(otherIncident, press4)).Status);
        // Twilio's own signature on the right call, but from another number than the one called.
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostTwilioFormAsync(gather, Form(VoiceFixture.Alice, call.Sid, "4"))).Status);
        var noIncident = (await _driver.PostTwilioFormAsync(gather.Replace($"incident={id}&", "incident=abc&", StringComparison.Ordinal), press4));
        Assert.Equal(HttpStatusCode.BadRequest, noIncident.Status);
        Assert.Equal("incident", noIncident.Json!["field"]!.GetValue<string>());
        Assert.Equal("triggered", Status(await _driver.IncidentAsync(id)));

        // A key for an incident that was resolved meanwhile: the caller hears why, nothing changes.
        await ResolveAsync(id);
        var late = await _driver.PostTwilioFormAsync(gather, press4);
        Assert.Equal(HttpStatusCode.OK, late.Status);
        Assert.Contains($"Incident {id} is already resolved", late.Text, StringComparison.Ordinal);
        var incident = await _driver.IncidentAsync(id);
        Assert.Equal("resolved", Status(incident));
        Assert.DoesNotContain(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "acknowledged");
    }

    [Fact]
    public async Task Twenty_incidents_for_one_person_ring_once_then_once_more_for_all_that_wait_and_4_acknowledges_them_all()
    {
        runtime.Twilio.ProgramCallee(VoiceFixture.Hana, CalleeBehaviour.Press("4"));
        var ids = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => OpenAsync("hana", $"Shard {i} unavailable")));

        var first = await runtime.Twilio.WaitForCallAsync(c => c.To == VoiceFixture.Hana && ids.Any(id => IsFor(c, id)), Deadline);
        var second = await runtime.Twilio.WaitForCallAsync(c => c.To == VoiceFixture.Hana && c.Sid != first.Sid && ids.Any(id => IsFor(c, id)), Deadline);
        output.WriteLine(second.Spoken[0]);

        Assert.True(second.CreatedAt - first.CreatedAt >= VoiceFixture.FloodWindow - TimeSpan.FromMilliseconds(300),
            $"the second call came {(second.CreatedAt - first.CreatedAt).TotalMilliseconds} ms after the first, inside the {VoiceFixture.FloodWindow} limit");
        Assert.Contains("19 incidents are waiting for you, on hana. Pressing 4 acknowledges them all.", second.Spoken[0], StringComparison.Ordinal);
        Assert.Contains("So are incident", second.Spoken[^1], StringComparison.Ordinal);

        // Every incident was said in one of the two calls and is acknowledged by the key pressed in it.
        foreach (var id in ids)
        {
            var incident = await _driver.WaitForIncidentAsync(id, i => Status(i) == "acknowledged", Deadline);
            Assert.Equal("Hana", incident["incident"]!["lead"]!.GetValue<string>());
        }

        var carried = await _driver.IncidentAsync(ids.First(id => !IsFor(first, id) && !IsFor(second, id)));
        Assert.Contains(FaultRig.Timeline(carried), e => e["summary"]!.GetValue<string>() == "Called Hana in one call for 19 incidents" && FaultRig.Data(e, "sid") == second.Sid);
        Assert.Contains(FaultRig.Timeline(carried), e => e["summary"]!.GetValue<string>().StartsWith("Call to Hana held back", StringComparison.Ordinal));

        // Past another window: no third call (absence can only be seen by waiting).
        await Task.Delay(VoiceFixture.FloodWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(2, runtime.Twilio.Calls.Count(c => c.To == VoiceFixture.Hana));
        foreach (var id in ids)
        {
            await ResolveAsync(id);
        }
    }

    [Fact]
    public async Task Five_incidents_for_one_person_text_once_then_once_more_listing_every_one_still_waiting_with_its_code()
    {
        var ids = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => OpenAsync("ivan", $"Queue {i} stuck")));

        var first = await runtime.Twilio.WaitForMessageAsync(m => m.To == VoiceFixture.Ivan && ids.Any(id => m.Body.StartsWith($"INC {id} ", StringComparison.Ordinal)), Deadline);
        var second = await runtime.Twilio.WaitForMessageAsync(m => m.To == VoiceFixture.Ivan && m.Sid != first.Sid && ids.Any(id => m.Body.StartsWith($"INC {id} ", StringComparison.Ordinal)), Deadline);
        output.WriteLine(second.Body);

        Assert.True(second.ReceivedAt - first.ReceivedAt >= VoiceFixture.FloodWindow - TimeSpan.FromMilliseconds(300),
            $"the second text came {(second.ReceivedAt - first.ReceivedAt).TotalMilliseconds} ms after the first, inside the {VoiceFixture.FloodWindow} limit");
        var firstId = ids.Single(id => first.Body.StartsWith($"INC {id} ", StringComparison.Ordinal));
        var secondId = ids.Single(id => second.Body.StartsWith($"INC {id} ", StringComparison.Ordinal));
        var rest = ids.Except([firstId, secondId]).Order().ToList();
        Assert.EndsWith($"escalate. Also waiting for you: {string.Join(", ", rest.Select(n => $"INC {n}"))} (reply {string.Join(", ", rest.Select(n => $"{n}a"))}).", second.Body, StringComparison.Ordinal);

        // Each listed incident records the text that carried it; its own code acknowledges it.
        // (Recorded once the text is sent, a moment after the fake took it.)
        await _driver.WaitForIncidentAsync(rest[0], i => FaultRig.Timeline(i).Any(e =>
            e["summary"]!.GetValue<string>() == "Paged Ivan in one text for 4 incidents" && FaultRig.Data(e, "sid") == second.Sid), Deadline);
        Assert.Contains($"INC {rest[1]} acknowledged", (await _driver.TextAsync(VoiceFixture.Ivan, $"{rest[1]}a")).Text, StringComparison.Ordinal);

        // Past another window: no third text (absence can only be seen by waiting).
        await Task.Delay(VoiceFixture.FloodWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(2, runtime.Twilio.Messages.Count(m => m.To == VoiceFixture.Ivan));
        foreach (var id in ids)
        {
            await ResolveAsync(id);
        }
    }

    [Fact]
    public async Task A_rule_that_mails_a_page_sends_a_mail_with_a_link_to_acknowledge_in_the_console()
    {
        var id = await OpenAsync("jo", "Batch export <late> & failing");

        var text = await runtime.Twilio.WaitForMessageAsync(m => m.To == VoiceFixture.Jo && m.Body.StartsWith($"INC {id} ", StringComparison.Ordinal), Deadline);
        var outbox = (await _driver.GetAsync("api/dev/outbox", VoiceFixture.AdminKey)).Json!["messages"]!.AsArray();
        var mail = outbox.Single(m => m!["medium"]!.GetValue<string>() == "email" && m["to"]!.GetValue<string>() == VoiceFixture.JoMail
            && m["subject"]!.GetValue<string>().StartsWith($"[INC {id}] ", StringComparison.Ordinal))!;

        Assert.Equal($"[INC {id}] SEV2 jo: Batch export <late> & failing", mail["subject"]!.GetValue<string>());
        Assert.Contains($"{runtime.Host.BaseUrl}/console/incidents/{id}", mail["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Count(e => FaultRig.Kind(e) == "pageSent") == 2, Deadline);
        Assert.Contains(FaultRig.Timeline(incident), e => e["summary"]!.GetValue<string>() == "Paged Jo (tier 1) by email" && FaultRig.Data(e, "medium") == "email");
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "pageSent" && FaultRig.Data(e, "sid") == text.Sid);
        await ResolveAsync(id);
    }

    /// <summary>
    /// Twilio's own field sets (the shared fixtures, read at run time when present): a status callback and a Gather
    /// action as Twilio posts them, addressed to a call of ours (its number and call id put in) and signed.
    /// </summary>
    [Fact]
    public async Task Twilio_s_published_webhooks_are_read_as_meant_when_the_shared_fixtures_are_present()
    {
        var dir = SharedFixtures.FindDirectory("twilio-voice");
        string[] files = ["status-callback-no-answer.form", "status-callback-completed-answeredby.form", "gather-action-digits.form"];
        if (dir is null || files.Any(f => !File.Exists(Path.Combine(dir, f))))
        {
            output.WriteLine(SharedFixtures.AbsentMessage("twilio-voice/" + files[0]));
            return;
        }

        runtime.Twilio.ProgramCallee(VoiceFixture.Gina, CalleeBehaviour.Busy);
        var id = await OpenAsync("gina", "Fixture probe");
        var call = await CallAsync(VoiceFixture.Gina, id);
        var url = call.Url!;
        List<KeyValuePair<string, string>> Ours(string file) => [.. File.ReadAllText(Path.Combine(dir, file)).Trim().Split('&')
            .Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1].Replace('+', ' '))))
            .Select(f => f.Key switch { "To" or "Called" => KeyValuePair.Create(f.Key, VoiceFixture.Gina), "CallSid" => KeyValuePair.Create(f.Key, call.Sid), _ => f })];

        var noAnswer = await _driver.PostTwilioFormAsync(url.Replace("/api/voice/twiml", "/api/voice/status", StringComparison.Ordinal), Ours(files[0]));
        var completed = await _driver.PostTwilioFormAsync(url.Replace("/api/voice/twiml", "/api/voice/status", StringComparison.Ordinal), Ours(files[1]));
        var digits = await _driver.PostTwilioFormAsync(url.Replace("/api/voice/twiml", "/api/voice/gather", StringComparison.Ordinal) + "&round=3", Ours(files[2]));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (noAnswer.Status, completed.Status, digits.Status));
        // The fixture's key is 1: not a page call's key, so the page is not read again after the last round; goodbye.
        Assert.Contains("That key does nothing.", digits.Text, StringComparison.Ordinal);
        var incident = await _driver.WaitForIncidentAsync(id, i => FaultRig.Timeline(i).Any(e => FaultRig.Data(e, "callStatus") == "no-answer"), Deadline);
        Assert.DoesNotContain(FaultRig.Timeline(incident), e => FaultRig.Data(e, "callStatus") == "completed");
        Assert.Equal("triggered", Status(incident));
        await ResolveAsync(id);
    }

    private async Task<long> OpenAsync(string service, string title)
    {
        var reply = await _driver.PostAlertAsync("generic", "voice-" + service, Payloads.Generic(title, Payloads.Unique(service)));
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        return Payloads.IncidentId(reply);
    }

    private Task<FakeTwilioCall> CallAsync(string to, long id, Func<FakeTwilioCall, bool>? also = null) =>
        runtime.Twilio.WaitForCallAsync(c => c.To == to && IsFor(c, id) && (also?.Invoke(c) ?? true), Deadline);

    private IEnumerable<FakeTwilioCall> CallsFor(string to, long id) => runtime.Twilio.Calls.Where(c => c.To == to && IsFor(c, id));

    private static bool IsFor(FakeTwilioCall call, long id) => call.Url?.Contains($"incident={id}&", StringComparison.Ordinal) == true;

    private async Task ResolveAsync(long id) =>
        Assert.Equal(HttpStatusCode.OK, (await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary":"Fixed in the test"}""")).Status);

    private static string Status(JsonNode incident) => incident["incident"]!["status"]!.GetValue<string>();

    private static List<KeyValuePair<string, string>> Form(string to, string callSid, string digits) =>
    [
        new("AccountSid", FakeTwilioServer.DefaultAccountSid),
        new("CallSid", callSid),
        new("CallStatus", "in-progress"),
        new("Direction", "outbound-api"),
        new("From", Testing.World.TestWorldBuilder.DefaultFromNumber),
        new("To", to),
        new("Digits", digits),
    ];
}
