using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Faults;

/// <summary>
/// When paging itself fails — Twilio refusing the credentials or failing every send, the mail server refusing our
/// sign-in, durable timers late, storage away — the pipeline says so: /api/health (degraded, with the reason), the
/// event stream, the admins of the configuration through every medium the condition does not break (mail over real
/// SMTP, texts to the fake Twilio, the fake Slack's announcements channel, a fake Teams webhook), and every open
/// incident's timeline; and says so again when it is over. One test per failure mode; thresholds are shortened by
/// settings (PipelineHealth:*) so the real paths run in seconds.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class PipelineHealthTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>The admin: texts to this phone, mail to <see cref="AdaMail"/>.</summary>
    private const string Ada = "+15550200009";
    private const string AdaMail = "ada@example.com";
    private const string Announcements = "ops-announcements";

    [Fact]
    public async Task Twilio_refusing_the_credentials_is_told_by_mail_Slack_Teams_the_stream_health_and_the_timeline_until_a_text_goes_through()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var teams = await FakeTeamsWebhook.StartAsync();
        await using var rig = await FaultRig.StartAsync(
            config: c => c.Responder("Ada", Ada, AdaMail).Admins("Ada").Slack(announcementsChannel: "#" + Announcements),
            world: w => Mail(w, smtp).WithFakeSlack(s => s.AddChannel(Announcements)).WithSetting("Teams:WebhookUrl", teams.UrlFor("ops")));
        Assert.Equal("healthy", (await rig.Driver.GetAsync("api/health", key: null)).Json!["status"]!.GetValue<string>());

        // Twilio answers 401 with its error 20003 ("Authenticate"), as for a wrong auth token, until someone fixes it.
        rig.Twilio.FailFor(TimeSpan.FromMinutes(10), 401, 20003, fromFirstRequest: true);
        var refused = await rig.OpenIncidentAsync("f-storm", "Credentials refused");
        var incident = await rig.Driver.WaitForIncidentAsync(refused, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pageFailed"), Deadline);
        Assert.Contains(FaultRig.Timeline(incident), e => FaultRig.Kind(e) == "pageFailed" && e.ToJsonString().Contains("20003", StringComparison.Ordinal));

        var degraded = (await UntilAsync(rig, "degraded"))!;
        var condition = Assert.Single(degraded["conditions"]!.AsArray())!;
        Assert.Equal("twilio-credentials", condition["condition"]!.GetValue<string>());
        Assert.Contains("Twilio:AuthToken", condition["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.GetAsync("api/health", key: null)).Status);
        // Said on the event stream too, which depends on no provider: to the team and leadership, in the reports session.
        var degradedEvent = await EventAsync(rig, "pipeline.degraded");
        Assert.Equal("reports", degradedEvent["sessionId"]!.GetValue<string>());
        Assert.Contains("twilio-credentials", degradedEvent.ToJsonString(), StringComparison.Ordinal);

        // The admin by mail, the announcements channel, the Teams webhook; not by text: that is what is broken.
        var mail = await smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains(AdaMail) && (m.Message.Subject ?? "").Contains("degraded: twilio-credentials", StringComparison.Ordinal), Deadline);
        Assert.Contains("Twilio:AuthToken", mail.Message.TextBody ?? "", StringComparison.Ordinal);
        await rig.Slack.WaitForCallAsync(c => c.Method == "chat.postMessage" && c.RawBody.Contains("twilio-credentials", StringComparison.Ordinal), Deadline);
        await UntilAsync(() => teams.Accepted.Any(p => p.Body.Contains("twilio-credentials", StringComparison.Ordinal)), "no Teams post of twilio-credentials");
        // Each told once, however many refused sends there were.
        var marked = await rig.Driver.WaitForIncidentAsync(refused, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pipelineDegraded"), Deadline);
        var mark = Assert.Single(FaultRig.Timeline(marked), e => FaultRig.Kind(e) == "pipelineDegraded");
        Assert.Equal(
            "Paging degraded: Twilio refuses the credentials; texts and calls are not going out. Admins told by email, Slack, Teams.",
            mark["summary"]!.GetValue<string>());
        Assert.Single(smtp.Mails, m => (m.Message.Subject ?? "").Contains("degraded: twilio-credentials", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Twilio.Attempts, m => m.To == Ada);

        // The credentials work again (a person fixed them): the next page goes out and health is back.
        rig.ResetTwilioFaults();
        var paged = await rig.OpenIncidentAsync("f-storm", "Credentials fixed");
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {paged} ", StringComparison.Ordinal), Deadline);
        var healthy = (await UntilAsync(rig, "healthy"))!;
        Assert.Null(healthy["conditions"]);
        Assert.Contains("twilio-credentials", (await EventAsync(rig, "pipeline.recovered")).ToJsonString(), StringComparison.Ordinal);
        await smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains(AdaMail) && (m.Message.Subject ?? "").Contains("recovered: twilio-credentials", StringComparison.Ordinal), Deadline);
        var recovered = await rig.Driver.WaitForIncidentAsync(refused, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pipelineRecovered"), Deadline);
        Assert.StartsWith("Paging recovered after", Assert.Single(FaultRig.Timeline(recovered), e => FaultRig.Kind(e) == "pipelineRecovered")["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_Twilio_send_failing_for_the_window_is_told_to_the_admins_by_mail_and_cleared_by_a_delivered_text()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        // The issue's 2 minutes, shortened: the same path, counted on the runtime's clock.
        await using var rig = await FaultRig.StartAsync(
            config: c => c.Responder("Ada", Ada, AdaMail).Admins("Ada"),
            world: w => Mail(w, smtp).WithSetting("PipelineHealth:TwilioFailingAfter", "00:00:04").WithSetting("PipelineHealth:TwilioFailingFailures", "2"));

        // Twilio answers 503 to everything: every send fails after its attempts, and its step is retried.
        rig.Twilio.FailFor(TimeSpan.FromMinutes(10), 503, fromFirstRequest: true);
        var first = await rig.OpenIncidentAsync("f-storm", "Twilio down 1");
        var until = DateTime.UtcNow + Deadline;
        JsonNode health;
        var opened = 1;
        while (true)
        {
            health = (await rig.Driver.GetAsync("api/health", key: null)).Json!;
            if (health["conditions"]?.AsArray().Any(c => c!["condition"]!.GetValue<string>() == "twilio-failing") == true)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, $"never twilio-failing: {health.ToJsonString()}");
            // More pages failing, as during an outage with alerts coming in.
            await rig.OpenIncidentAsync("f-storm", $"Twilio down {++opened}");
            await Task.Delay(1000);
        }

        Assert.Contains("none delivered", health.ToJsonString(), StringComparison.Ordinal);
        await smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains(AdaMail) && (m.Message.Subject ?? "").Contains("degraded: twilio-failing", StringComparison.Ordinal), Deadline);
        var marked = await rig.Driver.WaitForIncidentAsync(first, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pipelineDegraded"), Deadline);
        Assert.Contains("every Twilio send has been failing", marked.ToJsonString(), StringComparison.Ordinal);

        rig.ResetTwilioFaults();
        await UntilAsync(rig, "healthy");
        await smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains(AdaMail) && (m.Message.Subject ?? "").Contains("recovered: twilio-failing", StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public async Task The_mail_server_refusing_our_sign_in_is_told_by_text_not_by_mail_until_a_mail_goes_through()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync(user: "incidents", password: "the-new-password");
        await using var rig = await FaultRig.StartAsync(
            config: c => c.Responder("Ada", Ada, AdaMail).Admins("Ada")
                .Responder("Mia", "+15550200010", "mia@example.com").NotificationRules("Mia", ("sms", TimeSpan.Zero), ("email", TimeSpan.Zero))
                .Policy("mail", TimeSpan.FromMinutes(10), "Mia").Service("mail", "f-mail", "mail", autoResolve: false),
            world: w => Mail(w, smtp).WithSetting("Email:User", "incidents").WithSetting("Email:Password", "the-old-password"));

        var refused = await rig.OpenIncidentAsync("f-mail", "Mail sign-in refused");
        var degraded = (await UntilAsync(rig, "degraded"))!;
        Assert.Equal("smtp-credentials", Assert.Single(degraded["conditions"]!.AsArray())!["condition"]!.GetValue<string>());
        Assert.Contains("Email:Password", degraded.ToJsonString(), StringComparison.Ordinal);

        // Told by text (Twilio works), never by mail (the broken medium).
        var text = await rig.Twilio.WaitForMessageAsync(m => m.To == Ada && m.Body.Contains("degraded (smtp-credentials)", StringComparison.Ordinal), Deadline);
        Assert.Contains("Email:User", text.Body, StringComparison.Ordinal);
        var marked = await rig.Driver.WaitForIncidentAsync(refused, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pipelineDegraded"), Deadline);
        Assert.Equal("Paging degraded: the mail server refuses the sign-in; mails about it are not going out. Admins told by SMS.",
            Assert.Single(FaultRig.Timeline(marked), e => FaultRig.Kind(e) == "pipelineDegraded")["summary"]!.GetValue<string>());
        Assert.Empty(smtp.Mails);

        // The password is fixed (here: the server takes the one the app has): the next mail goes and health is back.
        smtp.Password = "the-old-password";
        await rig.OpenIncidentAsync("f-mail", "Mail sign-in fixed");
        await smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains("mia@example.com"), Deadline);
        await UntilAsync(rig, "healthy");
        await rig.Twilio.WaitForMessageAsync(m => m.To == Ada && m.Body.Contains("recovered (smtp-credentials)", StringComparison.Ordinal), Deadline);
        Assert.Single(rig.Twilio.Messages, m => m.To == Ada && m.Body.Contains("degraded (smtp-credentials)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Durable_timers_running_late_are_told_and_cleared_when_they_run_on_time_again()
    {
        // The watch sleeps 2 s a cycle and calls 5 s late "late": a runtime away for 12 s makes its timer that late,
        // as an overloaded host or slow storage would.
        await using var rig = await FaultRig.StartAsync(
            config: c => c.Responder("Ada", Ada).Admins("Ada"),
            world: w => w.WithSetting("PipelineHealth:WatchEvery", "00:00:02").WithSetting("PipelineHealth:TimersLateAfter", "00:00:05"));
        var open = await rig.OpenIncidentAsync("f-storm", "Open while timers are late");
        await rig.Twilio.WaitForMessageAsync(m => m.To == FaultRig.Erin && m.Body.Contains($"INC {open} ", StringComparison.Ordinal), Deadline);
        await UntilAsync(rig, "healthy");

        await rig.Runtime.KillAsync();
        // The deliberate stop: nothing to poll for, the point is the time the timers are not handled.
        await Task.Delay(TimeSpan.FromSeconds(12));
        await rig.Runtime.StartAsync();

        var degraded = (await UntilAsync(rig, "degraded"))!;
        Assert.Contains(degraded["conditions"]!.AsArray(), c => c!["condition"]!.GetValue<string>() == "timers-late");
        await rig.Twilio.WaitForMessageAsync(m => m.To == Ada && m.Body.Contains("degraded (timers-late)", StringComparison.Ordinal), Deadline);
        var marked = await rig.Driver.WaitForIncidentAsync(open, i => FaultRig.Timeline(i).Any(e => FaultRig.Kind(e) == "pipelineDegraded"), Deadline);
        Assert.Contains("durable timers are running late; escalations, reminders and call rules come late", marked.ToJsonString(), StringComparison.Ordinal);

        await UntilAsync(rig, "healthy");
        await rig.Twilio.WaitForMessageAsync(m => m.To == Ada && m.Body.Contains("recovered (timers-late)", StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public async Task Storage_stopped_is_told_by_text_and_mail_and_named_by_health_and_its_return_too()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var rig = await FaultRig.StartAsync(storage: azurite.ConnectionString,
            config: c => c.Responder("Ada", Ada, AdaMail).Admins("Ada"),
            world: w => Mail(w, smtp).WithSetting("PipelineHealth:StorageProbeEvery", "00:00:01").WithSetting("PipelineHealth:StorageUnreachableAfter", "00:00:03"));
        await UntilAsync(rig, "healthy");

        await azurite.StopAsync();
        var until = DateTime.UtcNow + Deadline;
        JsonNode health;
        while (true)
        {
            var reply = await rig.Driver.GetAsync("api/health", key: null);
            health = reply.Json!;
            if (reply.Status == HttpStatusCode.ServiceUnavailable && health["conditions"] is JsonArray { Count: > 0 })
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, $"storage-unreachable never named: {reply.Status} {health.ToJsonString()}");
            await Task.Delay(500);
        }

        Assert.Equal("unreachable", health["storage"]!.GetValue<string>());
        Assert.Equal("storage-unreachable", health["conditions"]![0]!["condition"]!.GetValue<string>());
        Assert.StartsWith("Storage has not answered since", health["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        // Mail and texts need no storage: the admin is told both ways (no timeline: it is in the storage that is away).
        await rig.Twilio.WaitForMessageAsync(m => m.To == Ada && m.Body.Contains("degraded (storage-unreachable)", StringComparison.Ordinal), Deadline);
        await smtp.WaitForMailAsync(m => m.EnvelopeTo.Contains(AdaMail) && (m.Message.Subject ?? "").Contains("degraded: storage-unreachable", StringComparison.Ordinal), Deadline);

        await azurite.StartAgainAsync();
        await rig.Twilio.WaitForMessageAsync(m => m.To == Ada && m.Body.Contains("recovered (storage-unreachable)", StringComparison.Ordinal), Deadline);
        Assert.Equal(HttpStatusCode.OK, (await rig.Driver.GetAsync("api/health", key: null)).Status);
        Assert.Single(rig.Twilio.Messages, m => m.To == Ada && m.Body.Contains("degraded (storage-unreachable)", StringComparison.Ordinal));
    }

    /// <summary>Mail goes over SMTP to <paramref name="smtp"/> (plain, on loopback).</summary>
    private static TestWorldBuilder Mail(TestWorldBuilder world, LoopbackSmtpServer smtp) => world
        .WithSetting("Email:Host", smtp.Host)
        .WithSetting("Email:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
        .WithSetting("Email:Security", "None")
        .WithSetting("Email:From", "Incidents <incidents@alerts.example.com>")
        .WithSetting("Email:RequestTimeout", "00:00:10");

    /// <summary>The latest message of <paramref name="type"/> the runtime put on its event queue (the developer's view, /api/dev/events).</summary>
    private static async Task<JsonNode> EventAsync(FaultRig rig, string type)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var messages = (await rig.Driver.GetAsync("api/dev/events")).Json!["messages"]!.AsArray();
            if (messages.LastOrDefault(m => m!.ToJsonString().Contains($"\"{type}\"", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"no {type} event: {messages.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    private static async Task UntilAsync(Func<bool> done, string failure)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < until, failure);
            await Task.Delay(200);
        }
    }

    private static async Task<JsonNode?> UntilAsync(FaultRig rig, string status)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var health = (await rig.Driver.GetAsync("api/health", key: null)).Json!;
            if (health["status"]!.GetValue<string>() == status)
            {
                return health;
            }

            Assert.True(DateTime.UtcNow < until, $"/api/health never became {status}: {health.ToJsonString()}\n{rig.Runtime.Log[^Math.Min(rig.Runtime.Log.Length, 4000)..]}");
            await Task.Delay(200);
        }
    }
}
