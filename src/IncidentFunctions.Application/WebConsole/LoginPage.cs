namespace IncidentFunctions.Application.WebConsole;

/// <summary>The sign-in form. No script needed: it is a plain form post, and the error sits next to the field.</summary>
public static class LoginPage
{
    public static Markup Render(string next, string? error) => Html.Of($"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · Incident console</title>
        <link rel="icon" href="/console/assets/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="{ConsoleLayout.StylePath}">
        </head>
        <body class="login">
        <main>
        <h1>Incident console</h1>
        <form method="post" action="/console/login" class="command" id="login">
          <input type="hidden" name="next" value="{next}">
          <label class="field"><span>Admin key</span>
            <input type="password" name="key" id="login-key" autocomplete="current-password" autofocus required{Html.When(error is not null, new Markup(" aria-invalid=\"true\" aria-describedby=\"login-key-error\""))}>
            {Html.When(error is not null, Html.Of($"<span class=\"error\" id=\"login-key-error\" data-error-for=\"key\" role=\"alert\">{error}</span>"))}
          </label>
          <button type="submit">Sign in</button>
        </form>
        <p class="hint">The admin key is the configuration's <code>adminApiKey</code>. Signing in keeps you signed in on this browser for {ConsoleSession.Lifetime.TotalHours} hours.</p>
        </main>
        </body>
        </html>
        """);
}
