namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// Signing in by one-time code, in two plain form posts (no script needed): who you are, then the code sent to your
/// own phone or address. The error sits next to the field.
/// </summary>
public static class LoginPage
{
    /// <summary>Step one: name, phone number or email address.</summary>
    public static Markup Render(string next, string? error) => Shell(Html.Of($"""
        <form method="post" action="/console/login" class="command" id="login">
          <input type="hidden" name="next" value="{next}">
          <label class="field"><span>Your name, phone number or email address</span>
            <input type="text" name="who" id="login-who" autocomplete="username" autofocus required{Invalid(error, "login-who-error")}>
            {Error(error, "login-who-error", "who")}
          </label>
          <button type="submit">Send me a code</button>
        </form>
        <p class="hint">A six-digit code goes to your own phone by text (or to the email address you give). It works once, for {SignInCode.Lifetime.TotalMinutes:0} minutes; signing in keeps you signed in on this browser for {ConsoleSession.Lifetime.TotalHours:0} hours.</p>
        """));

    /// <summary>Step two: the code.</summary>
    public static Markup RenderCode(string next, string who, string? error) => Shell(Html.Of($"""
        <p class="notice" id="login-sent">If {who} is a responder here, a code is on its way to their phone (or to that email address).</p>
        <form method="post" action="/console/login/code" class="command" id="login-code">
          <input type="hidden" name="next" value="{next}">
          <input type="hidden" name="who" value="{who}">
          <label class="field"><span>Code</span>
            <input type="text" name="code" id="login-code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="8" autofocus required{Invalid(error, "login-code-error")}>
            {Error(error, "login-code-error", "code")}
          </label>
          <button type="submit">Sign in</button>
        </form>
        <p class="hint"><a href="/console/login">Ask for a new code</a></p>
        """));

    private static Markup Invalid(string? error, string id) => Html.When(error is not null, Html.Of($" aria-invalid=\"true\" aria-describedby=\"{id}\""));

    private static Markup Error(string? error, string id, string field) =>
        Html.When(error is not null, Html.Of($"<span class=\"error\" id=\"{id}\" data-error-for=\"{field}\" role=\"alert\">{error}</span>"));

    private static Markup Shell(Markup form) => Html.Of($"""
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
        {form}
        </main>
        </body>
        </html>
        """);
}
