using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Identity;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Application.Reports;
using IncidentFunctions.Application.Storage;
using Microsoft.AspNetCore.Http;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The console's pages: sign-in and sign-out, open incidents, one incident, its post-mortem, reports, responders (and
/// their pager tests), and the script and stylesheet. Pages read storage directly; every change goes through /console/api to the API's own handlers.
/// </summary>
public sealed class ConsoleHandler(
    ConsoleSession session, SignInService signIn, PlatformAuthentication platform, IncidentQueries queries, ReportBuilder reports, PagerTestRoster roster,
    Heartbeats.HeartbeatService heartbeats, IncidentConfigProvider config, TimeProvider time, Maintenance.MaintenanceService maintenance, IdentityStore identities)
{
    private const int MaxListed = 500;
    private const int ListRefreshSeconds = 30;
    private const int MaxFieldLength = 320;
    private static readonly TimeSpan DefaultReportPeriod = TimeSpan.FromDays(30);

    /// <summary>Where App Service Authentication signs a person in with Entra ID, and out again.</summary>
    private const string PlatformLogin = "/.auth/login/aad?post_login_redirect_uri=";
    private const string PlatformLogout = "/.auth/logout?post_logout_redirect_uri=/console";

    private IReadOnlyList<string> Responders => config.Current.Responders.Select(r => r.Name).ToList();

    public IResult LoginForm(HttpRequest request)
    {
        var next = SafeNext(request.Query["next"].FirstOrDefault());
        if (session.IsSignedIn(request))
        {
            return ConsoleResults.SeeOther(next);
        }

        return platform.Enabled
            ? ConsoleResults.SeeOther(PlatformLogin + Uri.EscapeDataString(next))
            : ConsoleResults.Page(LoginPage.Render(next, null));
    }

    /// <summary>Step one: a person names themselves and a code goes to their own phone (or the address they gave).</summary>
    public async Task<IResult> LoginAsync(HttpRequest request, CancellationToken ct)
    {
        var (login, refusal) = await ReadLoginFormAsync(request, ct);
        if (login is not var (form, next, who))
        {
            return refusal!;
        }

        var asked = await signIn.RequestCodeAsync(who, platform.ClientAddress(request), ct);
        if (asked.RetryAt is { } retryAt)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((retryAt - time.GetUtcNow()).TotalSeconds));
            return new HeaderResult(ConsoleResults.Page(LoginPage.Render(next, $"Too many codes asked for: try again in {Wait(seconds)}."), StatusCodes.Status429TooManyRequests),
                "Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        if (asked.Failure is { } failure)
        {
            return ConsoleResults.Page(LoginPage.Render(next, failure), StatusCodes.Status502BadGateway);
        }

        return ConsoleResults.Page(LoginPage.RenderCode(next, who, null));
    }

    /// <summary>Step two: the code signs the person in once, and the cookie names them.</summary>
    public async Task<IResult> LoginCodeAsync(HttpRequest request, CancellationToken ct)
    {
        var (login, refusal) = await ReadLoginFormAsync(request, ct);
        if (login is not var (form, next, who))
        {
            return refusal!;
        }

        var checkedCode = await signIn.CheckAsync(who, form["code"].FirstOrDefault(), ct);
        return checkedCode.Check switch
        {
            SignInCodeCheck.Accepted => session.SignIn(request, ConsoleResults.SeeOther(next), checkedCode.Responder!, checkedCode.Method!),
            SignInCodeCheck.Malformed => ConsoleResults.Page(LoginPage.RenderCode(next, who, "The code is six digits."), StatusCodes.Status400BadRequest),
            // The same words whether or not the name is anyone's (how many tries are left would tell).
            SignInCodeCheck.Wrong => ConsoleResults.Page(LoginPage.RenderCode(next, who, $"That is not the code. A code takes {SignInCode.MaxTries} tries in all."),
                StatusCodes.Status401Unauthorized),
            SignInCodeCheck.Expired => ConsoleResults.Page(LoginPage.Render(next, $"That code is older than {SignInCode.Lifetime.TotalMinutes:0} minutes: ask for a new one."), StatusCodes.Status401Unauthorized),
            _ => ConsoleResults.Page(LoginPage.Render(next, "That code cannot be used again (used, or too many wrong tries): ask for a new one."), StatusCodes.Status401Unauthorized),
        };
    }

    public IResult Logout(HttpRequest request) =>
        ConsoleSession.CrossSiteReason(request, requireConsoleHeader: false) is { } crossSite
            ? ConsoleResults.Page(LoginPage.Render("/console", crossSite.Detail), StatusCodes.Status403Forbidden)
            : ConsoleSession.SignOut(request, ConsoleResults.SeeOther(platform.Enabled ? PlatformLogout : "/console/login"));

    /// <summary>The person's API tokens: make one (shown once), see when each was used, revoke.</summary>
    public async Task<IResult> TokensAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var actor = SignedIn(request);
        var tokens = await identities.ListTokensAsync(actor.Name, ct);
        return Page(request, "API tokens", TokensPage.Render(actor, tokens, time.GetUtcNow()), "tokens");
    }

    public async Task<IResult> IncidentsAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var resolved = request.Query["status"].FirstOrDefault() == "resolved";
        var incidents = (await queries.ListAsync(null, MaxListed, ct))
            .Where(i => resolved == i.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
            .ToList();
        var heading = resolved ? "Resolved incidents" : "Open incidents";
        // The list has no forms to lose, so it refreshes itself for whoever keeps it open on a wall screen.
        return ConsoleResults.Page(ConsoleLayout.Render(heading, IncidentListPage.Render(heading, incidents, time.GetUtcNow(), open: !resolved), SignedIn(request),
            resolved ? "resolved" : "incidents", refreshSeconds: ListRefreshSeconds));
    }

    public async Task<IResult> IncidentAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        if (!IncidentIds.TryParse(id, out var number) || await queries.GetDetailAsync(number, ct) is not { } found)
        {
            return NotFound(request, id);
        }

        var model = new IncidentPageModel(found, Responders, time.GetUtcNow());
        return Page(request, $"INC {number}", IncidentPage.Render(model));
    }

    public async Task<IResult> PostmortemAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        if (!IncidentIds.TryParse(id, out var number) || await queries.GetAsync(number, ct) is null)
        {
            return NotFound(request, id);
        }

        return await queries.GetPostmortemAsync(number, ct) is { } found
            ? Page(request, $"INC {number} post-mortem", PostmortemPage.Render(found))
            : ConsoleResults.Page(ConsoleLayout.Message($"INC {number} post-mortem",
                $"INC {number} has no post-mortem yet: it is drafted when the incident resolves.", SignedIn(request)), StatusCodes.Status404NotFound);
    }

    public async Task<IResult> ReportsAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var since = time.GetUtcNow() - DefaultReportPeriod;
        string? error = null;
        var text = request.Query["since"].FirstOrDefault();
        if (!string.IsNullOrEmpty(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                error = $"'{text}' is not a date; showing the last {DefaultReportPeriod.TotalDays} days";
            }
        }

        var page = ReportsPage.Render(since, await reports.ResponseAsync(since, ct), await reports.AlertsAsync(since, ct), await roster.FlaggedAsync(ct), error,
            await reports.SuppressedAsync(since, ct));
        return ConsoleResults.Page(ConsoleLayout.Render("Reports", page, SignedIn(request), "reports"),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public async Task<IResult> RespondersAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var actor = SignedIn(request);
        return Page(request, "Responders", RespondersPage.Render(await roster.AllAsync(ct), name => actor.Role.Allows(AccessRole.Admin) || name == actor.Name), "responders");
    }

    /// <summary>Maintenance windows: active, upcoming and recent, with their suppressed alerts; forms to open and end one.</summary>
    public async Task<IResult> MaintenanceAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var now = time.GetUtcNow();
        var windows = new List<(Domain.Maintenance.MaintenanceWindow, IReadOnlyList<Maintenance.SuppressedAlert>)>();
        foreach (var window in (await maintenance.ListAsync(ct)).Where(w => w.EffectiveEnd > now - MaintenanceApiHandler.RecentFor))
        {
            windows.Add((window, await maintenance.SuppressedAsync(window.Id, ct)));
        }

        return Page(request, "Maintenance", MaintenancePage.Render(windows, config.Current.Services.Select(s => s.Name).ToList(), now, IsAdmin(request)), "maintenance");
    }

    public async Task<IResult> HeartbeatsAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var body = HeartbeatsPage.Render(await heartbeats.ListWithIncidentsAsync(ct), [.. config.Current.Services.Select(s => s.Name)], time.GetUtcNow(), IsAdmin(request));
        return ConsoleResults.Page(ConsoleLayout.Render("Heartbeats", body, SignedIn(request), "heartbeats", refreshSeconds: ListRefreshSeconds));
    }

    public static IResult Asset(string name) => ConsoleAssets.Find(name) is { } asset
        ? ConsoleResults.Asset(asset.ContentType, asset.Body)
        : Results.NotFound();

    private IResult Page(HttpRequest request, string title, Markup body, string? active = null) =>
        ConsoleResults.Page(ConsoleLayout.Render(title, body, SignedIn(request), active));

    private IResult NotFound(HttpRequest request, string id) => ConsoleResults.Page(
        ConsoleLayout.Message("Not found", IncidentIds.TryParse(id, out var n) ? $"INC {n} does not exist." : $"'{id}' is not an incident number.", SignedIn(request)),
        StatusCodes.Status404NotFound);

    private bool IsAdmin(HttpRequest request) => SignedIn(request).Role.Allows(AccessRole.Admin);

    /// <summary>Who the header says is signed in, and as what (every command from these pages is recorded as them); pages run after <see cref="SignInFirst"/>.</summary>
    private RequestActor SignedIn(HttpRequest request) =>
        session.Actor(request) ?? throw new InvalidOperationException("a console page rendered for nobody: it must ask SignInFirst");

    /// <summary>
    /// Either sign-in step's form, its "next" and who the person says they are; or the page refusing it (not a form,
    /// posted from another site, no name): the steps share these checks, in this order.
    /// </summary>
    private static async Task<((IFormCollection Form, string Next, string Who)? Login, IResult? Refusal)> ReadLoginFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType || request.ContentLength > 4096)
        {
            return (null, ConsoleResults.Page(LoginPage.Render("/console", "Send the sign-in form."), StatusCodes.Status400BadRequest));
        }

        var form = await request.ReadFormAsync(ct);
        var next = SafeNext(form["next"].FirstOrDefault());
        if (ConsoleSession.CrossSiteReason(request, requireConsoleHeader: false) is { } crossSite)
        {
            return (null, ConsoleResults.Page(LoginPage.Render(next, crossSite.Detail), StatusCodes.Status403Forbidden));
        }

        var who = form["who"].FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(who) || who.Length > MaxFieldLength
            ? (null, ConsoleResults.Page(LoginPage.Render(next, "Enter your name, phone number or email address."), StatusCodes.Status400BadRequest))
            : ((form, next, who), null);
    }

    private static string Wait(int seconds) => seconds < 120 ? $"{seconds} s" : $"{(seconds + 59) / 60} minutes";

    private IResult? SignInFirst(HttpRequest request) => session.IsSignedIn(request)
        ? null
        : ConsoleResults.SeeOther("/console/login?next=" + Uri.EscapeDataString(request.Path + request.QueryString));

    /// <summary>Only back into the console: "next" comes from the address bar, so it must not send anyone elsewhere.</summary>
    private static string SafeNext(string? next) =>
        next is not null && (next == "/console" || next.StartsWith("/console/", StringComparison.Ordinal) || next.StartsWith("/console?", StringComparison.Ordinal))
            && !next.Contains("//", StringComparison.Ordinal) && !next.Contains('\\', StringComparison.Ordinal) && !next.StartsWith("/console/login", StringComparison.Ordinal)
            && !next.Any(char.IsControl)
            ? next
            : "/console";
}
