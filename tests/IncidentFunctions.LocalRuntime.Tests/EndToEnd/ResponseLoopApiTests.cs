using System.Net;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>The response-loop endpoints doing what they say, and the orchestration reacting, through real HTTP and SMS.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ResponseLoopApiTests(PipelineFixture runtime)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Hand_over_texts_the_new_lead_and_added_responders_are_paged_and_get_the_incident()
    {
        var id = await OpenAndAcknowledgeAsync("e2e-checkout", "Cart latency");

        var handOver = await _driver.PostJsonAsync($"api/incidents/{id}/lead", """{"to": "bob", "reason": "end of shift"}""");
        Assert.Equal(HttpStatusCode.OK, handOver.Status);
        Assert.Equal("Bob", handOver.Json!["lead"]!.GetValue<string>());
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} ") && m.Body.Contains("You are now the lead"), Deadline);

        var added = await _driver.PostJsonAsync($"api/incidents/{id}/responders", """{"responders": ["Carol"], "by": "Bob", "reason": "database expertise"}""");
        Assert.Equal(HttpStatusCode.OK, added.Status);
        var carol = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Carol && m.Body.Contains($"INC {id} "), Deadline);
        Assert.Contains("brought in by automation for Bob (database expertise)", carol.Body);

        var incident = (await _driver.IncidentAsync(id))["incident"]!;
        Assert.Equal(["Alice", "Bob", "Carol"], incident["responders"]!.AsArray().Select(r => r!.GetValue<string>()));

        // Everyone on the incident gets the team's updates, except whoever wrote it (Bob, signed in to the console as himself).
        using var bob = await WebConsole.ConsoleClient.SignedInAsync(runtime, "Bob");
        var update = await bob.PostAsync($"incidents/{id}/updates", """{"text": "Latency back to normal after cache flush"}""");
        Assert.Equal(HttpStatusCode.Created, update.Status);
        foreach (var phone in new[] { PipelineFixture.Alice, PipelineFixture.Carol })
        {
            await runtime.Twilio.WaitForMessageAsync(m => m.To == phone && m.Body.Contains($"INC {id} update from Bob: Latency back to normal"), Deadline);
        }

        Assert.DoesNotContain(runtime.Twilio.Messages, m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} update from Bob"));
        var kinds = (await _driver.IncidentAsync(id))["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("leadChanged", kinds);
        Assert.Contains("respondersAdded", kinds);
    }

    [Fact]
    public async Task A_SEV1_alert_pages_tier_two_at_once_and_says_so()
    {
        var fingerprint = Guid.NewGuid().ToString("N")[..16];
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("alertmanager", "e2e-checkout", Payloads.Alertmanager(fingerprint, "CheckoutDown")));

        var bob = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Bob && m.Body.Contains($"INC {id} "), Deadline);
        Assert.StartsWith($"INC {id} SEV1", bob.Body);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Lee && m.Body.StartsWith($"SEV1 INC {id} ", StringComparison.Ordinal), Deadline);
        var timeline = (await _driver.WaitForIncidentAsync(id, i => i["timeline"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "escalated")))["timeline"]!;
        Assert.Contains(timeline.AsArray(), e => e!["summary"]!.GetValue<string>() == "SEV1: tier 2 paged at once, without waiting for tier 1");
    }

    [Fact]
    public async Task Raising_severity_to_SEV1_tells_leadership_and_scope_is_kept_with_its_history()
    {
        var id = await OpenAndAcknowledgeAsync("e2e-checkout", "Payment declines");

        var scope = await _driver.PutJsonAsync($"api/incidents/{id}/scope",
            """{"affectedServices": ["checkout", "payments"], "usersAffected": 1200, "customerVisible": true, "notes": "EU only"}""");
        Assert.Equal(HttpStatusCode.OK, scope.Status);
        var severity = await _driver.PutJsonAsync($"api/incidents/{id}/severity", """{"severity": "sev1", "reason": "customer-visible payment failures"}""");
        Assert.Equal(("SEV1", HttpStatusCode.OK), (severity.Json!["severity"]!.GetValue<string>(), severity.Status));

        var told = await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Lee && m.Body.Contains($"SEV1 INC {id} "), Deadline);
        Assert.Contains("Lead: Alice", told.Body);

        var detail = await _driver.IncidentAsync(id);
        Assert.Equal(1200, detail["scope"]!["usersAffected"]!.GetValue<int>());
        Assert.True(detail["scope"]!["customerVisible"]!.GetValue<bool>());
        var timeline = detail["timeline"]!.AsArray().Select(e => e!["summary"]!.GetValue<string>()).ToList();
        Assert.Contains(timeline, t => t.StartsWith("Scope assessed: services checkout, payments; 1200 users; customer-visible; EU only", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t == "Severity changed to SEV1: customer-visible payment failures");
    }

    [Fact]
    public async Task Post_mortem_is_edited_completed_and_then_the_incident_closes()
    {
        // The retro service's alerts are SEV2 ("error"), which this configuration gives a retrospective due in a day.
        var id = await OpenAndAcknowledgeAsync("e2e-retro", "Queue consumers stalled");
        var resolved = await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Restarted the consumer group"}""");
        Assert.Equal(("resolved", HttpStatusCode.OK), (resolved.Json!["status"]!.GetValue<string>(), resolved.Status));

        var draft = await _driver.WaitForPostmortemAsync(id, Deadline);
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.Contains("Restarted the consumer group", draft["summary"]!.GetValue<string>());

        var edited = await _driver.PutJsonAsync($"api/incidents/{id}/postmortem",
            """{"lessons": ["Consumer lag alerts fire too late"], "by": "Alice"}""");
        Assert.Equal(HttpStatusCode.OK, edited.Status);
        Assert.Equal(["Consumer lag alerts fire too late"], edited.Json!["lessons"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("resolved", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());

        var completed = await _driver.PostJsonAsync($"api/incidents/{id}/postmortem/complete", """{"by": "Alice"}""");
        Assert.Equal(("completed", HttpStatusCode.OK), (completed.Json!["status"]!.GetValue<string>(), completed.Status));
        await _driver.WaitForIncidentAsync(id, i => i["incident"]!["status"]!.GetValue<string>() == "closed", Deadline);
    }

    private async Task<long> OpenAndAcknowledgeAsync(string key, string title)
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", key, Payloads.Generic(title, Payloads.Unique("api"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        return id;
    }
}
