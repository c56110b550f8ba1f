using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.WebConsole;

public sealed record IncidentPageModel(IncidentDetail Detail, IReadOnlyList<string> Responders, DateTimeOffset Now);

/// <summary>One incident: where it stands, what has been done and said, and the commands to move it on.</summary>
public static class IncidentPage
{
    private const int RecentUpdates = 10;

    public static Markup Render(IncidentPageModel m)
    {
        var i = m.Detail.Incident;
        // Forms are offered as the incident's rules would take them; the command refuses anyway if the page is stale.
        var isOpen = i.IsOpen;
        return Html.Of($"""
            <h1 class="incident-title"><span class="id">INC {i.Number}</span> · <span id="incident-title">{i.Title}</span></h1>
            <p class="badges">
              <span class="sev sev{(int)i.Severity}">SEV{(int)i.Severity}</span>
              <span class="status {IncidentListPage.StatusClass(i.Status)}" id="incident-status">{IncidentListPage.StatusClass(i.Status)}</span>
              <span>{i.Service}</span>
              {Html.When(i.RepeatSummary is not null, Html.Of($"<span class=\"tag\">{i.RepeatSummary}</span>"))}
              {Html.When(!isOpen, Html.Of($"<a href=\"/console/incidents/{i.Number}/postmortem\">Post-mortem</a>"))}
            </p>
            <div class="incident">
            <section class="facts">
            {Summary(m)}
            {Updates(m)}
            {OpenActions(m, i.TakesNotesAndOutcomes)}
            {Notes(m)}
            {Timeline(m)}
            {Alerts(m)}
            </section>
            <section class="commands" aria-label="Commands">
            {Commands(m, isOpen)}
            </section>
            </div>
            """);
    }

    private static Markup Summary(IncidentPageModel m)
    {
        var i = m.Detail.Incident;
        var s = m.Detail.Scope;
        var scope = s is null
            ? new Markup("not assessed yet")
            : Html.Of($"""
                services {(s.AffectedServices.Count == 0 ? "—" : string.Join(", ", s.AffectedServices))};
                {(s.HostsAffected is { } h ? $"{h} hosts; " : "")}{(s.UsersAffected is { } u ? $"{u} users; " : "")}{(s.CustomerVisible ? "customer-visible" : "not customer-visible")}{(s.Notes is null ? "" : "; " + s.Notes)}
                <small>({s.By}, {Html.Time(s.At)})</small>
                """);
        var playbooks = i.PlaybookUrls.Count == 0
            ? new Markup("none")
            : Html.Join(i.PlaybookUrls.Select(u => Html.Of($"{Html.ExternalLink(u)} ")));
        return Html.Of($"""
            <h2>Summary</h2>
            <dl class="summary" id="summary">
              <dt>Status</dt><dd>{IncidentListPage.StatusClass(i.Status)}{(i.ResolvedBy is null ? "" : $" by {i.ResolvedBy}")}{Html.When(i.ResolvedAt is not null, Html.Of($" at {Html.Time(i.ResolvedAt)}"))}</dd>
              <dt>Severity</dt><dd>SEV{(int)i.Severity}</dd>
              <dt>Lead</dt><dd id="incident-lead">{i.Lead ?? "nobody yet"}</dd>
              <dt>Responders</dt><dd>{(i.Responders.Count == 0 ? "—" : string.Join(", ", i.Responders))}</dd>
              <dt>Opened</dt><dd>{Html.Time(i.OpenedAt)} ({Html.Span(m.Now - i.OpenedAt)} ago), {i.AlertCount} alert{(i.AlertCount == 1 ? "" : "s")}, policy {i.EscalationPolicy}</dd>
              <dt>Acknowledged</dt><dd>{Html.Time(i.AcknowledgedAt)}{(i.AcknowledgedBy is null ? "" : $" by {i.AcknowledgedBy}")}</dd>
              <dt>Next update due</dt><dd>{IncidentListPage.NextUpdate(i, m.Now)}</dd>
              <dt>Updates</dt><dd>{i.UpdatesOnTime} on time, {i.UpdatesLate} late, {i.UpdatesMissed} missed</dd>
              <dt>Scope</dt><dd>{scope}</dd>
              <dt>Playbooks</dt><dd>{playbooks}</dd>
              {Html.When(i.ResolutionSummary is not null, Html.Of($"<dt>Resolution</dt><dd>{i.ResolutionSummary}</dd>"))}
            </dl>
            """);
    }

