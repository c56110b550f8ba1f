using System.Net;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole;

/// <summary>Signing in by one-time code, the session cookie that names the person, and what the console refuses without it.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ConsoleAuthTests(PipelineFixture runtime)
{
    [Theory]
    [InlineData("console", "%2Fconsole")]
    [InlineData("console/incidents/1", "%2Fconsole%2Fincidents%2F1")]
    [InlineData("console/incidents/1/postmortem", "%2Fconsole%2Fincidents%2F1%2Fpostmortem")]
    [InlineData("console/reports?since=2026-11-01", "%2Fconsole%2Freports%3Fsince%3D2026-11-01")]
    public async Task Pages_without_a_session_redirect_to_the_login_and_back(string path, string next)
    {
        using var browser = new ConsoleClient(runtime);

        var (response, _) = await browser.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/console/login?next=" + next, response.Headers.Location!.OriginalString);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task The_console_api_without_a_session_answers_401_problem_json()
    {
        using var browser = new ConsoleClient(runtime);

        var reply = await browser.ApiAsync(HttpMethod.Get, "incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType!.MediaType);
        Assert.Equal("incident_console", reply.Json!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_login_form_is_served_with_the_console_headers()
    {
        using var browser = new ConsoleClient(runtime);

        var (response, body) = await browser.GetPageAsync("console/login?next=%2Fconsole%2Freports");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"who\"", body);
        Assert.DoesNotContain("Admin key", body);
        Assert.Contains("value=\"/console/reports\"", body);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_admin_key_no_longer_signs_anyone_in_to_the_console()
    {
        using var browser = new ConsoleClient(runtime);

        using var response = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["key"] = PipelineFixture.AdminKey });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(ConsoleClient.SessionCookie(response));
        Assert.Contains("data-error-for=\"who\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_code_goes_to_the_persons_own_phone_and_is_not_in_the_page()
    {
        using var browser = new ConsoleClient(runtime);
        var before = browser.SignInCodes();

        using var response = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = "Carol", ["next"] = "/console/reports" });
        var body = await response.Content.ReadAsStringAsync();

        var sent = (browser.SignInCodes()).Except(before).Single();
        Assert.Equal(PipelineFixture.Carol, sent.To);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"code\"", body);
        Assert.Contains("value=\"/console/reports\"", body);
        Assert.DoesNotContain(sent.Code, body);
        Assert.Null(ConsoleClient.SessionCookie(response));
    }

    [Fact]
    public async Task A_name_nobody_has_gets_the_same_page_and_nothing_is_sent()
    {
        using var browser = new ConsoleClient(runtime);
        var before = browser.SignInCodes();

        using var response = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = "Mallory" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("If Mallory is a responder here, a code is on its way", await response.Content.ReadAsStringAsync());
        Assert.Equal(before.Count, (browser.SignInCodes()).Count);
        using var guessed = await browser.EnterCodeAsync("Mallory", "123456");
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Null(ConsoleClient.SessionCookie(guessed));
    }

    [Fact]
    public async Task A_wrong_code_shows_the_form_again_with_the_tries_left_and_no_cookie()
    {
        using var browser = new ConsoleClient(runtime);
        var code = await browser.AskForCodeAsync("Bob");

        using var response = await browser.EnterCodeAsync("Bob", Wrong(code), next: "/console/reports");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(ConsoleClient.SessionCookie(response));
        Assert.Contains("<span class=\"error\" id=\"login-code-error\" data-error-for=\"code\" role=\"alert\">That is not the code. A code takes 5 tries in all.</span>", body);
        Assert.Contains("aria-invalid=\"true\"", body);
        Assert.Contains("value=\"/console/reports\"", body);

        using var right = await browser.EnterCodeAsync("Bob", code);
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_tries_spend_the_code()
    {
        using var browser = new ConsoleClient(runtime);
        var code = await browser.AskForCodeAsync("Erin");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.EnterCodeAsync("Erin", Wrong(code));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var response = await browser.EnterCodeAsync("Erin", code);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(ConsoleClient.SessionCookie(response));
        Assert.Contains("cannot be used again", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_code_signs_in_once()
    {
        using var first = new ConsoleClient(runtime);
        var code = await first.AskForCodeAsync("Carol");
        using var signedIn = await first.EnterCodeAsync("Carol", code);
        Assert.NotNull(ConsoleClient.SessionCookie(signedIn));

        using var second = new ConsoleClient(runtime);
        using var again = await second.EnterCodeAsync("Carol", code);

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Null(ConsoleClient.SessionCookie(again));
    }

    [Fact]
    public async Task The_right_code_sets_an_http_only_strict_cookie_naming_the_person_and_redirects_to_next()
    {
        using var browser = new ConsoleClient(runtime);
        var code = await browser.AskForCodeAsync("Lee");

        using var response = await browser.EnterCodeAsync("Lee", code, next: "/console/reports");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/console/reports", response.Headers.Location!.OriginalString);
        var cookie = ConsoleClient.SessionCookie(response)!.ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("path=/console", cookie);
        Assert.DoesNotContain("secure", cookie);
        Assert.DoesNotContain(PipelineFixture.AdminKey.ToLowerInvariant(), cookie);
        Assert.DoesNotContain(PipelineFixture.Lee, cookie);
        Assert.DoesNotContain(code, cookie);

        var (loginAgain, _) = await browser.GetPageAsync("console/login?next=%2Fconsole%2Freports");
        Assert.Equal((HttpStatusCode.SeeOther, "/console/reports"), (loginAgain.StatusCode, loginAgain.Headers.Location!.OriginalString));

        var (page, body) = await browser.GetPageAsync("console");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl!.ToString());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        // Lee is the configuration's leadership, not an admin: a Responder, named in the header.
        Assert.Contains("<span class=\"signed-in\" id=\"signed-in\" title=\"What you do here is recorded as you\">Lee <small>(Responder)</small></span>", body);
        Assert.DoesNotContain("acting-as", body);
        Assert.Equal(HttpStatusCode.OK, (await browser.ApiAsync(HttpMethod.Get, "incidents")).Status);
    }

    [Fact]
    public async Task The_cookie_is_secure_when_the_browser_used_https()
    {
        using var browser = new ConsoleClient(runtime);
        var code = await browser.AskForCodeAsync("Alice");

        using var response = await browser.EnterCodeAsync("Alice", code, headers: new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });

        Assert.Contains("; secure", ConsoleClient.SessionCookie(response)!.ToLowerInvariant());
    }

    [Theory]
    [InlineData("https://evil.example/console")]
    [InlineData("//evil.example/console")]
    [InlineData("/console//evil.example")]
    [InlineData("/api/incidents")]
    [InlineData("/console\r\nSet-Cookie: x=1")]
    public async Task After_sign_in_only_console_addresses_are_followed(string next)
    {
        using var browser = new ConsoleClient(runtime);
        var code = await browser.AskForCodeAsync("Alice");

        using var response = await browser.EnterCodeAsync("Alice", code, next);

        Assert.Equal("/console", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_posted_from_another_site_is_refused_at_both_steps()
    {
        using var browser = new ConsoleClient(runtime);
        var crossSite = new Dictionary<string, string> { ["Origin"] = "https://evil.example", ["Sec-Fetch-Site"] = "cross-site" };
        var before = browser.SignInCodes();

        using var ask = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = "Alice" }, crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, ask.StatusCode);
        Assert.Equal(before.Count, (browser.SignInCodes()).Count);

        var code = await browser.AskForCodeAsync("Alice");
        using var response = await browser.EnterCodeAsync("Alice", code, headers: crossSite);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(ConsoleClient.SessionCookie(response));
    }

    [Theory]
    [InlineData("1999999999.QWxpY2U.AAAA")]
    [InlineData("1999999999.AAAA")]
    [InlineData("not-a-session")]
    [InlineData("")]
    public async Task A_forged_cookie_is_not_a_session(string value)
    {
        using var browser = new ConsoleClient(runtime) { Cookie = "incident_console=" + value };

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.ApiAsync(HttpMethod.Get, "incidents")).Status);
    }

    [Fact]
    public async Task A_cookie_with_its_expiry_pushed_back_is_not_a_session()
    {
        using var browser = await ConsoleClient.SignedInAsync(runtime);
        var value = browser.Cookie!["incident_console=".Length..];
        var dot = value.IndexOf('.', StringComparison.Ordinal); // expiry.name.mac
        browser.Cookie = "incident_console=" + (long.Parse(value[..dot], System.Globalization.CultureInfo.InvariantCulture) + 86_400) + value[dot..];

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.ApiAsync(HttpMethod.Get, "incidents")).Status);
    }

    [Fact]
    public async Task A_command_without_the_console_header_is_refused_as_possible_csrf()
    {
        using var browser = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(Driver(), "CSRF probe");

        var reply = await browser.ApiAsync(HttpMethod.Post, $"incidents/{id}/ack", """{"by": "Alice"}""", consoleHeader: false);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("X-Console", reply.Json!["field"]!.GetValue<string>());
        Assert.Equal("triggered", (await Driver().IncidentAsync(id))["incident"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_command_from_another_origin_is_refused_even_with_the_header(string header, string value)
    {
        using var browser = await ConsoleClient.SignedInAsync(runtime);

        var reply = await browser.ApiAsync(HttpMethod.Post, "incidents/1/notes", """{"text": "x"}""", headers: new Dictionary<string, string> { [header] = value });

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal(header, reply.Json!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_command_from_our_own_origin_is_accepted()
    {
        using var browser = await ConsoleClient.SignedInAsync(runtime);
        var id = await ConsoleIncidents.OpenAsync(Driver(), "Same-origin probe");
        var origin = runtime.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var reply = await browser.ApiAsync(HttpMethod.Post, $"incidents/{id}/notes", """{"text": "seen from the console"}""",
            headers: new Dictionary<string, string> { ["Origin"] = origin, ["Sec-Fetch-Site"] = "same-origin" });

        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    [Fact]
    public async Task Signing_out_clears_the_cookie()
    {
        using var browser = await ConsoleClient.SignedInAsync(runtime);

        using var request = new HttpRequestMessage(HttpMethod.Post, "console/logout");
        request.Headers.Add("Cookie", browser.Cookie);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = runtime.Client.BaseAddress };
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/console/login", response.Headers.Location!.OriginalString);
        var cleared = ConsoleClient.SessionCookie(response)!;
        Assert.StartsWith("incident_console=;", cleared);
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Six digits that are not <paramref name="code"/>.</summary>
    private static string Wrong(string code) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private PipelineDriver Driver() => new(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);
}
