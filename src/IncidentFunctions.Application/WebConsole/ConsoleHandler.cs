using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Http;
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
    ConsoleSession session, ConsoleLoginThrottle throttle, IncidentQueries queries, ReportBuilder reports, PagerTestRoster roster, Heartbeats.HeartbeatService heartbeats, IncidentConfigProvider config, TimeProvider time,
    Maintenance.MaintenanceService maintenance)
{
    private const int MaxListed = 500;
    private const int ListRefreshSeconds = 30;
    private const int MaxKeyLength = 1024;
    private static readonly TimeSpan DefaultReportPeriod = TimeSpan.FromDays(30);

    private IReadOnlyList<string> Responders => config.Current.Responders.Select(r => r.Name).ToList();

    public IResult LoginForm(HttpRequest request)
    {
        var next = SafeNext(request.Query["next"].FirstOrDefault());
        return session.IsSignedIn(request) ? ConsoleResults.SeeOther(next) : ConsoleResults.Page(LoginPage.Render(next, null));
    }

    public async Task<IResult> LoginAsync(HttpRequest request, CancellationToken ct)
    {
        if (ConsoleSession.CrossSiteReason(request, requireConsoleHeader: false) is { } crossSite)
        {
            return ConsoleResults.Page(LoginPage.Render("/console", crossSite.Detail), StatusCodes.Status403Forbidden);
        }

        if (!request.HasFormContentType || request.ContentLength > 4 * MaxKeyLength)
        {
            return ConsoleResults.Page(LoginPage.Render("/console", "Send the sign-in form."), StatusCodes.Status400BadRequest);
        }

        var form = await request.ReadFormAsync(ct);
        var next = SafeNext(form["next"].FirstOrDefault());
        var key = form["key"].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            return ConsoleResults.Page(LoginPage.Render(next, "Enter the admin key."), StatusCodes.Status400BadRequest);
        }

        if (throttle.RetryAfter() is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return new HeaderResult(ConsoleResults.Page(LoginPage.Render(next, $"Too many wrong keys: try again in {seconds} s."), StatusCodes.Status429TooManyRequests),
                "Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        if (session.IsAdminKey(key))
        {
            return session.SignIn(request, ConsoleResults.SeeOther(next));
        }

        throttle.Failed();
        return ConsoleResults.Page(LoginPage.Render(next, "That is not the admin key."), StatusCodes.Status401Unauthorized);
    }

    public IResult Logout(HttpRequest request) =>
        ConsoleSession.CrossSiteReason(request, requireConsoleHeader: false) is { } crossSite
            ? ConsoleResults.Page(ConsoleLayout.Message("Not signed out", crossSite.Detail, []), StatusCodes.Status403Forbidden)
            : ConsoleSession.SignOut(request, ConsoleResults.SeeOther("/console/login"));

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
        return ConsoleResults.Page(ConsoleLayout.Render(heading, IncidentListPage.Render(heading, incidents, time.GetUtcNow(), open: !resolved), Responders,
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
            return NotFound(id);
        }

        var model = new IncidentPageModel(found, Responders, time.GetUtcNow());
        return Page($"INC {number}", IncidentPage.Render(model));
    }

    public async Task<IResult> PostmortemAsync(string id, HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        if (!IncidentIds.TryParse(id, out var number) || await queries.GetAsync(number, ct) is null)
        {
            return NotFound(id);
        }

        return await queries.GetPostmortemAsync(number, ct) is { } found
            ? Page($"INC {number} post-mortem", PostmortemPage.Render(found, Responders))
            : ConsoleResults.Page(ConsoleLayout.Message($"INC {number} post-mortem",
                $"INC {number} has no post-mortem yet: it is drafted when the incident resolves.", Responders), StatusCodes.Status404NotFound);
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
        return ConsoleResults.Page(ConsoleLayout.Render("Reports", page, Responders, "reports"),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    public async Task<IResult> RespondersAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        return Page("Responders", RespondersPage.Render(await roster.AllAsync(ct)), "responders");
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

        return Page("Maintenance", MaintenancePage.Render(windows, config.Current.Services.Select(s => s.Name).ToList(), now), "maintenance");
    }

    public async Task<IResult> HeartbeatsAsync(HttpRequest request, CancellationToken ct)
    {
        if (SignInFirst(request) is { } redirect)
        {
            return redirect;
        }

        var body = HeartbeatsPage.Render(await heartbeats.ListWithIncidentsAsync(ct), [.. config.Current.Services.Select(s => s.Name)], time.GetUtcNow());
        return ConsoleResults.Page(ConsoleLayout.Render("Heartbeats", body, Responders, "heartbeats", refreshSeconds: ListRefreshSeconds));
    }

    public static IResult Asset(string name) => ConsoleAssets.Find(name) is { } asset
        ? ConsoleResults.Asset(asset.ContentType, asset.Body)
        : Results.NotFound();

    private IResult Page(string title, Markup body, string? active = null) => ConsoleResults.Page(ConsoleLayout.Render(title, body, Responders, active));

    private IResult NotFound(string id) => ConsoleResults.Page(
        ConsoleLayout.Message("Not found", IncidentIds.TryParse(id, out var n) ? $"INC {n} does not exist." : $"'{id}' is not an incident number.", Responders),
        StatusCodes.Status404NotFound);

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
