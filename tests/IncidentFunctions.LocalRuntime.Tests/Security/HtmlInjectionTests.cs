using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.LocalRuntime.Tests.Fuzz;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;

namespace IncidentFunctions.LocalRuntime.Tests.Security;

/// <summary>
/// Everything people and monitoring tools write is shown as text on the status page and in the console. Existing tests
/// cover a public title and an update's text (StatusPageTests) and an incident title (ConsolePageTests); these cover
/// the rest: impact and the published resolve summary; notes, updates, actions, scope, hand-over reasons, alert
/// descriptions, labels and links, and the post-mortem's sections.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class HtmlInjectionTests(FuzzFixture runtime)
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>\"'";

    private readonly FuzzHttp _http = new(runtime);

    [Fact]
    public async Task Impact_and_the_published_resolve_summary_are_escaped_on_the_status_page()
    {
        var marker = Payloads.Unique("status");
        var id = await _http.OpenIncidentAsync("Status injection");
        Assert.Contains("you are the lead", (await _http.Driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text, StringComparison.Ordinal);
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/updates", new JsonObject
        {
            ["text"] = "Investigating " + marker,
            ["audiences"] = new JsonArray("users"),
            ["publicTitle"] = "Checkout slow " + marker,
            ["impact"] = "Impact " + Hostile,
        }.ToJsonString()));

        var open = await WaitForStatusPageAsync(html => html.Contains(marker, StringComparison.Ordinal));
        AssertNoMarkupFrom(open, "status page (open)");
        Assert.Contains("Impact &lt;script&gt;", open, StringComparison.Ordinal);

        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/resolve", new JsonObject { ["summary"] = "Summary " + Hostile }.ToJsonString()));
        var resolved = await WaitForStatusPageAsync(html => html.Contains(marker, StringComparison.Ordinal) && html.Contains("Summary &lt;script&gt;", StringComparison.Ordinal));
        AssertNoMarkupFrom(resolved, "status page (resolved)");
    }

    [Fact]
    public async Task Everything_people_and_tools_write_is_escaped_on_the_console_incident_and_postmortem_pages()
    {
        // An alert whose every field is hostile, links included: one breaks out of its attribute, one is javascript:.
        var alert = new JsonObject
        {
            ["title"] = "Console injection " + Payloads.Unique("t"),
            ["dedupKey"] = Payloads.Unique("console-xss"),
            ["description"] = "Description " + Hostile,
            ["source"] = "Source " + Hostile,
            ["labels"] = new JsonObject { ["label" + Hostile] = "value " + Hostile },
            ["links"] = new JsonArray(new JsonObject { ["href"] = "https://runbooks.example/\"onmouseover=\"alert(4)", ["text"] = "Link " + Hostile }),
        }.ToJsonString();
        var id = Payloads.IncidentId(await _http.Driver.PostAlertAsync("generic", "e2e-records", alert));
        var amId = Payloads.IncidentId(await _http.Driver.PostAlertAsync("alertmanager", "e2e-records", new JsonObject
        {
            ["version"] = "4",
            ["status"] = "firing",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = "firing",
                ["labels"] = new JsonObject { ["alertname"] = "AmInjection" + Payloads.Unique("a") },
                ["annotations"] = new JsonObject { ["summary"] = "Am " + Hostile, ["runbook_url"] = "javascript:alert(5)", ["dashboard"] = "https://d.example/\"><script>alert(6)</script>" },
                ["generatorURL"] = "javascript:alert(7)",
            }),
        }.ToJsonString()));

        Assert.Contains("you are the lead", (await _http.Driver.TextAsync(PipelineFixture.Alice, $"{id}a")).Text, StringComparison.Ordinal);
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/notes", new JsonObject { ["text"] = "Note " + Hostile, ["kind"] = "hypothesis" }.ToJsonString()));
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/updates", new JsonObject { ["text"] = "Update " + Hostile, ["audiences"] = new JsonArray("team") }.ToJsonString()));
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/actions", new JsonObject
        {
            ["what"] = "What " + Hostile, ["why"] = "Why " + Hostile, ["expectedEffect"] = "Effect " + Hostile, ["undo"] = "Undo " + Hostile,
        }.ToJsonString()));
        await Accept(_http.Driver.PutJsonAsync($"api/incidents/{id}/scope", new JsonObject
        {
            ["affectedServices"] = new JsonArray("svc" + Hostile), ["customerVisible"] = true, ["notes"] = "Scope " + Hostile,
        }.ToJsonString()));
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/lead", new JsonObject { ["to"] = "Bob", ["reason"] = "Reason " + Hostile }.ToJsonString()));
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/responders", new JsonObject { ["responders"] = new JsonArray("Carol"), ["reason"] = "Help " + Hostile }.ToJsonString()));

        using var console = await ConsoleClient.SignedInAsync(runtime);
        var (_, page) = await console.GetPageAsync($"console/incidents/{id}");
        AssertNoMarkupFrom(page, "console incident page");
        // What the incident page shows of them (alert descriptions are not on it; their titles and links are).
        foreach (var written in new[] { "Note", "Update", "What", "Why", "Effect", "Undo", "Scope" })
        {
            Assert.Contains(written + " &lt;script&gt;", page, StringComparison.Ordinal);
        }

        var (_, amPage) = await console.GetPageAsync($"console/incidents/{amId}");
        AssertNoMarkupFrom(amPage, "console page of the Alertmanager alert");
        var (_, list) = await console.GetPageAsync("console");
        AssertNoMarkupFrom(list, "console list");

        // The post-mortem page, with hostile sections.
        await Accept(_http.Driver.PostJsonAsync($"api/incidents/{id}/resolve", new JsonObject { ["summary"] = "Resolved " + Hostile }.ToJsonString()));
        await _http.Driver.WaitForPostmortemAsync(id, TimeSpan.FromSeconds(90));

        await Accept(_http.Driver.PutJsonAsync($"api/incidents/{id}/postmortem", new JsonObject
        {
            ["summary"] = "PM " + Hostile,
            ["wentWell"] = new JsonArray("Well " + Hostile),
            ["toChange"] = new JsonArray("Change " + Hostile),
            ["lessons"] = new JsonArray("Lesson " + Hostile),
        }.ToJsonString()));
        var (_, postmortem) = await console.GetPageAsync($"console/incidents/{id}/postmortem");
        AssertNoMarkupFrom(postmortem, "console post-mortem page");
        Assert.Contains("Lesson &lt;script&gt;", postmortem, StringComparison.Ordinal);
    }

    /// <summary>None of the hostile markup survives as markup; the page's own script tags are not from the input.</summary>
    private static void AssertNoMarkupFrom(string html, string where)
    {
        // Markup, not words: escaped text still reads "onerror=alert", but never as an attribute of a real tag.
        foreach (var raw in new[] { "<script>alert", "<img src=x", "href=\"javascript:", "href='javascript:", "\"onmouseover=\"", "<a href=\"javascript" })
        {
            Assert.False(html.Contains(raw, StringComparison.OrdinalIgnoreCase), $"{where} contains raw '{raw}'");
        }
    }

    private static async Task Accept(Task<Reply> command)
    {
        var reply = await command;
        Assert.True((int)reply.Status is >= 200 and < 300, reply.ToString());
    }

    /// <summary>The status page is rebuilt at most every 5 seconds: poll until it shows what the test wrote.</summary>
    private async Task<string> WaitForStatusPageAsync(Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var page = await _http.Driver.GetAsync("status", key: null);
            if (page.Status == HttpStatusCode.OK && condition(page.Text))
            {
                return page.Text;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the status page never showed it; last: {page}");
            await Task.Delay(500);
        }
    }
}