    private static Markup Updates(IncidentPageModel m)
    {
        var recent = m.Detail.Updates.OrderByDescending(u => u.At).Take(RecentUpdates).ToList();
        var items = recent.Count == 0
            ? new Markup("<li class=\"empty\">No update posted yet.</li>")
            : Html.Join(recent.Select(u => Html.Of($"""
                <li><p class="text">{u.Text}</p>
                <small>{u.By}, {Html.Time(u.At)} · to {string.Join(", ", u.Audiences.Select(a => a.ToString().ToLowerInvariant()))}{(u.WasLate ? " · late" : "")}{Html.When(u.NextUpdateBy is not null, Html.Of($" · next by {Html.Time(u.NextUpdateBy)}"))}</small></li>
                """)));
        return Html.Of($"<h2>Recent updates</h2><ul class=\"updates\" id=\"updates\">{items}</ul>");
    }

    private static Markup OpenActions(IncidentPageModel m, bool canRecordOutcome)
    {
        var open = m.Detail.Actions.Where(a => a.IsOpen).ToList();
        var items = open.Count == 0
            ? new Markup("<li class=\"empty\">No action waiting for its outcome.</li>")
            : Html.Join(open.Select(a => Html.Of($"""
                <li><p><strong>{a.What}</strong>{Html.When(a.Irreversible, new Markup(" <span class=\"tag warn\">irreversible</span>"))}</p>
                <p><small>why: {a.Why} · expected: {a.ExpectedEffect} · {(a.Irreversible ? "cannot be undone" : "undo: " + a.Undo)} · {a.By}, {Html.Time(a.At)}</small></p>
                {Html.When(canRecordOutcome, IncidentCommandForms.Outcome(m.Detail.Incident.Number, a.Id))}</li>
                """)));
        return Html.Of($"<h2>Open actions</h2><ul class=\"actions\" id=\"open-actions\">{items}</ul>");
    }

    private static Markup Notes(IncidentPageModel m)
    {
        if (m.Detail.Notes.Count == 0)
        {
            return Markup.Empty;
        }

        var items = Html.Join(m.Detail.Notes.OrderByDescending(n => n.At).Select(n =>
            Html.Of($"<li><span class=\"tag\">{n.Kind.ToString().ToLowerInvariant()}</span> {n.Text} <small>{n.By}, {Html.Time(n.At)}</small></li>")));
        return Html.Of($"<h2>Notes</h2><ul class=\"notes\" id=\"notes\">{items}</ul>");
    }

    private static Markup Timeline(IncidentPageModel m) => Html.Of($"""
        <h2>Timeline <small>newest first</small></h2>
        <table class="timeline" id="timeline"><thead><tr><th>When</th><th>What</th><th>Who</th><th>Details</th></tr></thead><tbody>{TimelineRows.Render(m.Detail.Timeline)}</tbody></table>
        """);

    private static Markup Alerts(IncidentPageModel m)
    {
        var rows = Html.Join(m.Detail.Alerts.Select(a => Html.Of(
            $"<tr><td>{a.Title}</td><td>{a.Status}</td><td>{a.Severity}</td><td>{a.Count}</td><td>{Html.Time(a.LastSeenAt)}</td><td>{Html.Join(a.Links.Select(l => Html.Of($"{Html.ExternalLink(l.Href, l.Text ?? l.Href)} ")))}</td></tr>")));
        return Html.Of($"""
            <h2>Alerts</h2>
            <table class="alerts"><thead><tr><th>Alert</th><th>Status</th><th>Severity</th><th>Firings</th><th>Last seen</th><th>Links</th></tr></thead><tbody>{rows}</tbody></table>
            """);
    }

    private static Markup Commands(IncidentPageModel m, bool isOpen)
    {
        var i = m.Detail.Incident;
        if (!isOpen)
        {
            return Html.Of($"""
                {Html.When(i.TakesNotesAndOutcomes, IncidentCommandForms.Note(i.Number))}
                {IncidentCommandForms.AlertFeedback(i.Number)}
                """);
        }

        return Html.Of($"""
            {Html.When(i.CanBeAcknowledged, IncidentCommandForms.Acknowledge(i.Number))}
            {IncidentCommandForms.PostUpdate(i.Number)}
            {IncidentCommandForms.RecordAction(i.Number)}
            {IncidentCommandForms.Note(i.Number)}
            {IncidentCommandForms.HandOver(i.Number, m.Responders, i.Lead)}
            {IncidentCommandForms.AddResponders(i.Number, m.Responders.Where(r => !i.Responders.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList())}
            {IncidentCommandForms.Severity(i.Number, (int)i.Severity)}
            {IncidentCommandForms.Scope(i.Number, m.Detail.Scope)}
            {IncidentCommandForms.Resolve(i.Number)}
            {IncidentCommandForms.AlertFeedback(i.Number)}
            """);
    }
}
