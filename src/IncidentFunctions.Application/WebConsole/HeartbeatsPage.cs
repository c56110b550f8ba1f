using IncidentFunctions.Application.Heartbeats;
using IncidentFunctions.Application.Http;
using IncidentFunctions.Domain.Heartbeats;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// Every heartbeat with where it stands (waiting for a first ping, healthy, late, disabled), its last ping, next
/// deadline and the incident open on it; late ones first. The API's heartbeats can be added, switched off and on and
/// deleted here (through /console/api, as every console command); the configuration's are changed in the file.
/// </summary>
public static class HeartbeatsPage
{
    /// <param name="canChange">The signed-in person is an Admin: only then are the forms shown (the API refuses anyone else anyway).</param>
    public static Markup Render(IReadOnlyList<HeartbeatListing> heartbeats, IReadOnlyList<string> services, DateTimeOffset now, bool canChange = true)
    {
        var late = heartbeats.Where(h => h.Heartbeat.Status == HeartbeatStatus.Late).Select(h => h.Heartbeat.Name).ToList();
        var ordered = heartbeats.OrderBy(h => h.Heartbeat.Status == HeartbeatStatus.Late ? 0 : 1).ThenBy(h => h.Heartbeat.Name, StringComparer.OrdinalIgnoreCase);
        return Html.Of($"""
            <h1>Heartbeats</h1>
            {(heartbeats.Count == 0
                ? new Markup("<p class=\"notice\" id=\"heartbeats-summary\">No heartbeats yet. A monitor that must check in (a nightly job, a cron, a probe) gets one: it pings, and silence past its deadline opens an incident.</p>")
                : late.Count == 0
                    ? new Markup("<p class=\"notice\" id=\"heartbeats-summary\">No heartbeat is late.</p>")
                    : Html.Of($"<p class=\"notice overdue\" id=\"heartbeats-summary\">Late: {string.Join(", ", late)}.</p>"))}
            <table id="heartbeats"><thead><tr><th>Heartbeat</th><th>Service</th><th>Status</th><th>Every</th><th>Last ping</th><th>Next deadline</th><th>Incident</th><th></th></tr></thead>
            <tbody>
            {Html.Join(ordered.Select((h, i) => Row(h, i, now, canChange)))}
            </tbody>
            </table>
            <p><small>A monitor pings <code>GET</code> or <code>POST /api/heartbeats/&lt;name&gt;/ping?key=&lt;its service's integration key&gt;</code>, or Opsgenie's <code>/v2/heartbeats/&lt;name&gt;/ping</code> with <code>Authorization: GenieKey &lt;key&gt;</code>.</small></p>
            {(canChange ? AddForm(services) : new Markup("<p class=\"notice\" id=\"heartbeats-admin-only\">Adding, switching and deleting heartbeats needs the Admin role: ask someone in the configuration's <code>admins</code>.</p>"))}
            """);
    }

    private static Markup AddForm(IReadOnlyList<string> services) => Html.Of($"""
            <h2>Add a heartbeat</h2>
            <form class="command" id="add-heartbeat" data-method="POST" data-api="heartbeats">
              <p class="error" data-error-for="" role="alert" hidden></p>
              <label>Name <input name="name" required placeholder="nightly-backup"></label>
              <p class="error" data-error-for="name" role="alert" hidden></p>
              <label>Service <select name="service">{Html.Join(services.Select(s => Html.Of($"<option value=\"{s}\">{s}</option>")))}</select></label>
              <p class="error" data-error-for="service" role="alert" hidden></p>
              <label>Every <input name="interval" required placeholder="1d"></label>
              <p class="error" data-error-for="interval" role="alert" hidden></p>
              <label>Grace <input name="grace" placeholder="1h (default: 1m)"></label>
              <p class="error" data-error-for="grace" role="alert" hidden></p>
              <button type="submit">Add</button>
            </form>
            """);

    private static Markup Row(HeartbeatListing listing, int index, DateTimeOffset now, bool canChange)
    {
        var heartbeat = listing.Heartbeat;
        var definition = heartbeat.Definition;
        var status = heartbeat.Status;
        var lastPing = heartbeat.LastPingAt is { } at
            ? Html.Of($"{Html.Time(at)} <small>({Html.Span(now - at)} ago{(heartbeat.LastPingFrom is { } from ? ", from " + from : "")})</small>")
            : new Markup("never");
        var incident = listing.OpenIncident is { } number
            ? Html.Of($"<a href=\"/console/incidents/{number}\">INC {number}</a>")
            : new Markup("—");
        var name = Uri.EscapeDataString(heartbeat.Name);
        var actions = heartbeat.Source == HeartbeatSource.Configuration
            ? new Markup("<small>in the configuration</small>")
            : !canChange ? Markup.Empty
            : Html.Of($"""
                <form class="command inline" id="toggle-heartbeat-{index}" data-method="PATCH" data-api="heartbeats/{name}">
                  <p class="error" data-error-for="" role="alert" hidden></p>
                  <input type="hidden" name="enabled" data-kind="bool" value="{(definition.Enabled ? "false" : "true")}">
                  <button type="submit">{(definition.Enabled ? "Disable" : "Enable")}</button>
                </form>
                <form class="command inline" id="delete-heartbeat-{index}" data-method="DELETE" data-api="heartbeats/{name}" data-confirm="Delete heartbeat {heartbeat.Name}? Its monitor's pings will be refused.">
                  <p class="error" data-error-for="" role="alert" hidden></p>
                  <button type="submit">Delete</button>
                </form>
                """);
        return Html.Of($"""
            <tr data-heartbeat="{heartbeat.Name}" data-status="{HeartbeatView.StatusText(status)}"{Html.When(status == HeartbeatStatus.Late, new Markup(" class=\"flagged\""))}>
              <td>{heartbeat.Name}</td>
              <td>{definition.Service}</td>
              <td>{StatusWords(heartbeat)}</td>
              <td>{HeartbeatAlerts.Text(definition.Interval)} <small>(+{HeartbeatAlerts.Text(definition.Grace)} grace)</small></td>
              <td>{lastPing}</td>
              <td>{Html.Time(heartbeat.Deadline)}</td>
              <td>{incident}</td>
              <td>{actions}</td>
            </tr>
            """);
    }

    private static Markup StatusWords(Heartbeat heartbeat) => heartbeat.Status switch
    {
        HeartbeatStatus.WaitingFirstPing => new Markup("waiting for its first ping"),
        HeartbeatStatus.Healthy => new Markup("healthy"),
        HeartbeatStatus.Late => Html.Of($"<span class=\"overdue\">late since {Html.Time(heartbeat.LateSince)}</span>"),
        _ => new Markup("disabled"),
    };
}
