using System.Net;
using System.Security.Cryptography;
using System.Text;
using IncidentFunctions.Domain.Status;

namespace IncidentFunctions.Application.Communication.Status;

/// <summary>
/// The status page as one self-contained HTML document: readable without JavaScript and on a phone, no external
/// assets. Every piece of text from the model is HTML-encoded; the only markup is this file's own.
/// </summary>
public static class StatusPageHtml
{
    private const string Style = """
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
        main{max-width:42rem;margin:0 auto;padding:1rem}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}
        h2{font-size:1.2rem;margin:0 0 .25rem}
        h3{font-size:1.05rem;margin:0 0 .25rem}
        .banner{padding:1rem;border-radius:.5rem;font-weight:600;margin:0 0 1rem}
        .ok{background:#dafbe1;color:#0f5323}
        .down{background:#fff1c2;color:#5c3b00}
        article{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
        .state{display:inline-block;font-size:.85rem;font-weight:600;padding:0 .5rem;border-radius:1rem}
        .investigating{background:#fff1c2;color:#5c3b00}
        .resolved{background:#dafbe1;color:#0f5323}
        .text{white-space:pre-line;overflow-wrap:anywhere}
        ol{list-style:none;padding:0;margin:.5rem 0 0}
        li{border-top:1px solid #d0d7de;padding:.5rem 0}
        .muted{color:#57606a;font-size:.9rem}
        summary{cursor:pointer;color:#57606a;font-size:.9rem;margin-top:.5rem}
        @media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}article{background:#161b22;border-color:#30363d}li{border-color:#30363d}.muted{color:#9198a1}}
        """;

    // Shows each time in the reader's own zone, keeping UTC in the tooltip; without it the UTC text stands.
    private const string Script = """
        document.querySelectorAll("time[datetime]").forEach(function (t) {
          var d = new Date(t.getAttribute("datetime"));
          if (isNaN(d)) { return; }
          var o = { hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
          if (t.hasAttribute("data-day")) { o.day = "numeric"; o.month = "short"; }
          t.title = t.textContent;
          t.textContent = d.toLocaleString([], o);
        });
        """;

    /// <summary>Allows this page's own style and script by hash and nothing else: no other script, no external asset, no framing.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(StatusPage page)
    {
        var html = new StringBuilder(4096);
        Head(html, "Service status");
        html.Append("<h1>Service status</h1>\n");
        html.Append(page.AllOperational
            ? "<p class=\"banner ok\">All systems operational. We know of no incident affecting you right now.</p>\n"
            : $"<p class=\"banner down\">{(page.Open.Count == 1 ? "We are working on an incident" : $"We are working on {page.Open.Count} incidents")}.</p>\n");

        foreach (var incident in page.Open)
        {
            OpenIncident(html, incident, page.GeneratedAt);
        }

        html.Append("<section>\n<h2>Resolved in the last 7 days</h2>\n");
        if (page.RecentlyResolved.Count == 0)
        {
            html.Append("<p class=\"muted\">No incidents were resolved in the last 7 days.</p>\n");
        }

        foreach (var incident in page.RecentlyResolved)
        {
            ResolvedIncident(html, incident, page.GeneratedAt);
        }

        html.Append("</section>\n");
        html.Append("<p class=\"muted\">Last checked ").Append(Time(page.GeneratedAt, page.GeneratedAt)).Append(". This page refreshes every minute.</p>\n");
        Foot(html, withScript: true);
        return html.ToString();
    }

    /// <summary>When the status cannot be read at all. Says so plainly; claims nothing about the service either way.</summary>
    public static string Unavailable()
    {
        var html = new StringBuilder(1024);
        Head(html, "Service status");
        html.Append("<h1>Service status</h1>\n<p class=\"banner down\">The status page cannot be loaded right now. Please try again in a minute.</p>\n");
        Foot(html, withScript: false);
        return html.ToString();
    }

    private static void OpenIncident(StringBuilder html, PublicIncident incident, DateTimeOffset now)
    {
        html.Append("<article>\n<h2>").Append(Encode(incident.Title)).Append("</h2>\n");
        html.Append("<p><span class=\"state ").Append(StateClass(incident.Status)).Append("\">").Append(PublicStatus.Describe(incident.Status))
            .Append("</span> <span class=\"muted\">since ").Append(Time(incident.StartedAt, now)).Append("</span></p>\n");
        if (incident.Impact is { } impact)
        {
            html.Append("<p class=\"text\"><strong>Impact:</strong> ").Append(Encode(impact)).Append("</p>\n");
        }

        if (incident.NextUpdateBy is { } next)
        {
            html.Append("<p><strong>Next update by ").Append(Time(next, now)).Append("</strong></p>\n");
        }

        Updates(html, incident, now);
        html.Append("</article>\n");
    }

    private static void ResolvedIncident(StringBuilder html, PublicIncident incident, DateTimeOffset now)
    {
        html.Append("<article>\n<h3>").Append(Encode(incident.Title)).Append("</h3>\n");
        html.Append("<p><span class=\"state ").Append(StateClass(incident.Status)).Append("\">").Append(PublicStatus.Describe(incident.Status)).Append("</span>");
        if (incident.ResolvedAt is { } resolved)
        {
            html.Append(" <span class=\"muted\">").Append(Time(resolved, now)).Append("</span>");
        }

        html.Append("</p>\n");
        if (!string.IsNullOrWhiteSpace(incident.ResolutionSummary))
        {
            html.Append("<p class=\"text\">").Append(Encode(incident.ResolutionSummary)).Append("</p>\n");
        }

        // Folded: the history matters less once it is over, and a <details> opens without JavaScript.
        html.Append("<details><summary>").Append(incident.Updates.Count == 1 ? "1 update" : $"{incident.Updates.Count} updates").Append("</summary>\n");
        Updates(html, incident, now);
        html.Append("</details>\n</article>\n");
    }

    private static void Updates(StringBuilder html, PublicIncident incident, DateTimeOffset now)
    {
        html.Append("<ol>\n");
        foreach (var update in incident.Updates)
        {
            html.Append("<li><span class=\"muted\">").Append(Time(update.At, now)).Append("</span><br><span class=\"text\">")
                .Append(Encode(update.Text)).Append("</span></li>\n");
        }

        html.Append("</ol>\n");
    }

    private static void Head(StringBuilder html, string title)
    {
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"refresh\" content=\"60\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
    }

    private static void Foot(StringBuilder html, bool withScript)
    {
        html.Append("</main>\n");
        if (withScript)
        {
            html.Append("<script>").Append(Script).Append("</script>\n");
        }

        html.Append("</body>\n</html>\n");
    }

    /// <summary>"14:05 UTC", with the date in front when it is not today's (UTC), so times days apart are not mistaken for today's.</summary>
    internal static string Time(DateTimeOffset at, DateTimeOffset now)
    {
        var utc = at.UtcDateTime;
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return utc.Date == now.UtcDateTime.Date
            ? $"<time datetime=\"{iso}\">{utc.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC</time>"
            : $"<time datetime=\"{iso}\" data-day>{utc.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} UTC</time>";
    }

    private static string StateClass(PublicState state) => state == PublicState.Resolved ? "resolved" : "investigating";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Hash(string content) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
