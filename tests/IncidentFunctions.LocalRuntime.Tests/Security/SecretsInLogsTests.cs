using System.Net;
using System.Text;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.Fuzz;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;
using IncidentFunctions.Testing;

namespace IncidentFunctions.LocalRuntime.Tests.Security;

/// <summary>
/// What the runtime logs at the shipped levels (and HttpClient at Trace) during a scenario that uses every secret:
/// never the Twilio auth token (nor the Basic credentials built from it), the admin key, an integration key or Slack's
/// bot token and signing secret, and phone numbers only masked, as PhoneMask promises for every text sent ("+1555…0001").
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class SecretsInLogsTests(FuzzFixture runtime)
{
    private readonly FuzzHttp _http = new(runtime);

    [Fact]
    public async Task A_scenario_using_every_secret_leaves_none_of_them_and_no_full_phone_number_in_the_logs()
    {
        // Integration keys in the query, in the header and as PagerDuty's routing key, and a wrong key.
        var id = Payloads.IncidentId(await _http.Driver.PostAlertAsync("generic", "e2e-manual", Payloads.Generic("Logs check", Payloads.Unique("logs"))));
        Assert.Equal(HttpStatusCode.Accepted, (await _http.Driver.PostAlertAsync("generic", null, Payloads.Generic("Logs check 2", Payloads.Unique("logs")), headerKey: "e2e-dedup")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.Driver.EnqueueAsync(Payloads.PagerDuty("e2e-pagerduty", "trigger", Payloads.Unique("logs")))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.Driver.PostAlertAsync("generic", "wrong-key-0123456789", Payloads.Generic("x", "y"))).Status);

        // Texts sent through the (fake) Twilio API with Basic auth, a signed reply, a forged one, and a stranger.
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        Assert.Contains("you are the lead", (await _http.Driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.Driver.TextAsync(PipelineFixture.Bob, $"{id}r", signWithToken: "forged-token")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _http.Driver.TextAsync("+15559998888", $"{id}a")).Status);
        await _http.Driver.PostJsonAsync($"api/incidents/{id}/lead", """{"to": "Bob", "reason": "hand-over"}""");
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id}", StringComparison.Ordinal), TimeSpan.FromSeconds(90));

        // Slack: a signed command, and a button press answered through the Web API with the bot token.
        using var command = await SlackRequests.SignedAsync(SlackRequests.CommandsPath,
            SlackRequests.Form(SlackRequests.CommandForm(FuzzFixture.SlackCarol, "C0NOWHERE", "help")), FuzzFixture.SlackSigningSecret);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(command)).Status);
        using var press = await SlackRequests.SignedAsync(SlackRequests.InteractivityPath,
            SlackRequests.Form(SlackRequests.PayloadForm(SlackRequests.Button("U0STRANGER", "C0NOWHERE", "incident.lead", "1"))), FuzzFixture.SlackSigningSecret);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(press)).Status);
        await runtime.Slack.WaitForCallAsync(c => c.Method == "chat.postEphemeral" && c.Argument("channel") == "C0NOWHERE", TimeSpan.FromSeconds(10));

        // The admin key on the API (and a wrong one), a sign-in code asked for, a wrong one and the right one entered,
        // and a personal token made and used.
        Assert.Equal(HttpStatusCode.OK, (await _http.Driver.GetAsync("api/incidents")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.Driver.GetAsync("api/incidents", "wrong-admin-key-0123")).Status);
        using var console = new ConsoleClient(runtime);
        var code = await console.AskForCodeAsync("Alice");
        using (await console.EnterCodeAsync("Alice", code == "000000" ? "000001" : "000000"))
        using (await console.EnterCodeAsync("Alice", code))
        {
        }

        var made = await console.PostAsync("tokens", """{"label": "logs probe"}""");
        Assert.Equal(HttpStatusCode.Created, made.Status);
        var token = made.Json!["token"]!.GetValue<string>();
        using (var withToken = new HttpRequestMessage(HttpMethod.Get, "api/incidents"))
        {
            withToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var answer = await runtime.Client.SendAsync(withToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // The page to Bob is logged once sent; wait for that line rather than for a fixed time.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!runtime.Logs.Lines.Any(l => l.Contains("+1555…0002", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no masked number for Bob in the logs:\n" + string.Join("\n", runtime.Logs.Lines.TakeLast(50)));
            await Task.Delay(200);
        }

        var logs = string.Join("\n", runtime.Logs.Lines);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{runtime.Twilio.AccountSid}:{runtime.Twilio.AuthToken}"));
        var secrets = new Dictionary<string, string>
        {
            ["the Twilio auth token"] = runtime.Twilio.AuthToken,
            ["Twilio's Basic credentials"] = basic,
            ["the admin key"] = PipelineFixture.AdminKey,
            ["the wrong admin key"] = "wrong-admin-key-0123",
            ["the sign-in code"] = "sign-in code: " + code,
            ["the personal API token"] = token,
            ["the personal API token's secret"] = token[(token.LastIndexOf('_') + 1)..],
            ["an integration key (query)"] = "e2e-manual",
            ["an integration key (header)"] = "e2e-dedup",
            ["an integration key (routing_key)"] = "e2e-pagerduty",
            ["the wrong integration key"] = "wrong-key-0123456789",
            ["the Slack bot token"] = runtime.Slack.BotToken,
            ["the Slack signing secret"] = FuzzFixture.SlackSigningSecret,
        };
        foreach (var phone in new[] { PipelineFixture.Alice, PipelineFixture.Bob, PipelineFixture.Lee, PipelineFixture.FromNumber, "+15559998888" })
        {
            secrets[$"the full number {phone}"] = phone;
        }

        foreach (var (what, secret) in secrets)
        {
            var line = runtime.Logs.Lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(line is null, $"{what} is in the logs: {line}");
        }

        // And the capture saw the texts at all (masked), so the absence above means something.
        Assert.Contains("+1555…0001", logs, StringComparison.Ordinal);
    }
}
