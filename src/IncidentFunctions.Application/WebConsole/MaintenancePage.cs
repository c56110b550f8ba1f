using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Maintenance;
using IncidentFunctions.Domain.Maintenance;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// Maintenance windows: active, upcoming and recent (the API's list), each with the alerts it is holding back or held
/// back and what became of them; a form to open a window (POST /api/maintenance) and an "End now" button per running
/// or upcoming window (POST /api/maintenance/{id}/end), both through /console/api like every console command.
/// </summary>
public static class MaintenancePage
{
    /// <param name="canChange">The signed-in person is an Admin: only then are the forms shown (the API refuses anyone else anyway).</param>
    public static Markup Render(IReadOnlyList<(MaintenanceWindow Window, IReadOnlyList<SuppressedAlert> Alerts)> windows, IReadOnlyList<string> services, DateTimeOffset now,
        bool canChange = true)
    {
        var active = windows.Where(w => w.Window.StateAt(now) == MaintenanceWindowState.Active).ToList();
        var upcoming = windows.Where(w => w.Window.StateAt(now) == MaintenanceWindowState.Upcoming).ToList();
        var recent = windows.Where(w => w.Window.StateAt(now) == MaintenanceWindowState.Ended).OrderByDescending(w => w.Window.EffectiveEnd).ToList();
        return Html.Of($"""
            <h1>Maintenance</h1>
            <p><small>During a window, alerts of its services (and labels, when it has matchers) are recorded but page nobody; those still
            firing when it ends open incidents then. An incident already open keeps paging.</small></p>
            <h2>Active</h2>
            {Section("maintenance-active", active, now, "No window is running.", canChange)}
            <h2>Upcoming</h2>
            {Section("maintenance-upcoming", upcoming, now, "No window is planned.", canChange)}
            <h2>Recent <small>ended in the last {MaintenanceApiHandler.RecentFor.TotalDays:0} days</small></h2>
            {Section("maintenance-recent", recent, now, "No window ended recently.", canChange)}
            {(canChange ? CreateForm(services) : new Markup("<p class=\"notice\" id=\"maintenance-admin-only\">Opening and ending windows needs the Admin role: ask someone in the configuration's <code>admins</code>.</p>"))}
            """);
    }

    private static Markup CreateForm(IReadOnlyList<string> services) => ConsoleForms.Form("maintenance-create", "POST", "maintenance", "Open a maintenance window", Html.Join(
    [
        ConsoleForms.Text("maintenance-create", "services", "Services", required: true, hint: "comma-separated: " + string.Join(", ", services), kind: "csv"),
        ConsoleForms.LocalTime("maintenance-create", "start", "Start", hint: "empty: now"),
        ConsoleForms.LocalTime("maintenance-create", "end", "End"),
        ConsoleForms.Text("maintenance-create", "matchers", "Label matchers", hint: "optional JSON, e.g. {\"host\": \"db-*\"}", kind: "json"),
        ConsoleForms.Text("maintenance-create", "reason", "Reason", required: true),
    ]), "Open window");

    private static Markup Section(string id, IReadOnlyList<(MaintenanceWindow Window, IReadOnlyList<SuppressedAlert> Alerts)> windows, DateTimeOffset now, string empty, bool canChange) =>
        windows.Count == 0
            ? Html.Of($"<p class=\"notice\" id=\"{id}\">{empty}</p>")
            : Html.Of($"<div id=\"{id}\">{Html.Join(windows.Select(w => Window(w.Window, w.Alerts, now, canChange)))}</div>");

    private static Markup Window(MaintenanceWindow w, IReadOnlyList<SuppressedAlert> alerts, DateTimeOffset now, bool canChange) => Html.Of($"""
        <section class="maintenance-window" id="{w.Id}" data-window="{w.Id}" data-state="{w.StateAt(now).ToString().ToLowerInvariant()}">
          <h3>{w.Id} <small>{string.Join(", ", w.Services)}{(w.Matchers.IsEmpty ? "" : " where " + w.Matchers)}</small></h3>
          <p>{w.Reason}. From {Html.Time(w.Start)} to {Html.Time(w.EffectiveEnd)}{(w.EndedAt is not null ? " (ended early)" : "")}; created by {w.CreatedBy}{(w.ConfigName is { } name ? $" (recurring window “{name}”)" : "")}.</p>
          {Html.When(canChange && w.StateAt(now) != MaintenanceWindowState.Ended, ConsoleForms.Form($"end-{w.Id}", "POST", $"maintenance/{w.Id}/end", "", Markup.Empty, "End now",
              confirm: $"End {w.Id} now? Alerts still firing will open incidents and page."))}
          {Alerts(alerts)}
        </section>
        """);

    private static Markup Alerts(IReadOnlyList<SuppressedAlert> alerts) => alerts.Count == 0
        ? new Markup("<p class=\"notice\">No alert suppressed.</p>")
        : Html.Of($"""
            <table class="suppressed"><thead><tr><th>Service</th><th>Alert</th><th>Deliveries</th><th>First</th><th>Last</th><th>Status</th><th>At the end</th></tr></thead><tbody>
            {Html.Join(alerts.Select(a => Html.Of($"<tr data-dedup-key=\"{a.DedupKey}\"><td>{a.Service}</td><td>{a.Alert.Title}</td><td>{a.Count}</td><td>{Html.Time(a.FirstAt)}</td><td>{Html.Time(a.LastAt)}</td><td>{(a.Resolved ? "resolved" : "firing")}</td><td>{Outcome(a)}</td></tr>")))}
            </tbody></table>
            """);

    private static Markup Outcome(SuppressedAlert a) => a.ReleasedIncident is long n
        ? Html.Of($"<a href=\"/console/incidents/{n}\">INC {n}</a>")
        : Html.Of($"{a.ReleasedAs ?? "—"}");
}
