using IncidentFunctions.Testing;
using Microsoft.Playwright;

namespace IncidentFunctions.LocalRuntime.Tests.WebConsole.Browser;

/// <summary>
/// Headless Chromium driven by Playwright. The browser is the system's (Debian's chromium package, which ./test.sh
/// installs when missing), not one Playwright downloads: CHROMIUM_PATH overrides /usr/bin/chromium. A missing browser
/// fails every browser test with that message rather than skipping them.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string PathVariable = "CHROMIUM_PATH";
    private const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    /// <summary>TestResults/screenshots at the repository root (git-ignored).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepoRoot.Find(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {path}, and it is not there. Install Debian's package " +
                $"(sudo apt-get install -y chromium; ./test.sh does this itself) or set {PathVariable} to a Chromium binary.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
