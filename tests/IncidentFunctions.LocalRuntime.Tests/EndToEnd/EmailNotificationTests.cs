using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Leadership notices by email through the whole pipeline: with the shipped configuration and no Twilio or mail server
/// the text and the mail both land in the dev outbox; with Email:Host set the mail goes over SMTP to a real server on
/// loopback and threads under the incident.
/// </summary>
public sealed class EmailNotificationTests(LocalRuntimeFixture runtime) : IClassFixture<LocalRuntimeFixture>
{
    private const string ShippedAdminKey = "local-admin-key";
    private const string LeePhone = "+15550100009";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_SEV1_tells_leadership_by_text_and_by_email_in_the_dev_outbox()
    {
        var driver = new PipelineDriver(runtime.Client, ShippedAdminKey, "local-twilio-auth-token", "+15557770000");
        var id = Payloads.IncidentId(await driver.PostAlertAsync("alertmanager", "sample-checkout-key",
            Payloads.Alertmanager(Guid.NewGuid().ToString("N")[..16], "CheckoutDown", severity: "critical")));

        var (text, mail) = await WaitForOutboxAsync(driver, messages => (
            messages.FirstOrDefault(m => Medium(m) == "sms" && To(m) == LeePhone && Body(m).StartsWith($"SEV1 INC {id} ", StringComparison.Ordinal)),
            messages.FirstOrDefault(m => Medium(m) == "email" && To(m) == "lee@example.com" && Subject(m).StartsWith($"[INC {id}] SEV1 checkout: ", StringComparison.Ordinal))));

        Assert.NotNull(text);
        Assert.StartsWith(Body(text), Body(mail), StringComparison.Ordinal);
        // The local runtime links to itself.
        Assert.Contains($"Open in the console: {runtime.Host.BaseUrl}/console/incidents/{id}", Body(mail), StringComparison.Ordinal);
        var incident = await driver.WaitForIncidentAsync(id, i => i["timeline"]!.AsArray().Any(e => Summary(e) == "Told Lee: LeadershipSev1 by email"));
        Assert.Contains(incident["timeline"]!.AsArray(), e => Summary(e) == "Told Lee: LeadershipSev1");
    }

    [Fact]
    public async Task With_a_mail_server_a_SEV1_mails_leadership_over_smtp_in_the_incident_s_thread()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        var config = new OnCallConfigBuilder()
            .Responder("Alice", "+15550400001")
            .Responder("Lee", "+15550400009", "lee@example.com")
            .Policy("solo", TimeSpan.FromMinutes(10), "Alice")
            .Service("checkout", "e2e-email-checkout", "solo")
            .Leadership("Lee")
            .Quiet();
        await using var world = await new TestWorldBuilder()
            .WithConfig(config)
            .WithSetting("Email:Host", smtp.Host)
            .WithSetting("Email:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .WithSetting("Email:Security", "None")
            .WithSetting("Email:From", "Incidents <incidents@alerts.example.com>")
            .WithSetting("Email:LinkBaseUrl", "https://incidents.example.com")
            .StartInProcessAsync();
        var driver = new PipelineDriver(world.Client, config.AdminKey, "local-twilio-auth-token", "+15557770000");

        var id = Payloads.IncidentId(await driver.PostAlertAsync("alertmanager", "e2e-email-checkout",
            Payloads.Alertmanager(Guid.NewGuid().ToString("N")[..16], "CheckoutDown", severity: "critical")));
        var mail = await smtp.WaitForMailAsync(m => m.Message.Subject?.StartsWith($"[INC {id}] SEV1 checkout: ", StringComparison.Ordinal) == true, Deadline);

        Assert.Equal(("incidents@alerts.example.com", "lee@example.com"), (mail.EnvelopeFrom, Assert.Single(mail.EnvelopeTo)));
        Assert.StartsWith($"SEV1 INC {id} checkout: ", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://incidents.example.com/console/incidents/{id}", mail.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Matches($"^incident-{id}\\.[0-9]{{8}}T[0-9]{{6}}Z@alerts\\.example\\.com$", mail.Message.InReplyTo);
        Assert.Equal(mail.Message.InReplyTo, Assert.Single(mail.Message.References));
        // Texts still go to the outbox (no Twilio here), and the outbox holds no mail: it went to the server.
        var outbox = await driver.GetAsync("api/dev/outbox");
        Assert.Equal(HttpStatusCode.OK, outbox.Status);
        Assert.DoesNotContain(outbox.Json!["messages"]!.AsArray(), m => Medium(m) == "email");
    }

    private static async Task<(JsonNode? First, JsonNode Second)> WaitForOutboxAsync(PipelineDriver driver, Func<IReadOnlyList<JsonNode>, (JsonNode? First, JsonNode? Second)> find)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var reply = await driver.GetAsync("api/dev/outbox");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var (first, second) = find([.. reply.Json!["messages"]!.AsArray().OfType<JsonNode>()]);
            if (first is not null && second is not null)
            {
                return (first, second);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the outbox never had both messages: {reply.Text}");
            }

            await Task.Delay(200);
        }
    }

    private static string Medium(JsonNode? m) => m?["medium"]?.GetValue<string>() ?? "";

    private static string To(JsonNode? m) => m?["to"]?.GetValue<string>() ?? "";

    private static string Body(JsonNode? m) => m?["body"]?.GetValue<string>() ?? "";

    private static string Subject(JsonNode? m) => m?["subject"]?.GetValue<string>() ?? "";

    private static string Summary(JsonNode? e) => e?["summary"]?.GetValue<string>() ?? "";
}
