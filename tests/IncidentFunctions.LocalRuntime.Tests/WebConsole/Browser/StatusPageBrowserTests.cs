using System.Net;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using Microsoft.Playwright;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole.Browser;

/// <summary>
/// The public status page in a real browser, as users see it (with and without JavaScript), and the whole path from
/// a responder's console to it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class StatusPageBrowserTests(PipelineFixture runtime, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const float Deadline = 20_000;

    /// <summary>The page is built at most every 5 s, so a fresh update can take that long to show.</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(20);

    private readonly PipelineDriver _api = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    private string BaseUrl => runtime.Host.BaseUrl;

    [Fact]
    public async Task Users_see_the_update_written_for_them_and_nothing_internal_even_without_javascript()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "db-primary-7 replication lag 934 s");
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync($"api/incidents/{id}/ack", """{"by": "Alice"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostJsonAsync($"api/incidents/{id}/notes", """{"text": "internal: failover script 4471 is flaky", "kind": "finding"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostJsonAsync($"api/incidents/{id}/updates", """{"text": "team only: promoting replica 5521", "audiences": ["team", "leadership"]}""")).Status);
        var nextUpdateBy = DateTimeOffset.UtcNow.AddMinutes(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostJsonAsync($"api/incidents/{id}/updates",
            """{"text": "Orders placed in the last hour may show as pending; no payment is lost.", "audiences": ["users"], "publicTitle": "Delayed order confirmations", "impact": "Order confirmations arrive late", "nextUpdateBy": "NEXT"}""".Replace("NEXT", nextUpdateBy))).Status);

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        var article = await WaitForArticleAsync(page, "Delayed order confirmations");

        await Assertions.Expect(article).ToContainTextAsync("Order confirmations arrive late");
        await Assertions.Expect(article).ToContainTextAsync("no payment is lost");
        await Assertions.Expect(article).ToContainTextAsync("Next update by");
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var secret in new[] { "db-primary-7", "4471", "5521", "Alice", PipelineFixture.Alice, "manual" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("status-page-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task A_script_in_a_public_title_is_shown_as_text_and_never_runs()
    {
        const string title = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">";
        var id = await ConsoleIncidents.OpenAsync(_api, "Search degraded");
        Assert.Equal(HttpStatusCode.OK, (await _api.PostJsonAsync($"api/incidents/{id}/ack", """{"by": "Bob"}""")).Status);
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["text"] = "Search results may be incomplete.",
            ["audiences"] = new System.Text.Json.Nodes.JsonArray("users"),
            ["publicTitle"] = title,
        };
        Assert.Equal(HttpStatusCode.Created, (await _api.PostJsonAsync($"api/incidents/{id}/updates", body.ToJsonString())).Status);

        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var article = await WaitForArticleAsync(page, title);

        await Assertions.Expect(article.Locator("h2")).ToHaveTextAsync(title);
        Assert.False(await page.EvaluateAsync<bool>("() => window.pwned === true"));
        Assert.Equal(0, await page.Locator("main script, main img").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_update_for_users_posted_in_the_console_appears_on_the_status_page()
    {
        var id = await ConsoleIncidents.OpenAsync(_api, "payments-gw 502 rate 31%");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "America/New_York", Locale = "en-US" });
        context.SetDefaultTimeout(Deadline);
        var page = await context.NewPageAsync();

        await BrowserSignIn.AsAsync(page, BaseUrl, runtime.Twilio, "Carol");
        await page.GotoAsync($"{BaseUrl}/console/incidents/{id}");
        await page.ClickAsync("#ack button[type=submit]");
        await Assertions.Expect(page.Locator("#incident-status")).ToHaveTextAsync("acknowledged");

        await page.FillAsync("#update-text", "Card payments are failing for about a third of customers; we are switching providers.");
        await page.CheckAsync("#update-audiences-users");
        await page.FillAsync("#update-publicTitle", "Card payments failing");
        await page.FillAsync("#update-impact", "About 1 in 3 card payments fail; retrying may work");
        await page.ClickAsync("#update button[type=submit]");
        await Assertions.Expect(page.Locator("#updates")).ToContainTextAsync("switching providers");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("console-incident-update-for-users.png"), FullPage = true });

        var status = await context.NewPageAsync();
        var article = await WaitForArticleAsync(status, "Card payments failing");
        await Assertions.Expect(article).ToContainTextAsync("switching providers");
        await Assertions.Expect(article).ToContainTextAsync("About 1 in 3 card payments fail");
        Assert.DoesNotContain("payments-gw", await status.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await status.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("status-page.png"), FullPage = true });
    }

    /// <summary>Reloads /status until an incident with <paramref name="title"/> is on it, or fails at the deadline.</summary>
    private async Task<ILocator> WaitForArticleAsync(IPage page, string title)
    {
        var deadline = DateTime.UtcNow + Freshness;
        while (true)
        {
            var response = await page.GotoAsync(BaseUrl + "/status");
            Assert.Equal(200, response!.Status);
            var article = page.Locator("article").Filter(new LocatorFilterOptions { Has = page.Locator("h2", new PageLocatorOptions { HasTextString = title }) });
            if (await article.CountAsync() == 1)
            {
                return article;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{title}' is not on the status page after {Freshness.TotalSeconds} s:\n{await page.Locator("body").InnerTextAsync()}");
            await Task.Delay(250);
        }
    }

    private static string Screenshot(string name)
    {
        Directory.CreateDirectory(ChromiumFixture.ScreenshotDirectory);
        return Path.Combine(ChromiumFixture.ScreenshotDirectory, name);
    }
}
