using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Domain.Reports;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The alert review (noisiest rules first), the response report (MTTA/MTTR, update punctuality, page load), and who a
/// page may not reach (methods never confirmed by a pager test, or whose last test failed).
/// </summary>
public static class ReportsPage
{
    public static Markup Render(DateTimeOffset since, ResponseReport response, IReadOnlyList<AlertRuleReview> alerts, IReadOnlyList<ResponderStatus> unreachable, string? sinceError,
        IReadOnlyList<MaintenanceSuppression>? suppressed = null) => Html.Of($"""
        <h1>Reports</h1>
        <form method="get" action="/console/reports" class="inline">
          <label class="field" for="reports-since"><span>Since</span>
            <input type="date" id="reports-since" name="since" value="{since.UtcDateTime:yyyy-MM-dd}">
            {Html.When(sinceError is not null, Html.Of($"<span class=\"error\" data-error-for=\"since\" role=\"alert\">{sinceError}</span>"))}
          </label>
          <button type="submit">Show</button>
        </form>
        <h2>Alert review <small>noisiest first, incidents opened since {Html.Time(since)}</small></h2>
        {AlertTable(alerts)}
        <h3>Suppressed by maintenance <small>alerts held back per window</small></h3>
        {SuppressedTable(suppressed ?? [])}
        <h2>Response <small>{response.Incidents} incidents</small></h2>
        {TimesTable(response.Times)}
        <h3>Update punctuality</h3>
        <table id="punctuality"><thead><tr><th>Service</th><th>Due</th><th>On time</th><th>Late</th><th>Missed</th><th>% on time</th></tr></thead><tbody>
        {Punctuality("all services", response.Punctuality)}
        {Html.Join(response.PunctualityByService.Select(s => Punctuality(s.Service, s.Punctuality)))}
        </tbody></table>
        <h3>Page load</h3>
        <table id="page-load"><thead><tr><th>Responder</th><th>Pages</th><th>Incidents</th></tr></thead><tbody>
        {Html.Join(response.PageLoad.Select(r => Html.Of($"<tr><td>{r.Responder}</td><td>{r.Pages}</td><td>{r.Incidents}</td></tr>")))}
        </tbody></table>
        <h2>Pager tests <small>on call, not known to be reachable</small></h2>
        {Unreachable(unreachable)}
        """);

    private static Markup Unreachable(IReadOnlyList<ResponderStatus> unreachable) => unreachable.Count == 0
        ? new Markup("<p class=\"notice\" id=\"pager-test-flags\">Everyone on a schedule or in a policy has confirmed each of their methods.</p>")
        : Html.Of($"""
            <table id="pager-test-flags"><thead><tr><th>Responder</th><th>Method</th><th>Problem</th></tr></thead><tbody>
            {Html.Join(unreachable.SelectMany(r => r.Reachability.Problems().Select(p => Html.Of($"<tr><td><a href=\"/console/responders\">{r.Responder.Name}</a></td><td>{ContactMethod.Word(p.Method.Method.Type)} {ContactMask.Of(p.Method.Method)}</td><td>{p.Problem}</td></tr>"))))}
            </tbody></table>
            """);

    private static Markup AlertTable(IReadOnlyList<AlertRuleReview> alerts) => alerts.Count == 0
        ? new Markup("<p class=\"notice\">No alerts in this period.</p>")
        : Html.Of($"""
            <table id="alert-review"><thead><tr><th>Service</th><th>Rule</th><th>Incidents</th><th>Alerts</th><th>Pages</th><th>Mean time to ack</th>
            <th>Repeats</th><th>Useful</th><th>Not useful</th><th>Alerts per incident</th><th>Noise score</th></tr></thead><tbody>
            {Html.Join(alerts.Select(a => Html.Of($"<tr><td>{a.Service}</td><td>{a.Rule}</td><td>{a.Incidents}</td><td>{a.Alerts}</td><td>{a.Pages}</td><td>{Duration(a.MeanTimeToAcknowledge)}</td><td>{a.Repeats}</td><td>{a.Useful}</td><td>{a.NotUseful}</td><td>{a.AlertsPerIncident:0.#}</td><td>{a.NoiseScore:0.#}</td></tr>")))}
            </tbody></table>
            """);

    private static Markup SuppressedTable(IReadOnlyList<MaintenanceSuppression> windows) => windows.Count == 0
        ? new Markup("<p class=\"notice\" id=\"maintenance-suppression\">No maintenance window in this period.</p>")
        : Html.Of($"""
            <table id="maintenance-suppression"><thead><tr><th>Window</th><th>Services</th><th>Reason</th><th>From</th><th>To</th><th>Alerts suppressed</th>
            <th>Deliveries</th><th>Resolved in the window</th><th>Opened at the end</th></tr></thead><tbody>
            {Html.Join(windows.Select(w => Html.Of($"<tr><td><a href=\"/console/maintenance#{w.WindowId}\">{w.WindowId}</a></td><td>{string.Join(", ", w.Services)}</td><td>{w.Reason}</td><td>{Html.Time(w.Start)}</td><td>{Html.Time(w.End)}</td><td>{w.SuppressedAlerts}</td><td>{w.SuppressedDeliveries}</td><td>{w.ResolvedDuringWindow}</td><td>{w.OpenedAtEnd}</td></tr>")))}
            </tbody></table>
            """);

    private static Markup TimesTable(IReadOnlyList<ResponseTimes> times) => times.Count == 0
        ? new Markup("<p class=\"notice\">No incidents in this period.</p>")
        : Html.Of($"""
            <table id="response-times"><thead><tr><th>Service</th><th>Severity</th><th>Incidents</th><th>Acknowledged</th><th>Resolved</th>
            <th>MTTA mean</th><th>MTTA median</th><th>MTTR mean</th><th>MTTR median</th></tr></thead><tbody>
            {Html.Join(times.Select(t => Html.Of($"<tr><td>{t.Service}</td><td>SEV{(int)t.Severity}</td><td>{t.Incidents}</td><td>{t.Acknowledged}</td><td>{t.Resolved}</td><td>{Duration(t.MeanTimeToAcknowledge)}</td><td>{Duration(t.MedianTimeToAcknowledge)}</td><td>{Duration(t.MeanTimeToResolve)}</td><td>{Duration(t.MedianTimeToResolve)}</td></tr>")))}
            </tbody></table>
            """);

    private static Markup Punctuality(string service, UpdatePunctuality p) => Html.Of(
        $"<tr><td>{service}</td><td>{p.Due}</td><td>{p.OnTime}</td><td>{p.Late}</td><td>{p.Missed}</td><td>{(p.PercentOnTime is { } pct ? pct.ToString("0", CultureInfo.InvariantCulture) + "%" : "—")}</td></tr>");

    private static string Duration(TimeSpan? span) => span is { } s ? Html.Span(s) : "—";
}
