using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Domain.Identity;
using IncidentFunctions.Application.Tests.Notifications.Sms;
using IncidentFunctions.Application.WebConsole;
using IncidentFunctions.Domain.Configuration;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.Tests.WebConsole;

public sealed class ConsoleSessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_session_names_its_person_lasts_its_lifetime_and_ends_when_the_key_is_rotated()
    {
        var time = new ManualTimeProvider(Start);
        var cookie = await IssueAsync(Session("admin-key-123", time), Alice, "sms:" + Alice.Phone);

        Assert.DoesNotContain("admin-key-123", cookie);
        Assert.DoesNotContain(Alice.Phone, cookie);
        var actor = Session("admin-key-123", time).Actor(RequestWith(cookie));
        Assert.Equal(("Alice", AccessRole.Responder, Channels.Console), (actor?.Name, actor?.Role, actor?.Via));
        Assert.Null(Session("rotated-key-456", time).Actor(RequestWith(cookie)));

        time.Advance(ConsoleSession.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(Session("admin-key-123", time).IsSignedIn(RequestWith(cookie)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Session("admin-key-123", time).IsSignedIn(RequestWith(cookie)));
    }

    [Fact]
    public async Task A_session_ends_when_the_method_its_code_went_to_is_no_longer_the_persons()
    {
        var time = new ManualTimeProvider(Start);
        var cookie = await IssueAsync(Session("admin-key-123", time), Alice, "sms:" + Alice.Phone);

        var moved = Session("admin-key-123", time, Alice with { Phone = "+15550100099" });
        Assert.Null(moved.Actor(RequestWith(cookie)));
        var gone = Session("admin-key-123", time, new ResponderConfig("Bob", "+15550100002"));
        Assert.Null(gone.Actor(RequestWith(cookie)));
    }

    [Fact]
    public async Task A_cookie_changed_to_name_someone_else_is_no_session()
    {
        var time = new ManualTimeProvider(Start);
        var cookie = await IssueAsync(Session("admin-key-123", time), Alice, "sms:" + Alice.Phone);
        var parts = cookie.Split('.');
        var forged = string.Join('.', parts[0], System.Buffers.Text.Base64Url.EncodeToString("Bob"u8), parts[2]);

        Assert.Null(Session("admin-key-123", time, Alice, new ResponderConfig("Bob", "+15550100002")).Actor(RequestWith(forged)));
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

    private static readonly ResponderConfig Alice = new("Alice", "+15550100001");

    private static ConsoleSession Session(string key, TimeProvider time, params ResponderConfig[] responders)
    {
        var config = new IncidentConfigProvider(new IncidentConfig { AdminApiKey = key, Responders = responders.Length == 0 ? [Alice] : responders }, "test.json");
        return new(config, time, new PlatformAuthentication(enabled: false, behindFrontEnd: false, config));
    }

    private static async Task<string> IssueAsync(ConsoleSession session, ResponderConfig responder, string method)
    {
        var context = new DefaultHttpContext();
        await session.SignIn(context.Request, Results.Empty, responder, method).ExecuteAsync(context);
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
