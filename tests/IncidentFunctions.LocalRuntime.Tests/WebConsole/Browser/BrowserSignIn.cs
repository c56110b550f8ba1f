using IncidentFunctions.Testing;
using Microsoft.Playwright;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole.Browser;

/// <summary>Signing in on the console's login form as a person does: their name, then the code their phone (the fake Twilio) received.</summary>
public static class BrowserSignIn
{
    /// <summary>From the login page the browser is on (or was sent to): fills the name, reads the new code, enters it.</summary>
    public static async Task EnterCodeAsync(IPage page, FakeTwilioServer phones, string who)
    {
        var texts = ConsoleClient.TextsOf(phones);
        var before = texts().Count;
        await page.FillAsync("#login-who", who);
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#login-code")).ToBeVisibleAsync();
        var code = texts().Skip(before).Select(t => System.Text.RegularExpressions.Regex.Match(t.Body, @"sign-in code: (\d{6})")).Single(m => m.Success).Groups[1].Value;
        await page.FillAsync("#login-code-input", code);
        await page.ClickAsync("#login-code button[type=submit]");
    }

    public static async Task AsAsync(IPage page, string baseUrl, FakeTwilioServer phones, string who)
    {
        await page.GotoAsync(baseUrl + "/console/login");
        await EnterCodeAsync(page, phones, who);
        await page.WaitForURLAsync(baseUrl + "/console");
    }
}
