using System.Net;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;

namespace IncidentFunctions.LocalRuntime.Tests.PagerTests;

/// <summary>The console's responders page and its Send test button, and the pager test flags on the reports page.</summary>
[Collection(PagerTestCollection.Name)]
public sealed class RespondersConsolePageTests(PagerTestFixture runtime)
{
    [Fact]
    public async Task The_responders_page_lists_methods_masked_flags_the_unconfirmed_and_has_a_send_test_form_for_the_signed_in_responder()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime.Client.BaseAddress!, ConsoleClient.TextsOf(runtime.Twilio));

        var (response, page) = await console.GetPageAsync("console/responders");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<a href=\"/console/responders\" aria-current=\"page\">Responders</a>", page, StringComparison.Ordinal);
        Assert.Contains("<table id=\"responders\">", page, StringComparison.Ordinal);
        Assert.Contains("<tbody data-responder=\"Fay\">", page, StringComparison.Ordinal);
        Assert.Contains("(on no schedule or policy)", page, StringComparison.Ordinal);
        // Alice is a Responder: her own pager's button, nobody else's (an Admin tests anyone's).
        Assert.Contains("data-api=\"responders/Alice/test\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-api=\"responders/Erin/test\"", page, StringComparison.Ordinal);
        Assert.Contains("<td>sms +1555…0006</td>", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain(PagerTestFixture.Fay, page, StringComparison.Ordinal);
        Assert.DoesNotContain(PagerTestFixture.AliceMail, page, StringComparison.Ordinal);
        // Dana is in the policy and never confirms anything.
        Assert.Matches("Not known to be reachable: [^<]*Dana", page);
    }

    [Fact]
    public async Task Send_test_through_the_console_api_sends_one_and_a_second_within_a_minute_is_refused_naming_the_responder()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime.Client.BaseAddress!, ConsoleClient.TextsOf(runtime.Twilio), "Fay");

        var sent = await console.PostAsync("responders/Fay/test", "{}");
        var again = await console.PostAsync("responders/Fay/test", "{}");
        var withoutHeader = await console.ApiAsync(HttpMethod.Post, "responders/Fay/test", "{}", consoleHeader: false);

        Assert.Equal(HttpStatusCode.Accepted, sent.Status);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PagerTestFixture.Fay && m.Body.StartsWith("Pager test for Fay", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal((HttpStatusCode.TooManyRequests, "name"), (again.Status, again.Json!["field"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, withoutHeader.Status);

        var (_, page) = await console.GetPageAsync("console/responders");
        var fay = page[page.IndexOf("<tbody data-responder=\"Fay\"", StringComparison.Ordinal)..];
        fay = fay[..fay.IndexOf("</tbody>", StringComparison.Ordinal)];
        Assert.Contains("sent, not confirmed", fay, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reports_page_lists_on_call_people_a_page_may_not_reach()
    {
        using var console = await ConsoleClient.SignedInAsync(runtime.Client.BaseAddress!, ConsoleClient.TextsOf(runtime.Twilio));

        var (response, page) = await console.GetPageAsync("console/reports");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<table id=\"pager-test-flags\">", page, StringComparison.Ordinal);
        Assert.Contains("<td><a href=\"/console/responders\">Dana</a></td><td>sms +1555…0004</td>", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        // Fay is on no schedule and in no policy: a page never reaches her, so nothing to flag.
        Assert.DoesNotContain(">Fay</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_responders_page_needs_a_session()
    {
        using var browser = new ConsoleClient(runtime.Client.BaseAddress!);

        var (response, _) = await browser.GetPageAsync("console/responders");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/console/login?next=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
