using IncidentFunctions.Application.WebConsole;

namespace IncidentFunctions.Application.Tests.WebConsole;

public sealed class HtmlTests
{
    [Fact]
    public void Every_hole_is_encoded_unless_it_is_markup()
    {
        var title = "<script>alert('x')</script> & \"more\"";
        var bold = new Markup("<b>kept</b>");

        var html = Html.Of($"<td title=\"{title}\">{title}{bold}{new[] { bold, bold }}{42}</td>").ToString();

        Assert.Equal(
            "<td title=\"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot;\">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot;<b>kept</b><b>kept</b><b>kept</b>42</td>",
            html);
    }

    [Fact]
    public void Text_outside_ascii_stays_readable()
    {
        Assert.Equal("Café — 5 ms", Html.Of($"{"Café — 5 ms"}").ToString());
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/path")]
    public void Only_http_addresses_become_links(string url)
    {
        var html = Html.ExternalLink(url).ToString();

        Assert.DoesNotContain("<a ", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public void An_http_address_becomes_a_link_that_opens_apart()
    {
        Assert.Equal("<a href=\"https://runbooks.example/a?b=1&amp;c=2\" rel=\"noopener noreferrer\" target=\"_blank\">runbook</a>",
            Html.ExternalLink("https://runbooks.example/a?b=1&c=2", "runbook").ToString());
    }

    [Fact]
    public void Times_are_utc_in_the_markup_for_the_script_to_localise()
    {
        var at = new DateTimeOffset(2026, 11, 24, 16, 30, 5, TimeSpan.FromHours(1));

        Assert.Equal("<time datetime=\"2026-11-24T15:30:05Z\">2026-11-24 15:30 UTC</time>", Html.Time(at).ToString());
        Assert.Equal("—", Html.Time(null).ToString());
    }

    [Theory]
    [InlineData(42, "42s")]
    [InlineData(7 * 60 + 3, "7m")]
    [InlineData(3 * 3600 + 5 * 60, "3h 5m")]
    [InlineData(2 * 86400 + 4 * 3600, "2d 4h")]
    [InlineData(-5, "0s")]
    public void Spans_read_at_a_glance(int seconds, string expected)
    {
        Assert.Equal(expected, Html.Span(TimeSpan.FromSeconds(seconds)));
    }
}
