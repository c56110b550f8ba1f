using System.Net;
using System.Text.RegularExpressions;
using IncidentFunctions.LocalRuntime.Tests.PagerTests;
using IncidentFunctions.LocalRuntime.Tests.WebConsole;

namespace IncidentFunctions.LocalRuntime.Tests.Identity;

/// <summary>Signing in with a code mailed to the address given: a real SMTP server receives it, its subject holds no code, and the code signs in.</summary>
[Collection(PagerTestCollection.Name)]
public sealed partial class EmailSignInTests(PagerTestFixture runtime)
{
    [Fact]
    public async Task An_email_address_gets_its_code_by_mail_and_the_code_signs_its_responder_in()
    {
        using var browser = new ConsoleClient(runtime.Client.BaseAddress!);
        var asked = DateTimeOffset.UtcNow;

        using var ask = await browser.PostFormAsync("console/login", new Dictionary<string, string> { ["who"] = PagerTestFixture.HalMail.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var mail = await runtime.Smtp.WaitForMailAsync(
            m => m.EnvelopeTo.Contains(PagerTestFixture.HalMail) && m.Message.Subject == "Your IncidentFunctions sign-in code" && m.Message.Date >= asked.AddSeconds(-1),
            TimeSpan.FromSeconds(30));
        var code = Code().Match(mail.Message.TextBody).Groups[1].Value;
        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(code, mail.Message.Subject, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Message.Headers["Auto-Submitted"]);
        Assert.Contains(code, mail.Message.HtmlBody, StringComparison.Ordinal);

        using var signedIn = await browser.EnterCodeAsync(PagerTestFixture.HalMail, code);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var (_, page) = await browser.GetPageAsync("console");
        Assert.Contains("Hal <small>(Responder)</small>", page, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"sign-in code: (\d{6})")]
    private static partial Regex Code();
}
