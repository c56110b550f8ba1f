using System.Net;
using Azure.Data.Tables;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.Fuzz;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Security;

/// <summary>
/// The SMS webhook: only a request Twilio signed for exactly this URL and these parameters is acted on; strangers learn
/// nothing and change nothing; text echoed into TwiML cannot add verbs. (BadInputTests covers an unsigned request, a
/// different token, another host and an altered Body; these are the other ways to replay or forge one.)
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class TwilioWebhookSecurityTests(FuzzFixture runtime)
{
    private readonly FuzzHttp _http = new(runtime);

    private string Url => new Uri(runtime.Client.BaseAddress!, "api/sms/inbound").ToString();

    [Fact]
    public async Task Signed_requests_replayed_to_another_URL_or_with_changed_parameters_are_refused_and_not_acted_on()
    {
        var id = await OpenForErinAsync("Replay check");
        var form = TwilioSignature.InboundSmsForm(PipelineFixture.Erin, PipelineFixture.FromNumber, $"{id}a");
        var signature = TwilioSignature.Compute(Url, form, runtime.Twilio.AuthToken);
        var before = await _http.SnapshotAsync(id);

        var attempts = new (string What, string Url, List<KeyValuePair<string, string>> Form, string? Signature)[]
        {
            ("same host, another query string", Url + "?replay=1", form, signature),
            ("same host, another path", new Uri(runtime.Client.BaseAddress!, "api/sms/inbound/").ToString(), form, signature),
            ("From changed to another responder", Url, Replace(form, "From", PipelineFixture.Alice), signature),
            ("a parameter added", Url, [.. form, new("Body2", "r")], signature),
            ("a parameter removed", Url, form.Where(kv => kv.Key != "MessageSid").ToList(), signature),
            ("a parameter repeated", Url, [.. form, new("Body", $"{id}r")], signature),
            ("signature of the URL alone", Url, form, TwilioSignature.Compute(Url, [], runtime.Twilio.AuthToken)),
            ("signature not base64", Url, form, "%%% not base64 %%%"),
            ("signature empty", Url, form, ""),
            ("signature of the right length, wrong bits", Url, form, Convert.ToBase64String(new byte[20])),
        };

        foreach (var (what, url, fields, sig) in attempts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
            if (sig is not null)
            {
                request.Headers.TryAddWithoutValidation(TwilioSignature.Header, sig);
            }

            var reply = await _http.SendAsync(request);
            Assert.True(reply.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{what}: {reply}");
        }

        Assert.Equal(before, await _http.SnapshotAsync(id));

        // The genuine request still works, so the refusals above were about the changes, not the setup.
        using var genuine = TwilioSignature.CreateSignedRequest(Url, form, runtime.Twilio.AuthToken);
        Assert.Contains("you are the lead", (await _http.SendAsync(genuine)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_not_in_the_configuration_gets_one_neutral_answer_whatever_it_sends_and_nothing_is_written()
    {
        var id = await OpenForErinAsync("Stranger check");
        var before = await _http.SnapshotAsync(id);
        var contexts = await CountAsync("SmsContexts");
        var counter = await _http.CounterAsync();

        var answers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in new[] { $"{id}a", "a", "?", $"{id}n hello", "u status please", $"{id}r", "STOP", "anything at all" })
        {
            var reply = await _http.Driver.TextAsync("+15559998888", body);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            if (body != "STOP")
            {
                answers.Add(reply.Text);
            }

            // Nothing about incidents, responders or numbers in what is texted back.
            var text = System.Xml.Linq.XDocument.Parse(reply.Text).Root!.Value;
            Assert.DoesNotContain($"{id}", text, StringComparison.Ordinal);
            Assert.DoesNotContain("INC", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Erin", text, StringComparison.Ordinal);
            Assert.DoesNotContain("+1555", text, StringComparison.Ordinal);
        }

        // One answer for everything: the reply does not even tell a code from noise.
        Assert.Single(answers);
        Assert.Equal(before, await _http.SnapshotAsync(id));
        Assert.Equal(contexts, await CountAsync("SmsContexts"));
        Assert.Equal(counter, await _http.CounterAsync());
    }

    [Fact]
    public async Task Markup_in_SMS_text_and_in_incident_titles_never_becomes_a_TwiML_verb()
    {
        const string Injection = "</Message><Redirect>http://evil.example/twiml</Redirect><Message>";
        var id = await OpenForErinAsync(Injection + " title");

        foreach (var body in new[] { $"{id}n {Injection}", $"{id}u {Injection}", Injection, $"{id}{Injection}", $"{Injection}{id}a", $"{id}n <![CDATA[x]]>&amp;" })
        {
            var reply = await _http.Driver.TextAsync(PipelineFixture.Erin, body);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            IngestFuzzTests.AssertOnlyAMessage(reply.Text);
            Assert.DoesNotContain("<Redirect", reply.Text, StringComparison.Ordinal);
        }

        // The note is kept as written (the escaping is the reply's, not a rewrite of what the responder said).
        var detail = await _http.Driver.IncidentAsync(id);
        Assert.Contains(detail["timeline"]!.AsArray(), e => e!["summary"]!.GetValue<string>().Contains(Injection, StringComparison.Ordinal));
    }

    private static List<KeyValuePair<string, string>> Replace(List<KeyValuePair<string, string>> form, string name, string value) =>
        form.Select(kv => kv.Key == name ? new KeyValuePair<string, string>(name, value) : kv).ToList();

    /// <summary>Opens an incident paged to Erin alone (the bare-reply service) and returns once her page was sent.</summary>
    private async Task<long> OpenForErinAsync(string title)
    {
        var id = Payloads.IncidentId(await _http.Driver.PostAlertAsync("generic", "e2e-bare", Payloads.Generic(title, Payloads.Unique("sig"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Erin && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        await _http.Driver.WaitForIncidentAsync(id, d => d["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "pageSent"), TimeSpan.FromSeconds(90));
        return id;
    }

    private async Task<int> CountAsync(string table)
    {
        var n = 0;
        await foreach (var _ in runtime.Table(table).QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            n++;
        }

        return n;
    }
}
