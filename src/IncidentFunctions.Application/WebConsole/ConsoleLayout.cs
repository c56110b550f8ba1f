using IncidentFunctions.Application.Identity;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>The page shell: header with navigation, who is signed in (every command is recorded as them), sign-out; the page itself in main.</summary>
public static class ConsoleLayout
{
    public const string ScriptPath = "/console/assets/app.js";
    public const string StylePath = "/console/assets/app.css";

    /// <param name="user">Who is signed in: the header names them, since what they do here is recorded as them.</param>
    /// <param name="refreshSeconds">Reload the page this often (the script does it), for pages without forms.</param>
    public static Markup Render(string title, Markup body, RequestActor user, string? active = null, int? refreshSeconds = null)
    {
        return Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Incident console</title>
            <link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="{StylePath}">
            <script src="{ScriptPath}" defer></script>
            </head>
            <body{Html.When(refreshSeconds is not null, Html.Of($" data-refresh=\"{refreshSeconds}\""))}>
            <header class="bar">
              <a class="brand" href="/console">Incident console</a>
              <nav>
                <a href="/console"{Current(active, "incidents")}>Open incidents</a>
                <a href="/console?status=resolved"{Current(active, "resolved")}>Resolved</a>
                <a href="/console/reports"{Current(active, "reports")}>Reports</a>
                <a href="/console/responders"{Current(active, "responders")}>Responders</a>
                <a href="/console/maintenance"{Current(active, "maintenance")}>Maintenance</a>
                <a href="/console/heartbeats"{Current(active, "heartbeats")}>Heartbeats</a>
                <a href="/console/tokens"{Current(active, "tokens")}>API tokens</a>
              </nav>
              <span class="signed-in" id="signed-in" title="What you do here is recorded as you">{user.Name} <small>({user.Role.ToString()})</small></span>
              <form method="post" action="/console/logout"><button type="submit" class="link">Sign out</button></form>
            </header>
            <main>
            {body}
            </main>
            </body>
            </html>
            """);
    }

    /// <summary>A page of its own for "not found" and similar, in the same shell.</summary>
    public static Markup Message(string title, string message, RequestActor user) =>
        Render(title, Html.Of($"<h1>{title}</h1><p class=\"notice\">{message}</p><p><a href=\"/console\">Back to open incidents</a></p>"), user);

    private static Markup Current(string? active, string name) => Html.When(active == name, new Markup(" aria-current=\"page\""));
}
