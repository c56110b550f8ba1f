using System.Net;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole;

/// <summary>The server-rendered pages: what they show, that people's text is escaped, and the assets they load.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsolePageTests(PipelineFixture runtime)
{
    private const string Hostile = "<script>alert(\"pwned\")</script><img src=x onerror=alert(1)> & 'quotes'";
    private readonly PipelineDriver _api = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task A_hostile_title_is_escaped_in_the_list_and_on_the_incident_page()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(_api, Hostile);
        await console.PostAsync($"incidents/{id}/notes", """{"text": "<b>bold</b> claim"}""");

        var (_, list) = await console.GetPageAsync("console");
        var (response, page) = await console.GetPageAsync($"console/incidents/{id}");

        const string escaped = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#x27;quotes&#x27;";
        Assert.Contains(escaped, list);
        Assert.Contains(escaped, page);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; claim", page);
        Assert.DoesNotContain("<script>alert", list + page);
        Assert.DoesNotContain("<img src=x", list + page);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_list_shows_open_incidents_with_their_columns_and_links()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(_api, "Queue depth rising");

        var (response, list) = await console.GetPageAsync("console");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<tr data-incident=\"{id}\">", list);
        Assert.Contains($"<a href=\"/console/incidents/{id}\">INC {id}</a>", list);
        Assert.Contains("<th>Next update due</th>", list);
        Assert.DoesNotContain($"<tr data-incident=\"{id}\">", (await console.GetPageAsync("console?status=resolved")).Body);
    }

    [Fact]
    public async Task An_update_due_in_the_past_is_marked_overdue_in_the_list()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime, "Erin");

        // "info" is SEV4, the one severity this configuration gives a short (3 s) update cadence.
        var alert = new System.Text.Json.Nodes.JsonObject { ["title"] = "Disk 81% on backup-1", ["severity"] = "info", ["dedupKey"] = Payloads.Unique("overdue") };
        var id = Payloads.IncidentId(await _api.PostAlertAsync("generic", "e2e-manual", alert.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"incidents/{id}/ack", "{}")).Status);
        var due = DateTimeOffset.Parse((await _api.IncidentAsync(id))["incident"]!["nextUpdateDue"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        string row;
        do
        {
            var (_, list) = await console.GetPageAsync("console");
            var start = list.IndexOf($"<tr data-incident=\"{id}\">", StringComparison.Ordinal);
            row = list[start..list.IndexOf("</tr>", start, StringComparison.Ordinal)];
            if (row.Contains("class=\"overdue\"", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"INC {id} (due {due:O}) not shown overdue in time: {row}");
            await Task.Delay(200);
        }
        while (true);

        Assert.True(DateTimeOffset.UtcNow > due);
        Assert.Contains("overdue", row);
    }

    [Fact]
    public async Task The_incident_page_has_a_form_per_command_pointing_at_the_console_api()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(_api, "Forms probe");

        var (_, page) = await console.GetPageAsync($"console/incidents/{id}");

        foreach (var api in new[] { "ack", "updates", "actions", "notes", "lead", "responders", "severity", "scope", "resolve", "alert-feedback" })
        {
            Assert.Contains($"data-api=\"incidents/{id}/{api}\"", page);
        }

        Assert.Contains("<time datetime=\"", page);
        Assert.Contains("data-error-for=\"nextUpdateBy\"", page);
    }

    [Fact]
    public async Task Unknown_incidents_and_missing_post_mortems_are_404_pages()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(_api, "No post-mortem yet");

        Assert.Equal(HttpStatusCode.NotFound, (await console.GetPageAsync("console/incidents/999999999")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await console.GetPageAsync("console/incidents/abc")).Response.StatusCode);
        var (response, body) = await console.GetPageAsync($"console/incidents/{id}/postmortem");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("drafted when the incident resolves", body);
    }

    [Fact]
    public async Task Reports_render_as_tables()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime);
        await ConsoleIncidents.OpenAsync(_api, "Report probe");

        var (response, body) = await console.GetPageAsync("console/reports");
        var (bad, _) = await console.GetPageAsync("console/reports?since=yesterday-ish");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<table id=\"alert-review\">", body);
        Assert.Contains("<table id=\"response-times\">", body);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task The_script_and_stylesheet_are_served_without_a_session(string name, string type)
    {
        using var browser = new ConsoleClient(runtime);

        var (response, body) = await browser.GetPageAsync("console/assets/" + name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.NotEmpty(body);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetPageAsync("console/assets/secrets.json")).Response.StatusCode);
    }
}
