namespace IncidentFunctions.Application.WebConsole;

/// <summary>The incidents table: what is open, who leads it, and whose update is overdue.</summary>
public static class IncidentListPage
{
    public static Markup Render(string heading, IReadOnlyList<Incident> incidents, DateTimeOffset now, bool open)
    {
        if (incidents.Count == 0)
        {
            return Html.Of($"<h1>{heading}</h1><p class=\"notice\" id=\"no-incidents\">{(open ? "No open incidents." : "No resolved incidents.")}</p>");
        }

        var rows = incidents.Select(i => Html.Of($"""
            <tr data-incident="{i.Number}">
              <td><a href="/console/incidents/{i.Number}">INC {i.Number}</a></td>
              <td><span class="sev sev{(int)i.Severity}">SEV{(int)i.Severity}</span></td>
              <td><span class="status {StatusClass(i.Status)}">{StatusClass(i.Status)}</span></td>
              <td>{i.Service}</td>
              <td class="title"><a href="/console/incidents/{i.Number}">{i.Title}</a>{Html.When(i.RepeatSummary is not null, Html.Of($" <span class=\"tag\">{i.RepeatSummary}</span>"))}</td>
              <td>{i.Lead ?? "—"}</td>
              <td title="opened {i.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC">{Html.Span(now - i.OpenedAt)}</td>
              <td>{NextUpdate(i, now)}</td>
            </tr>
            """));
        return Html.Of($"""
            <h1>{heading} <span class="count">{incidents.Count}</span></h1>
            <table class="incidents" id="incidents">
              <thead><tr><th>Id</th><th>Severity</th><th>Status</th><th>Service</th><th>Title</th><th>Lead</th><th>Age</th><th>Next update due</th></tr></thead>
              <tbody>
              {rows}
              </tbody>
            </table>
            """);
    }

    public static string StatusClass(IncidentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Red once the promised update is late: that is what leadership will ask about.</summary>
    public static Markup NextUpdate(Incident incident, DateTimeOffset now) => incident.NextUpdateDue switch
    {
        null => new Markup("—"),
        { } due when incident.Status is IncidentStatus.Resolved or IncidentStatus.Closed => Html.Time(due),
        { } due when due < now => Html.Of($"<span class=\"overdue\">{Html.Time(due)} · overdue {Html.Span(now - due)}</span>"),
        { } due => Html.Of($"{Html.Time(due)} · in {Html.Span(due - now)}"),
    };
}
