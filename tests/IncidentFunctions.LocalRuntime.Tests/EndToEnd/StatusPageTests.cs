using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace IncidentFunctions.LocalRuntime.Tests.EndToEnd;

/// <summary>
/// The public status page (GET /status, GET /api/status) through the local runtime: an incident appears only once an
/// update is addressed to users, shows only what was written for them, and nothing internal leaks.
/// </summary>
/// <remarks>Other scenarios of the collection may have incidents on the page too, so each test looks for its own by a unique title.</remarks>
[Collection(PipelineCollection.Name)]
public sealed class StatusPageTests(PipelineFixture runtime)
{
    private const string StatusKey = "e2e-status";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly PipelineDriver _driver = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task Incident_appears_once_users_are_told_with_only_what_was_written_for_them_and_moves_to_resolved()
    {
        var (id, rawTitle) = await OpenAndAcknowledgeAsync("LedgerPoolExhausted");
        var note = await _driver.PostJsonAsync($"api/incidents/{id}/notes", """{"text": "Batch job on db-7 holds every pgbouncer connection"}""");
        Assert.Equal(HttpStatusCode.Created, note.Status);
        var teamUpdate = await _driver.PostJsonAsync($"api/incidents/{id}/updates",
            """{"text": "Killing the reconciliation batch on db-7", "audiences": ["team", "leadership"]}""");
        Assert.Equal(HttpStatusCode.Created, teamUpdate.Status);
        Assert.Contains("update sent to the team", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}u Restarting pgbouncer by hand")).Text);

        var internalOnly = await FreshStatusAsync(DateTimeOffset.UtcNow);
        AssertNothingInternal(internalOnly.Html, rawTitle);
        AssertNothingInternal(internalOnly.Json.ToJsonString(), rawTitle);

        var publicTitle = Payloads.Unique("Checkout payments failing for some customers");
        var promise = DateTimeOffset.UtcNow.AddHours(2);
        var first = await _driver.PostJsonAsync($"api/incidents/{id}/updates", new JsonObject
        {
            ["text"] = "We are investigating failed card payments at checkout.",
            ["audiences"] = new JsonArray("users", "team"),
            ["publicTitle"] = publicTitle,
            ["impact"] = "Some card payments are declined. Retrying may work.",
            ["nextUpdateBy"] = promise.ToString("O", CultureInfo.InvariantCulture),
            ["by"] = "Bob",
        }.ToJsonString());
        Assert.True(first.Status == HttpStatusCode.Created, first.ToString());
        Assert.Equal((publicTitle, "Some card payments are declined. Retrying may work."),
            (first.Json!["publicTitle"]!.GetValue<string>(), first.Json["impact"]!.GetValue<string>()));

        // Later updates to users may leave the title out; it stays.
        var secondPromise = DateTimeOffset.UtcNow.AddMinutes(45);
        var second = await _driver.PostJsonAsync($"api/incidents/{id}/updates",
            $$"""{"text": "A fix is being deployed.", "audiences": ["users"], "nextUpdateBy": "{{secondPromise.ToString("O", CultureInfo.InvariantCulture)}}"}""");
        Assert.True(second.Status == HttpStatusCode.Created, second.ToString());

        var shown = await WaitForStatusAsync(s => Open(s, publicTitle) is { } i && i["updates"]!.AsArray().Count == 2);
        var incident = Open(shown.Json, publicTitle)!;
        Assert.Equal("investigating", incident["status"]!.GetValue<string>());
        Assert.Equal("Some card payments are declined. Retrying may work.", incident["impact"]!.GetValue<string>());
        Assert.Equal(["A fix is being deployed.", "We are investigating failed card payments at checkout."],
            incident["updates"]!.AsArray().Select(u => u!["text"]!.GetValue<string>()));
        Assert.False(shown.Json["allOperational"]!.GetValue<bool>());

        Assert.Contains($"<h2>{publicTitle}</h2>", shown.Html);
        Assert.Contains("Some card payments are declined. Retrying may work.", shown.Html);
        Assert.True(shown.Html.IndexOf("A fix is being deployed.", StringComparison.Ordinal) < shown.Html.IndexOf("We are investigating failed card payments", StringComparison.Ordinal),
            "updates newest first");
        var next = incident["nextUpdateBy"]!.GetValue<DateTimeOffset>().UtcDateTime;
        Assert.Equal(secondPromise.UtcDateTime, next, TimeSpan.FromMilliseconds(1));
        Assert.Contains($"Next update by <time datetime=\"{next:yyyy-MM-dd'T'HH:mm:ss'Z'}\"", shown.Html);
        Assert.Contains($"{next:HH:mm} UTC</time>", shown.Html);
        AssertNothingInternal(shown.Html, rawTitle);
        AssertNothingInternal(shown.Json.ToJsonString(), rawTitle);

        var resolved = await _driver.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Card payments work again. We are sorry for the trouble."}""");
        Assert.Equal(HttpStatusCode.OK, resolved.Status);
        var after = await WaitForStatusAsync(s => Resolved(s, publicTitle) is not null);
        Assert.Null(Open(after.Json, publicTitle));
        var recent = Resolved(after.Json, publicTitle)!;
        Assert.Equal(("resolved", "Card payments work again. We are sorry for the trouble."),
            (recent["status"]!.GetValue<string>(), recent["resolutionSummary"]!.GetValue<string>()));
        Assert.Null(recent["nextUpdateBy"]);
        var resolvedSection = after.Html.IndexOf("Resolved in the last 7 days", StringComparison.Ordinal);
        Assert.True(resolvedSection >= 0 && after.Html.IndexOf(publicTitle, StringComparison.Ordinal) > resolvedSection, "listed under the recently resolved");
        Assert.Contains("Card payments work again. We are sorry for the trouble.", after.Html);
        Assert.Contains($"<time datetime=\"{recent["resolvedAt"]!.GetValue<DateTimeOffset>().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\"", after.Html);
    }

    [Fact]
    public async Task First_update_to_users_needs_a_public_title_and_markup_in_it_renders_as_text()
    {
        var (id, _) = await OpenAndAcknowledgeAsync("LedgerScriptTitle");

        var refused = await _driver.PostJsonAsync($"api/incidents/{id}/updates", """{"text": "We are looking into it.", "audiences": ["users"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("publicTitle", refused.Json!["field"]!.GetValue<string>());
        var detail = await _driver.IncidentAsync(id);
        Assert.Empty(detail["updates"]!.AsArray());
        Assert.Null(detail["incident"]!["lastUpdateAt"]);

        var marker = Guid.NewGuid().ToString("N")[..10];
        var hostile = new JsonObject
        {
            ["text"] = $"<img src=x onerror=alert(2)> {marker}",
            ["audiences"] = new JsonArray("users"),
            ["publicTitle"] = $"<script>alert(1)</script> {marker}",
            ["impact"] = "\"quoted\" & <b>bold</b>",
        };
        Assert.Equal(HttpStatusCode.Created, (await _driver.PostJsonAsync($"api/incidents/{id}/updates", hostile.ToJsonString())).Status);

        var shown = await WaitForStatusAsync(s => Open(s, $"<script>alert(1)</script> {marker}") is not null);
        Assert.Contains($"&lt;script&gt;alert(1)&lt;/script&gt; {marker}", shown.Html);
        Assert.Contains($"&lt;img src=x onerror=alert(2)&gt; {marker}", shown.Html);
        Assert.Contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;", shown.Html);
        Assert.DoesNotContain("<script>alert", shown.Html);
        Assert.DoesNotContain("<img", shown.Html);
        Assert.DoesNotContain("<b>", shown.Html);
        Assert.Single(shown.Html.Split("<script").Skip(1));
    }

    [Fact]
    public async Task Status_page_needs_no_key_and_is_cacheable_for_seconds_with_a_strict_content_policy()
    {
        var html = await _driver.GetAsync("status", key: null);
        var json = await _driver.GetAsync("api/status", key: null);

        Assert.Equal((HttpStatusCode.OK, "text/html", "utf-8"), (html.Status, html.ContentType!.MediaType, html.ContentType.CharSet));
        Assert.Equal((HttpStatusCode.OK, "application/json"), (json.Status, json.ContentType!.MediaType));
        foreach (var reply in new[] { html, json })
        {
            Assert.True(reply.Headers.CacheControl is { Public: true, MaxAge: { } age } && age > TimeSpan.Zero && age <= TimeSpan.FromSeconds(10), reply.Headers.CacheControl?.ToString());
            Assert.Equal(["nosniff"], reply.Headers.GetValues("X-Content-Type-Options"));
        }

        var csp = string.Join(" ", html.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'sha256-", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("<meta name=\"viewport\"", html.Text);
        Assert.DoesNotContain("src=\"http", html.Text);
        Assert.DoesNotContain("href=\"http", html.Text);
        Assert.True(json.Json!["generatedAt"] is not null && json.Json["open"] is JsonArray && json.Json["recentlyResolved"] is JsonArray, json.Text);
    }

    private async Task<(long Id, string RawTitle)> OpenAndAcknowledgeAsync(string alertname)
    {
        var reply = await _driver.PostAlertAsync("alertmanager", StatusKey, Payloads.Alertmanager(Guid.NewGuid().ToString("N")[..16], alertname, severity: "warning"));
        var id = Payloads.IncidentId(reply);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} "), Deadline);
        Assert.Contains("you are the lead", (await _driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text);
        return (id, (await _driver.IncidentAsync(id))["incident"]!["title"]!.GetValue<string>());
    }

    /// <summary>None of what responders see: alert title and labels, service name, people, phones, notes, team-only updates.</summary>
    private static void AssertNothingInternal(string page, string rawTitle)
    {
        foreach (var secret in new[] { rawTitle, "LedgerPoolExhausted", "web-1", "ledger-internal", "Alice", "Bob", "+1555",
                     "db-7", "pgbouncer", "reconciliation batch" })
        {
            Assert.DoesNotContain(secret, page, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Polls until the page has been built after <paramref name="after"/>: the server serves one build for a few seconds.</summary>
    private Task<StatusPair> FreshStatusAsync(DateTimeOffset after) =>
        WaitForStatusAsync(s => s["generatedAt"]!.GetValue<DateTimeOffset>() >= after);

    private async Task<StatusPair> WaitForStatusAsync(Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var json = await _driver.GetAsync("api/status", key: null);
            Assert.True(json.Status == HttpStatusCode.OK, json.ToString());
            if (condition(json.Json!))
            {
                // The HTML is rendered from the same build or a later one.
                var html = await _driver.GetAsync("status", key: null);
                Assert.True(html.Status == HttpStatusCode.OK, html.ToString());
                var again = await _driver.GetAsync("api/status", key: null);
                if (condition(again.Json!) && again.Json!["generatedAt"]!.ToJsonString() == json.Json!["generatedAt"]!.ToJsonString())
                {
                    return new StatusPair(html.Text, json.Json!);
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the status page did not reach the expected state; last seen: {json.Text}");
            await Task.Delay(250);
        }
    }

    private static JsonNode? Open(JsonNode status, string title) =>
        status["open"]!.AsArray().FirstOrDefault(i => i!["title"]!.GetValue<string>() == title);

    private static JsonNode? Resolved(JsonNode status, string title) =>
        status["recentlyResolved"]!.AsArray().FirstOrDefault(i => i!["title"]!.GetValue<string>() == title);

    private sealed record StatusPair(string Html, JsonNode Json);
}
