using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Tests.Notifications.Sms;
using IncidentFunctions.Application.WebConsole;
using IncidentFunctions.Domain.Configuration;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Tests.WebConsole;

public sealed class ConsoleSessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("admin-key-123", true)]
    [InlineData("admin-key-12", false)]
    [InlineData("admin-key-1234", false)]
    [InlineData("ADMIN-KEY-123", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_the_admin_key_itself_signs_in(string? presented, bool expected)
    {
        Assert.Equal(expected, Session("admin-key-123", new ManualTimeProvider(Start)).IsAdminKey(presented));
    }

    [Fact]
    public async Task A_session_lasts_its_lifetime_and_ends_when_the_key_is_rotated()
    {
        var time = new ManualTimeProvider(Start);
        var cookie = await IssueAsync(Session("admin-key-123", time));

        Assert.DoesNotContain("admin-key-123", cookie);
        Assert.True(Session("admin-key-123", time).IsSignedIn(RequestWith(cookie)));
        Assert.False(Session("rotated-key-456", time).IsSignedIn(RequestWith(cookie)));

        time.Advance(ConsoleSession.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(Session("admin-key-123", time).IsSignedIn(RequestWith(cookie)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Session("admin-key-123", time).IsSignedIn(RequestWith(cookie)));
    }

    [Theory]
    [InlineData("https://console.example", null, true)]
    [InlineData("https://evil.example", null, false)]
    [InlineData(null, "same-origin", true)]
    [InlineData(null, "cross-site", false)]
    [InlineData(null, "same-site", false)]
    [InlineData("null", null, false)]
    public void Commands_must_come_from_the_consoles_own_origin(string? origin, string? fetchSite, bool allowed)
    {
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString("console.example");
        request.Headers[ConsoleSession.CsrfHeader] = "1";
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        Assert.Equal(allowed, ConsoleSession.CrossSiteReason(request, requireConsoleHeader: true) is null);
    }

    private static ConsoleSession Session(string key, TimeProvider time) =>
        new(new IncidentConfigProvider(new IncidentConfig { AdminApiKey = key }, "test.json"), time);

    private static async Task<string> IssueAsync(ConsoleSession session)
    {
        var context = new DefaultHttpContext();
        await session.SignIn(context.Request, Results.Empty).ExecuteAsync(context);
        var header = context.Response.Headers.SetCookie.ToString();
        return header[(ConsoleSession.CookieName.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
    }

    private static HttpRequest RequestWith(string cookie)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = $"{ConsoleSession.CookieName}={cookie}";
        return request;
    }
}
