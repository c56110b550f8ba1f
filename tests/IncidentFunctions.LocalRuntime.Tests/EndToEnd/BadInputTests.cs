using System.Net;
using System.Text;
using Azure.Data.Tables;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// Every way a sender can get it wrong gets a clear status and a problem body naming the field, and writes nothing:
/// no incident, no claimed dedup key, no incident number used, no text sent.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    public static TheoryData<string, string?, string, HttpStatusCode, string> RejectedAlerts => new()
    {
        // format, key, body, status, field named
        { "generic", null, Payloads.Generic("x", "k1"), HttpStatusCode.Unauthorized, "key" },
        { "generic", "no-such-key", Payloads.Generic("x", "k2"), HttpStatusCode.Forbidden, "key" },
        { "generic", "e2e-rejects", "{\"title\": ", HttpStatusCode.BadRequest, "$" },
        { "generic", "e2e-rejects", "[1,2,3]", HttpStatusCode.BadRequest, "$" },
        { "generic", "e2e-rejects", "{\"dedupKey\": \"no-title\"}", HttpStatusCode.BadRequest, "title" },
        { "generic", "e2e-rejects", "{\"title\": \"t\", \"severity\": 5}", HttpStatusCode.BadRequest, "severity" },
        { "alertmanager", "e2e-rejects", "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":5}", HttpStatusCode.BadRequest, "alerts" },
        { "alertmanager", "e2e-rejects", "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\"}]}", HttpStatusCode.BadRequest, "alerts[0].labels" },
        { "azure-monitor", "e2e-rejects", "{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":{\"essentials\":{}}}", HttpStatusCode.BadRequest, "data.essentials.alertId" },
        { "nagios", "e2e-rejects", Payloads.Generic("x", "k3"), HttpStatusCode.NotFound, "format" },
    };

    [Theory]
    [MemberData(nameof(RejectedAlerts))]
    public async Task Rejected_alert_gets_a_problem_naming_the_field_and_writes_nothing(string format, string? key, string body, HttpStatusCode status, string field)
    {
        var before = await SnapshotAsync();
        var reply = await _driver.PostAlertAsync(format, key, body);

        AssertProblem(reply, status, field);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Body_over_512_KB_is_refused_with_413_and_writes_nothing()
    {
        var before = await SnapshotAsync();
        var huge = Payloads.Generic(new string('x', 600 * 1024), "huge");
        var reply = await _driver.PostAlertAsync("generic", "e2e-rejects", huge);

        AssertProblem(reply, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(before, await SnapshotAsync());

        // Chunked, so no Content-Length to trust.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/alerts/generic?key=e2e-rejects")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await runtime.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Over_the_per_key_rate_limit_gets_429_with_retry_after_and_writes_nothing()
    {
        // Malformed bodies still count against the key, so the limit can be reached without opening incidents.
        for (var i = 0; i < PipelineFixture.RateLimitPerMinute; i++)
        {
            var allowed = await _driver.PostAlertAsync("generic", "e2e-limited", "{}");
            Assert.Equal(HttpStatusCode.BadRequest, allowed.Status);
        }

        var before = await SnapshotAsync();
        var limited = await _driver.PostAlertAsync("generic", "e2e-limited", Payloads.Generic("one too many", Payloads.Unique("rl")));
        AssertProblem(limited, HttpStatusCode.TooManyRequests, "key");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(before, await SnapshotAsync());

        // Other keys are not affected.
        var other = await _driver.PostAlertAsync("generic", "e2e-rejects", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
    }

    [Fact]
    public async Task PagerDuty_endpoint_rejects_bad_events_in_pagerdutys_shape_and_writes_nothing()
    {
        var before = await SnapshotAsync();

        var noKey = await _driver.EnqueueAsync("""{"event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, noKey.Status);
        Assert.Equal("routing_key", noKey.Json!["field"]!.GetValue<string>());

        var unknownKey = await _driver.EnqueueAsync(Payloads.PagerDuty("not-a-key", "trigger", "d"));
        Assert.Equal(HttpStatusCode.Forbidden, unknownKey.Status);

        var badAction = await _driver.EnqueueAsync("""{"routing_key":"e2e-pagerduty","event_action":"snooze","dedup_key":"d"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badAction.Status);
        Assert.Equal(("invalid event", "event_action"), (badAction.Json!["status"]!.GetValue<string>(), badAction.Json["field"]!.GetValue<string>()));

        var garbage = await _driver.EnqueueAsync("not json");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Equal("Unrecognized object", garbage.Json!["status"]!.GetValue<string>());

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Inbound_SMS_without_a_valid_signature_is_refused_and_not_acted_on()
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-rejects", Payloads.Generic("Signature check", Payloads.Unique("sig"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(30));

        var unsigned = await _driver.TextAsync(PipelineFixture.Alice, $"{id}a", sign: false);
        AssertProblem(unsigned, HttpStatusCode.Forbidden, "X-Twilio-Signature");

        var otherToken = await _driver.TextAsync(PipelineFixture.Alice, $"{id}a", signWithToken: "some-other-token");
        Assert.Equal(HttpStatusCode.Forbidden, otherToken.Status);

        var otherUrl = await _driver.TextAsync(PipelineFixture.Alice, $"{id}a", signedUrl: "https://attacker.example/api/sms/inbound");
        Assert.Equal(HttpStatusCode.Forbidden, otherUrl.Status);

        // Signed for one body, sent with another.
        var url = new Uri(runtime.Client.BaseAddress!, "api/sms/inbound").ToString();
        var form = IncidentFunctions.Testing.TwilioSignature.InboundSmsForm(PipelineFixture.Alice, PipelineFixture.FromNumber, $"{id}e");
        using var tampered = IncidentFunctions.Testing.TwilioSignature.CreateSignedRequest(url, form, runtime.Twilio.AuthToken);
        var altered = form.Select(kv => kv.Key == "Body" ? new KeyValuePair<string, string>("Body", $"{id}a") : kv).ToList();
        tampered.Content = new FormUrlEncodedContent(altered);
        using var tamperedReply = await runtime.Client.SendAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, tamperedReply.StatusCode);

        Assert.Equal("triggered", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task SMS_replies_that_are_not_commands_get_an_explanation_and_change_nothing()
    {
        var id = Payloads.IncidentId(await _driver.PostAlertAsync("generic", "e2e-rejects", Payloads.Generic("Grammar check", Payloads.Unique("grammar"))));
        await runtime.Twilio.WaitForMessageAsync(m => m.Body.Contains($"INC {id} "), TimeSpan.FromSeconds(30));

        var stranger = await _driver.TextAsync("+15559998888", $"{id}a");
        Assert.Equal(HttpStatusCode.OK, stranger.Status);
        Assert.Contains("not registered", stranger.Text);
        // Not a bare digit search: the XML declaration ("1.0", "utf-8") holds digits of its own.
        Assert.DoesNotContain($"INC {id}", stranger.Text);

        var unknown = await _driver.TextAsync(PipelineFixture.Alice, "please fix it");
        Assert.Contains("Unknown code", unknown.Text);

        var stop = await _driver.TextAsync(PipelineFixture.Alice, "STOP");
        Assert.DoesNotContain("<Message>", stop.Text);

        var missing = await _driver.TextAsync(PipelineFixture.Alice, "99999999a");
        Assert.Contains("INC 99999999 does not exist", missing.Text);

        var injected = await _driver.TextAsync(PipelineFixture.Alice, "</Message><Redirect>http://evil</Redirect>");
        Assert.DoesNotContain("<Redirect>", injected.Text);

        Assert.Equal("triggered", (await _driver.IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    private static void AssertProblem(Reply reply, HttpStatusCode status, string field)
    {
        Assert.True(status == reply.Status, $"expected {(int)status} but got {reply}");
        Assert.Equal("application/problem+json", reply.ContentType?.MediaType);
        Assert.Equal(field, reply.Json!["field"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(reply.Json["detail"]?.GetValue<string>()));
    }

    /// <summary>
    /// What a rejected request must not change: incidents, claimed dedup keys, the incident counter. (Texts are not counted:
    /// earlier scenarios' orchestrations may still be notifying in the background, and a page needs an incident anyway.)
    /// </summary>
    private async Task<string> SnapshotAsync()
    {
        var incidents = 0;
        await foreach (var _ in runtime.Table("Incidents").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            incidents++;
        }

        var open = 0;
        await foreach (var _ in runtime.Table("OpenIncidents").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            open++;
        }

        var counter = await runtime.Table("Counters").GetEntityIfExistsAsync<TableEntity>("counters", "incident");
        var number = counter.HasValue ? counter.Value!.GetInt64("Value") : 0;
        return $"incidents={incidents} open={open} counter={number}";
    }
}
