using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole;

/// <summary>
/// The console's Maintenance page: a window opened through the console's API door (the cookie, as its form sends it)
/// is listed as active with the alert it holds back, ended with its End now button's call, and then listed as recent;
/// the reports page counts it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsoleMaintenancePageTests(PipelineFixture runtime)
{
    private readonly PipelineDriver _api = new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);

    [Fact]
    public async Task A_window_opened_and_ended_from_the_console_is_listed_with_its_suppressed_alert()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime, "Ada");
        var run = Payloads.Unique("console-mw");
        var end = DateTimeOffset.UtcNow.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        // What the page's form sends: services as a list, the local end as ISO, matchers as JSON; no "by" (Ada is signed in).
        var created = await console.PostAsync("maintenance", $$"""{"services": ["maint"], "end": "{{end}}", "matchers": {"run": "{{run}}"}, "reason": "<b>Disk</b> swap"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json!["id"]!.GetValue<string>();
        var alert = new JsonObject { ["title"] = "Disk SMART errors", ["dedupKey"] = run, ["severity"] = "error", ["labels"] = new JsonObject { ["run"] = run } };
        Assert.Equal("suppressed", Payloads.Result(await _api.PostAlertAsync("generic", "e2e-maint", alert.ToJsonString())));

        var (response, page) = await console.GetPageAsync("console/maintenance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var active = Between(page, "id=\"maintenance-active\"", "<h2>Upcoming</h2>");
        Assert.Contains($"data-window=\"{id}\"", active);
        Assert.Contains("&lt;b&gt;Disk&lt;/b&gt; swap", active);
        Assert.Contains("created by Ada", active);
        Assert.Contains($"<tr data-dedup-key=\"{run}\">", active);
        Assert.Contains($"data-api=\"maintenance/{id}/end\"", active);
        Assert.Contains("id=\"maintenance-create\"", page);
        Assert.Contains("href=\"/console/maintenance\"", page);

        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync($"maintenance/{id}/end", "{}")).Status);
        (_, page) = await console.GetPageAsync("console/maintenance");
        Assert.Contains($"data-window=\"{id}\"", Between(page, "<h2>Recent", "id=\"maintenance-create\""));
        Assert.DoesNotContain($"data-api=\"maintenance/{id}/end\"", page);

        (_, page) = await console.GetPageAsync("console/reports");
        Assert.Contains($"<a href=\"/console/maintenance#{id}\">{id}</a>", page);
    }

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{from}' is not on the page");
        var end = text.IndexOf(to, start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }
}
