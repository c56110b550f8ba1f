using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Application.Communication.Status;
using IncidentFunctions.Domain.Status;

namespace IncidentFunctions.Application.Tests.Communication.Status;

public sealed class StatusPageHtmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void With_nothing_open_the_page_says_all_systems_operational_and_that_nothing_was_resolved()
    {
        var html = StatusPageHtml.Render(new StatusPage(Now, true, [], []));

        Assert.Contains("All systems operational", html);
        Assert.Contains("No incidents were resolved in the last 7 days", html);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
    }

    [Fact]
    public void An_open_incident_shows_title_state_impact_next_update_and_updates_with_their_times()
    {
        var html = StatusPageHtml.Render(new StatusPage(Now, false, [Open()], []));

        Assert.Contains("<h2>Checkout payments failing for some customers</h2>", html);
        Assert.Contains(">Investigating</span>", html);
        Assert.Contains("Some card payments are declined.", html);
        Assert.Contains("Next update by <time datetime=\"2026-11-24T15:00:00Z\">15:00 UTC</time>", html);
        Assert.Contains("<time datetime=\"2026-11-24T14:20:00Z\">14:20 UTC</time>", html);
        Assert.DoesNotContain("All systems operational", html);
    }

    [Fact]
    public void Times_on_another_day_than_today_carry_their_date()
    {
        Assert.Equal("<time datetime=\"2026-11-25T00:15:00Z\" data-day>25 Nov 00:15 UTC</time>",
            StatusPageHtml.Time(new DateTimeOffset(2026, 11, 25, 1, 15, 0, TimeSpan.FromHours(1)), Now));
    }

    [Fact]
    public void Everything_written_by_people_is_encoded()
    {
        var hostile = Open() with
        {
            Title = "<script>alert(1)</script>",
            Impact = "\"x\" & 'y'",
            Updates = [new PublicUpdate(Now, "<img src=x onerror=alert(2)>")],
        };

        var html = StatusPageHtml.Render(new StatusPage(Now, false, [hostile], []));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&quot;x&quot; &amp; &#39;y&#39;", html);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html);
        Assert.DoesNotContain("<img", html);
        Assert.Single(html.Split("<script").Skip(1));
    }

    [Fact]
    public void A_resolved_incident_is_listed_with_its_resolution_time_and_summary_under_the_last_7_days()
    {
        var resolved = Open() with
        {
            Status = PublicState.Resolved,
            NextUpdateBy = null,
            ResolvedAt = Now.AddDays(-1),
            ResolutionSummary = "Card payments work again.",
        };

        var html = StatusPageHtml.Render(new StatusPage(Now, true, [], [resolved]));

        var section = html.IndexOf("Resolved in the last 7 days", StringComparison.Ordinal);
        Assert.True(section > 0 && html.IndexOf("<h3>Checkout payments failing", StringComparison.Ordinal) > section);
        Assert.Contains(">Resolved</span>", html);
        Assert.Contains("<time datetime=\"2026-11-23T14:30:00Z\" data-day>23 Nov 14:30 UTC</time>", html);
        Assert.Contains("Card payments work again.", html);
        Assert.DoesNotContain("Next update by", html);
    }

    [Fact]
    public void The_content_policy_allows_exactly_the_pages_own_inline_style_and_script()
    {
        var html = StatusPageHtml.Render(new StatusPage(Now, false, [Open()], []));

        Assert.Contains($"script-src '{Hash(Between(html, "<script>", "</script>"))}'", StatusPageHtml.ContentSecurityPolicy);
        Assert.Contains($"style-src '{Hash(Between(html, "<style>", "</style>"))}'", StatusPageHtml.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", StatusPageHtml.ContentSecurityPolicy);
    }

    [Fact]
    public void The_unavailable_page_claims_nothing_about_the_service_and_runs_no_script()
    {
        var html = StatusPageHtml.Unavailable();

        Assert.DoesNotContain("operational", html);
        Assert.DoesNotContain("<script", html);
    }

    private static PublicIncident Open() => new(
        "a1b2c3d4", "Checkout payments failing for some customers", PublicState.Investigating, "Some card payments are declined.",
        Now.AddMinutes(-40), Now.AddMinutes(-10), Now.AddMinutes(30), null, null,
        [new PublicUpdate(Now.AddMinutes(-10), "A fix is being deployed."), new PublicUpdate(Now.AddMinutes(-35), "We are investigating.")]);

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static string Hash(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
