using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Domain.PagerTests;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.LocalRuntime.Tests.PagerTests;

/// <summary>
/// The pager test through the local runtime, the fake Twilio and a mail server on loopback: a test on each method, its
/// confirmations (a text "ok", key 1 on the call, the mail's link), the listing, the API's refusals, forged confirmations
/// refused, and hand-off tests with the owner told when nobody confirms.
/// </summary>
[Collection(PagerTestCollection.Name)]
public sealed partial class PagerTestEndToEndTests(PagerTestFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = runtime.Driver();

    [Fact]
    public async Task A_test_goes_on_every_method_and_ok_by_text_and_the_mail_s_link_confirm_theirs()
    {
        var reply = await _driver.PostJsonAsync("api/responders/alice/test", "{}");

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var testId = reply.Json!["testId"]!.GetValue<string>();
        Assert.Equal("Alice", reply.Json["responder"]!.GetValue<string>());
        Assert.Equal(["sms:sent", "voice:sent", "email:sent"], Methods(reply.Json).Select(m => $"{Text(m, "key")}:{Text(m, "state")}"));
        Assert.Equal(["+1555…0001", "+1555…0001", "a…@example.com"], Methods(reply.Json).Select(m => Text(m, "to")));
        Assert.DoesNotContain(PagerTestFixture.Alice, reply.Text, StringComparison.Ordinal);

        var text = await runtime.Twilio.WaitForMessageAsync(m => m.To == PagerTestFixture.Alice && m.Body.StartsWith("Pager test", StringComparison.Ordinal), Deadline);
        Assert.Equal("Pager test for Alice: reply ok to confirm this number reaches you. This is not an incident.", text.Body);
        var call = await runtime.Twilio.WaitForCallAsync(c => c.To == PagerTestFixture.Alice && IsFor(c, testId), Deadline);
        Assert.StartsWith("This is a pager test for Alice, not an incident. Press 1 to confirm", call.Spoken[0], StringComparison.Ordinal);

        var answer = await _driver.TextAsync(PagerTestFixture.Alice, "OK");
        Assert.Contains("Thanks, Alice: pager test confirmed, this number reaches you.", answer.Text, StringComparison.Ordinal);
        // Confirmed already: a second "ok" is no command, so it gets the usual help.
        Assert.Contains("Unknown code.", (await _driver.TextAsync(PagerTestFixture.Alice, "ok")).Text, StringComparison.Ordinal);

        var mail = await runtime.Smtp.WaitForMailAsync(m => m.Message.Subject == "Pager test for Alice: confirm this address reaches you", Deadline);
        Assert.Equal(PagerTestFixture.AliceMail, Assert.Single(mail.EnvelopeTo));
        var link = ConfirmLink().Match(mail.Message.TextBody ?? "").Groups[1].Value;
        Assert.StartsWith($"{runtime.Host.BaseUrl}/api/responders/Alice/test/{testId}/confirm?method=email&token=", link, StringComparison.Ordinal);
        Assert.Contains(link.Replace("&", "&amp;", StringComparison.Ordinal), mail.Message.HtmlBody, StringComparison.Ordinal);

        // Following the link (a mail scanner does, on its own) only asks: the page's button confirms.
        var page = await _driver.GetAsync(link, key: null);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.ContentType!.MediaType);
        Assert.Contains("Alice, press the button to confirm that a…@example.com reaches you.", page.Text, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"{new Uri(link).PathAndQuery.Replace("&", "&amp;", StringComparison.Ordinal)}\">", page.Text, StringComparison.Ordinal);
        Assert.Null(Via(await ResponderAsync("Alice"), "email"));

        var confirmed = await _driver.PostFormAsync(link);
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Contains("Thank you, Alice: a…@example.com reaches you.", confirmed.Text, StringComparison.Ordinal);
        // Twice (a second press, the link opened later) is harmless.
        Assert.Contains("Already confirmed", (await _driver.PostFormAsync(link)).Text, StringComparison.Ordinal);
        Assert.Contains("Already confirmed", (await _driver.GetAsync(link, key: null)).Text, StringComparison.Ordinal);

        var alice = await ResponderAsync("Alice");
        Assert.Equal(("sms", null, "email"), (Via(alice, "sms"), Via(alice, "voice"), Via(alice, "email")));
        Assert.Equal("neverConfirmed", Text(Method(alice, "voice"), "flag"));
        Assert.Null(Method(alice, "sms")["flag"]);
        Assert.Equal(testId, Method(alice, "sms")["lastTest"]!["testId"]!.GetValue<string>());
        Assert.True(alice["flagged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Pressing_1_on_the_test_call_confirms_the_voice_method_and_no_incident_is_made()
    {
        runtime.Twilio.ProgramCallee(PagerTestFixture.Bob, CalleeBehaviour.Press("1"));
        var testId = await AskAsync("Bob");

        var call = await runtime.Twilio.WaitForCallAsync(c => c.To == PagerTestFixture.Bob && IsFor(c, testId), Deadline);

        Assert.Equal(["1"], call.Pressed);
        Assert.Equal("Confirmed: this number reaches you. Thank you. Goodbye.", call.Spoken[^1]);
        Assert.DoesNotContain("incident=", call.Url, StringComparison.Ordinal);
        var bob = await ResponderAsync("Bob");
        Assert.Equal("voice", Via(bob, "voice"));
        Assert.Equal("neverConfirmed", Text(Method(bob, "sms"), "flag"));
        var incidents = await _driver.GetAsync("api/incidents");
        Assert.Empty(incidents.Json!["incidents"]!.AsArray());
    }

    [Fact]
    public async Task Forged_or_mismatched_confirmations_are_refused_and_confirm_nothing()
    {
        runtime.Twilio.ProgramCallee(PagerTestFixture.Hal, CalleeBehaviour.Silence);
        var testId = await AskAsync("Hal");
        var call = await runtime.Twilio.WaitForCallAsync(c => c.To == PagerTestFixture.Hal && IsFor(c, testId), Deadline);
        var gather = call.Requests.First(r => r.Kind == FakeTwilioWebhookKind.Voice).Url.Replace("/api/voice/twiml", "/api/voice/gather", StringComparison.Ordinal) + "&round=1";
        var press1 = KeyForm(PagerTestFixture.Hal, call.Sid, "1");

        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.PostTwilioFormAsync(gather, press1, sign: false)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.PostTwilioFormAsync(gather, press1, signWithToken: "not-the-auth-token")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostTwilioFormAsync(gather.Replace("key=", "key=x", StringComparison.Ordinal), press1)).Status);
        var otherTest = PagerTestIds.Manual(DateTimeOffset.UnixEpoch, 1);
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostTwilioFormAsync(gather.Replace(testId, otherTest, StringComparison.Ordinal), press1)).Status);
        var malformed = await _driver.PostTwilioFormAsync(gather.Replace(testId, "x", StringComparison.Ordinal), press1);
        Assert.Equal((HttpStatusCode.BadRequest, "test"), (malformed.Status, Text(malformed.Json!, "field")));
        Assert.Equal(HttpStatusCode.NotFound, (await _driver.PostTwilioFormAsync(gather, KeyForm(PagerTestFixture.Alice, call.Sid, "1"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.TextAsync(PagerTestFixture.Hal, "ok", sign: false)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.TextAsync(PagerTestFixture.Hal, "ok", signWithToken: "not-the-auth-token")).Status);

        var mail = await runtime.Smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains(PagerTestFixture.HalMail) && m.Message.Subject.StartsWith("Pager test", StringComparison.Ordinal), Deadline);
        var link = ConfirmLink().Match(mail.Message.TextBody ?? "").Groups[1].Value;
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
        var forged = (token[0] == 'A' ? "B" : "A") + token[1..];
        var wrongToken = await _driver.GetAsync(link.Replace(token, forged, StringComparison.Ordinal), key: null);
        Assert.Equal((HttpStatusCode.Forbidden, "token"), (wrongToken.Status, Text(wrongToken.Json!, "field")));
        var forgedPress = await _driver.PostFormAsync(link.Replace(token, forged, StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.Forbidden, "token"), (forgedPress.Status, Text(forgedPress.Json!, "field")));
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.GetAsync(link.Replace("method=email", "method=sms", StringComparison.Ordinal), key: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.GetAsync(link.Replace("/Hal/", "/Alice/", StringComparison.Ordinal), key: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.GetAsync(link.Replace(testId, otherTest, StringComparison.Ordinal), key: null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _driver.GetAsync(link[..link.IndexOf("&token=", StringComparison.Ordinal)], key: null)).Status);
        var badId = await _driver.GetAsync(link.Replace(testId, "nope", StringComparison.Ordinal), key: null);
        Assert.Equal((HttpStatusCode.BadRequest, "testId"), (badId.Status, Text(badId.Json!, "field")));

        var hal = await ResponderAsync("Hal");
        Assert.All(Methods(hal), m => Assert.Equal("neverConfirmed", Text(m, "flag")));

        // The real thing, signed by Twilio on the right call, still works afterwards.
        var real = await _driver.PostTwilioFormAsync(gather, press1);
        Assert.Contains("Confirmed: this number reaches you.", real.Text, StringComparison.Ordinal);
        Assert.Equal("voice", Via(await ResponderAsync("Hal"), "voice"));
    }

    [Fact]
    public async Task A_number_the_provider_refuses_fails_the_test_with_its_words_and_flags_the_responder()
    {
        var reply = await _driver.PostJsonAsync("api/responders/Carol/test", "");

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.All(Methods(reply.Json!), m => Assert.Equal("failed", Text(m, "state")));
        Assert.All(Methods(reply.Json!), m => Assert.Contains("21211", Text(m, "error"), StringComparison.Ordinal));
        var carol = await ResponderAsync("Carol");
        Assert.True(carol["flagged"]!.GetValue<bool>());
        Assert.All(Methods(carol), m => Assert.Equal("lastTestFailed", Text(m, "flag")));
    }

    [Fact]
    public async Task An_unknown_name_is_a_404_and_a_second_test_within_a_minute_a_429_naming_the_responder()
    {
        var unknown = await _driver.PostJsonAsync("api/responders/Nobody/test", "{}");
        Assert.Equal((HttpStatusCode.NotFound, "name"), (unknown.Status, Text(unknown.Json!, "field")));
        Assert.Contains("no responder named 'Nobody'", Text(unknown.Json!, "detail"), StringComparison.Ordinal);

        var first = await _driver.PostJsonAsync("api/responders/Dana/test", "{}");
        var second = await _driver.PostJsonAsync("api/responders/dana/test", "{}");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal((HttpStatusCode.TooManyRequests, "name"), (second.Status, Text(second.Json!, "field")));
        Assert.Contains("Dana was sent a pager test less than 1 minute ago", Text(second.Json!, "detail"), StringComparison.Ordinal);
        Assert.InRange(int.Parse(second.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        // One test, one text.
        await Task.Delay(500);
        Assert.Single(runtime.Twilio.Messages, m => m.To == PagerTestFixture.Dana);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _driver.PostJsonAsync("api/responders/Dana/test", "{}", key: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _driver.GetAsync("api/responders", key: null)).Status);
    }

    [Fact]
    public async Task Ok_from_a_number_without_an_open_test_is_read_as_any_other_reply()
    {
        Assert.Contains("Unknown code.", (await _driver.TextAsync(PagerTestFixture.Erin, "ok")).Text, StringComparison.Ordinal);
        Assert.Contains("not registered", (await _driver.TextAsync("+15550599999", "ok")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listing_masks_every_number_and_says_who_a_page_can_reach()
    {
        var reply = await _driver.GetAsync("api/responders");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var names = reply.Json!["responders"]!.AsArray().Select(r => Text(r!, "name")).ToList();
        Assert.Equal(["Alice", "Bob", "Carol", "Dana", "Erin", "Fay", "Gus", "Dave", "Hal"], names);
        foreach (var number in new[] { PagerTestFixture.Alice, PagerTestFixture.Fay, PagerTestFixture.Gus, PagerTestFixture.AliceMail })
        {
            Assert.DoesNotContain(number, reply.Text, StringComparison.Ordinal);
        }

        var fay = await ResponderAsync("Fay");
        Assert.Equal((false, false), (fay["pageable"]!.GetValue<bool>(), fay["flagged"]!.GetValue<bool>()));
        Assert.Equal(["sms", "voice"], Methods(fay).Select(m => Text(m, "key")));
        Assert.Equal("+1555…0006", Text(Methods(fay)[0], "to"));
        var gus = await ResponderAsync("Gus");
        Assert.Equal([PagerTestFixture.Schedule], gus["schedules"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(gus["pageable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_hand_off_tests_the_incoming_person_once_and_tells_the_owner_when_nothing_is_confirmed_in_time()
    {
        var handoffs = runtime.Host.Services.GetRequiredService<PagerTestHandoffs>();
        var daveStarts = PagerTestFixture.RotationStart.AddDays(7);
        var started = daveStarts.AddSeconds(30);

        await handoffs.RunAsync(started, default);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PagerTestFixture.Dave && m.Body.StartsWith("Pager test for Dave", StringComparison.Ordinal), Deadline);
        await handoffs.RunAsync(started + TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1), default);
        Assert.DoesNotContain(runtime.Twilio.Messages, m => m.To == PagerTestFixture.Erin && m.Body.Contains("Dave", StringComparison.Ordinal));

        await handoffs.RunAsync(started + TimeSpan.FromMinutes(15), default);
        var told = await runtime.Twilio.WaitForMessageAsync(m => m.To == PagerTestFixture.Erin, Deadline);
        Assert.StartsWith("Pager test: Dave took over handoff-weekly at 09:00 UTC and has not confirmed the hand-off test after 15 minutes (sms sent, voice sent)",
            told.Body, StringComparison.Ordinal);

        await handoffs.RunAsync(started + TimeSpan.FromMinutes(16), default);
        await Task.Delay(500);
        Assert.Single(runtime.Twilio.Messages, m => m.To == PagerTestFixture.Erin && m.Body.Contains("Dave took over", StringComparison.Ordinal));
        Assert.Single(runtime.Twilio.Messages, m => m.To == PagerTestFixture.Dave);
        var dave = await ResponderAsync("Dave");
        Assert.Equal(PagerTestIds.Handoff(PagerTestFixture.Schedule, daveStarts), Text(Method(dave, "sms")["lastTest"]!, "testId"));
    }

    [Fact]
    public async Task A_hand_off_test_confirmed_in_time_tells_the_owner_nothing()
    {
        var handoffs = runtime.Host.Services.GetRequiredService<PagerTestHandoffs>();
        var gusStarts = PagerTestFixture.RotationStart.AddDays(14);

        await handoffs.RunAsync(gusStarts.AddMinutes(1), default);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PagerTestFixture.Gus && m.Body.StartsWith("Pager test for Gus", StringComparison.Ordinal), Deadline);
        Assert.Contains("pager test confirmed", (await _driver.TextAsync(PagerTestFixture.Gus, "ok")).Text, StringComparison.Ordinal);
        await handoffs.RunAsync(gusStarts.AddMinutes(20), default);

        await Task.Delay(500);
        Assert.DoesNotContain(runtime.Twilio.Messages, m => m.To == PagerTestFixture.Erin && m.Body.Contains("Gus took over", StringComparison.Ordinal));
        Assert.Equal("sms", Via(await ResponderAsync("Gus"), "sms"));
    }

    private async Task<string> AskAsync(string name)
    {
        var reply = await _driver.PostJsonAsync($"api/responders/{name}/test", "{}");
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        return reply.Json!["testId"]!.GetValue<string>();
    }

    private async Task<JsonNode> ResponderAsync(string name)
    {
        var reply = await _driver.GetAsync("api/responders");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!["responders"]!.AsArray().Single(r => Text(r!, "name") == name)!;
    }

    private static List<JsonNode> Methods(JsonNode node) => [.. node["methods"]!.AsArray().OfType<JsonNode>()];

    private static JsonNode Method(JsonNode responder, string key) => Methods(responder).Single(m => Text(m, "key") == key);

    private static string? Via(JsonNode responder, string key) => Method(responder, key)["lastConfirmedVia"]?.GetValue<string>();

    private static string Text(JsonNode node, string name) => node[name]?.GetValue<string>() ?? "";

    private static bool IsFor(FakeTwilioCall call, string testId) => call.Url?.Contains($"test={testId}&", StringComparison.Ordinal) == true;

    private static List<KeyValuePair<string, string>> KeyForm(string to, string callSid, string digits) =>
    [
        new("AccountSid", FakeTwilioServer.DefaultAccountSid),
        new("CallSid", callSid),
        new("CallStatus", "in-progress"),
        new("Direction", "outbound-api"),
        new("From", Testing.World.TestWorldBuilder.DefaultFromNumber),
        new("To", to),
        new("Digits", digits),
    ];

    [GeneratedRegex(@"Confirm: (\S+)")]
    private static partial Regex ConfirmLink();
}
