using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using Microsoft.Playwright;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole.Browser;

/// <summary>A responder using the console in a real browser: the form, the script, the CSP and the API together.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsoleBrowserTests(PipelineFixture runtime, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const float Deadline = 20_000;
    private readonly PipelineDriver _api = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);
    private readonly List<string> _consoleErrors = [];
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    private string BaseUrl => runtime.Host.BaseUrl;

    public async Task InitializeAsync()
    {
        // A fixed zone other than UTC, so "shown in the viewer's time zone" is visible in the page.
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "Europe/Berlin", Locale = "en-GB" });
        _context.SetDefaultTimeout(Deadline);
        _page = await _context.NewPageAsync();

        // CSP violations and script errors end up here; none is expected.
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        _page.PageError += (_, error) => _consoleErrors.Add(error);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Signing_in_through_the_form_shows_a_fresh_incident_in_the_open_list()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "Checkout p99 latency above 2 s");

        await _page.GotoAsync(BaseUrl + "/console");
        Assert.EndsWith("/console/login?next=%2Fconsole", _page.Url);
        await EnterCodeAsync("Alice");
        await _page.WaitForURLAsync(BaseUrl + "/console");
        await Assertions.Expect(_page.Locator("#signed-in")).ToContainTextAsync("Alice");

        var row = _page.Locator($"tr[data-incident=\"{id}\"]");
        await Assertions.Expect(row).ToContainTextAsync("Checkout p99 latency above 2 s");
        await Assertions.Expect(row).ToContainTextAsync("SEV2");
        await Assertions.Expect(row).ToContainTextAsync("triggered");
        await ScreenshotAsync("console-list.png");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task A_script_tag_in_a_title_is_shown_as_text_and_never_runs()
    {
        const string title = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">";
        var id = await ConsoleIncidents.OpenAsync(_api, title);
        await SignInAsync();

        await _page.GotoAsync(BaseUrl + "/console");
        await Assertions.Expect(_page.Locator($"tr[data-incident=\"{id}\"] td.title a")).ToHaveTextAsync(title);
        await _page.GotoAsync($"{BaseUrl}/console/incidents/{id}");
        await Assertions.Expect(_page.Locator("#incident-title")).ToHaveTextAsync(title);

        Assert.False(await _page.EvaluateAsync<bool>("() => window.pwned === true"));
        Assert.Equal(0, await _page.Locator("main script, main img").CountAsync());
    }

    [Fact]
    public async Task Acknowledging_and_posting_an_update_through_the_forms_reaches_the_api()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "Payments API 5xx");
        await SignInAsync();
        await _page.GotoAsync($"{BaseUrl}/console/incidents/{id}");

        // Times are rewritten to the viewer's zone (Berlin here), with UTC kept for hover.
        var opened = _page.Locator("#summary time").First;
        await Assertions.Expect(opened).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("UTC$"));
        await Assertions.Expect(opened).Not.ToContainTextAsync("UTC");

        // No "acting as" and no name to pick: the signed-in person acknowledges, and the timeline says how.
        Assert.Equal(0, await _page.Locator("#acting-as, #ack-by").CountAsync());
        await _page.ClickAsync("#ack button[type=submit]");
        await Assertions.Expect(_page.Locator("#incident-status")).ToHaveTextAsync("acknowledged");
        await Assertions.Expect(_page.Locator("#incident-lead")).ToHaveTextAsync("Alice");
        await Assertions.Expect(_page.Locator("#timeline")).ToContainTextAsync("Alice via console");

        await _page.FillAsync("#update-text", "Failing over to the secondary payment provider");
        await _page.CheckAsync("#update-audiences-leadership");
        await Assertions.Expect(_page.Locator("#update-publicTitle")).ToBeHiddenAsync();
        await _page.CheckAsync("#update-audiences-users");
        await Assertions.Expect(_page.Locator("#update-publicTitle")).ToBeVisibleAsync();
        await _page.FillAsync("#update-publicTitle", "Card payments failing");
        await _page.FillAsync("#update-impact", "Some card payments fail; retrying works");
        await _page.ClickAsync("#update button[type=submit]");
        await Assertions.Expect(_page.Locator("#updates")).ToContainTextAsync("Failing over to the secondary payment provider");
        await ScreenshotAsync("console-incident.png");

        var detail = await _api.IncidentAsync(id);
        Assert.Equal("acknowledged", detail["incident"]!["status"]!.GetValue<string>());
        Assert.Equal("Alice", detail["incident"]!["lead"]!.GetValue<string>());
        var update = Assert.Single(detail["updates"]!.AsArray())!;
        Assert.Equal("Failing over to the secondary payment provider", update["text"]!.GetValue<string>());
        Assert.Equal(["team", "leadership", "users"], update["audiences"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task A_bad_value_shows_the_apis_message_next_to_its_field()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "Search index lagging");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _api.PostJsonAsync($"api/incidents/{id}/ack", """{"by": "Bob"}""")).Status);
        await SignInAsync();
        await _page.GotoAsync($"{BaseUrl}/console/incidents/{id}");

        await _page.FillAsync("#update-text", "Reindexing");
        await _page.FillAsync("#update-nextUpdateBy", "2020-01-01T10:00");
        await _page.ClickAsync("#update button[type=submit]");

        var error = _page.Locator("#update [data-error-for=\"nextUpdateBy\"]");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToHaveTextAsync("must be in the future and at most 24 hours ahead");
        await Assertions.Expect(_page.Locator("#update-nextUpdateBy")).ToHaveAttributeAsync("aria-invalid", "true");

        // An action with neither an undo plan nor "irreversible": the API names "undo".
        await _page.FillAsync("#action-what", "Drop the search cache");
        await _page.FillAsync("#action-why", "Stale shards");
        await _page.FillAsync("#action-expectedEffect", "Lag drops");
        await _page.ClickAsync("#action button[type=submit]");
        await Assertions.Expect(_page.Locator("#action [data-error-for=\"undo\"]")).ToContainTextAsync("say how to undo this action");

        Assert.Empty((await _api.IncidentAsync(id))["updates"]!.AsArray());
        Assert.Empty((await _api.IncidentAsync(id))["actions"]!.AsArray());
    }

    [Fact]
    public async Task A_post_mortem_is_edited_and_completed_from_its_page()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "Orders stuck in pending");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _api.PostJsonAsync($"api/incidents/{id}/ack", """{"by": "Carol"}""")).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _api.PostJsonAsync($"api/incidents/{id}/resolve", """{"summary": "Queue consumer restarted"}""")).Status);
        await SignInAsync("Carol");

        // The draft is written by the orchestration shortly after resolution.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await _page.GotoAsync($"{BaseUrl}/console/incidents/{id}/postmortem"))!.Status != 200)
        {
            Assert.True(DateTime.UtcNow < deadline, $"INC {id} has no post-mortem page after 30 s");
            await Task.Delay(250);
        }

        _consoleErrors.Clear(); // the 404s of the wait above

        await _page.FillAsync("#postmortem-lessons", "Alert on consumer lag\nRunbook for the orders queue");
        await _page.ClickAsync("#postmortem button[type=submit]");
        await Assertions.Expect(_page.Locator("section.facts")).ToContainTextAsync("Runbook for the orders queue");
        await ScreenshotAsync("console-postmortem.png");

        _page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await _page.ClickAsync("#complete button[type=submit]");
        await Assertions.Expect(_page.Locator("#postmortem-status")).ToHaveTextAsync("completed");

        var postmortem = (await _api.GetAsync($"api/incidents/{id}/postmortem")).Json!;
        Assert.Equal(["Alert on consumer lag", "Runbook for the orders queue"], postmortem["lessons"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("Carol", postmortem["completedBy"]!.GetValue<string>());
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task The_reports_page_renders_under_the_content_security_policy()
    {
        await ConsoleIncidents.OpenAsync(_api, "Report row");
        await SignInAsync();

        await _page.GotoAsync(BaseUrl + "/console/reports");

        await Assertions.Expect(_page.Locator("#alert-review")).ToContainTextAsync("manual");
        await Assertions.Expect(_page.Locator("#response-times")).ToContainTextAsync("SEV2");
        Assert.Equal("true", await _page.GetAttributeAsync("html", "data-ready"));
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task A_heartbeat_is_added_switched_off_and_deleted_from_its_page_and_the_configurations_has_no_buttons()
    {
        var name = Payloads.Unique("console-hb");
        await SignInAsync("Ada"); // heartbeats are an Admin's to change
        await Assertions.Expect(_page.Locator("#signed-in")).ToContainTextAsync("Ada (Admin)");
        await _page.GotoAsync(BaseUrl + "/console/heartbeats");

        // A bad interval: the API's message beside the field, and nothing added.
        await _page.FillAsync("#add-heartbeat [name=name]", name);
        await _page.SelectOptionAsync("#add-heartbeat [name=service]", "heartbeats");
        await _page.FillAsync("#add-heartbeat [name=interval]", "2s");
        await _page.ClickAsync("#add-heartbeat button[type=submit]");
        await Assertions.Expect(_page.Locator("#add-heartbeat [data-error-for=\"interval\"]")).ToContainTextAsync("at least 5s");

        await _page.FillAsync("#add-heartbeat [name=interval]", "1d");
        await _page.FillAsync("#add-heartbeat [name=grace]", "1h");
        await _page.ClickAsync("#add-heartbeat button[type=submit]");
        var row = _page.Locator($"tr[data-heartbeat=\"{name}\"]");
        await Assertions.Expect(row).ToContainTextAsync("waiting for its first ping");
        await Assertions.Expect(row).ToContainTextAsync("1d (+1h grace)");

        await row.Locator("button", new() { HasText = "Disable" }).ClickAsync();
        await Assertions.Expect(_page.Locator($"tr[data-heartbeat=\"{name}\"][data-status=\"disabled\"]")).ToBeVisibleAsync();

        _page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await _page.Locator($"tr[data-heartbeat=\"{name}\"] button", new() { HasText = "Delete" }).ClickAsync();
        await Assertions.Expect(_page.Locator($"tr[data-heartbeat=\"{name}\"]")).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _api.GetAsync($"api/heartbeats/{name}")).Status);

        await Assertions.Expect(_page.Locator($"tr[data-heartbeat=\"{PipelineFixture.DeclaredHeartbeat}\"]")).ToContainTextAsync("in the configuration");
        await ScreenshotAsync("console-heartbeats.png");
        // The browser reports the refused 2s as a failed load; nothing else (no CSP violation, no script error).
        Assert.All(_consoleErrors, e => Assert.Contains("status of 400", e, StringComparison.Ordinal));
    }

    private Task SignInAsync(string who = "Alice") => BrowserSignIn.AsAsync(_page, BaseUrl, runtime.Twilio, who);

    private Task EnterCodeAsync(string who) => BrowserSignIn.EnterCodeAsync(_page, runtime.Twilio, who);

    private async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ChromiumFixture.ScreenshotDirectory);
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, name), FullPage = true });
    }
}
