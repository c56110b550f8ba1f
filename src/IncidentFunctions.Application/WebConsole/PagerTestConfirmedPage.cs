namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// What a pager test mail's link answers: a page of its own, not the console's (whoever follows the link has no
/// session, and needs none to confirm).
/// </summary>
public static class PagerTestConfirmedPage
{
    /// <summary>What the link opens: a button that confirms (a POST to <paramref name="link"/>), so a mail scanner following it confirms nothing.</summary>
    public static Markup Ask(string responder, string address, string link, bool already) => already
        ? Render(responder, address, already: true)
        : Html.Of($"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Confirm the pager test</title>
        <link rel="stylesheet" href="{ConsoleLayout.StylePath}">
        </head>
        <body>
        <main>
        <h1>Confirm the pager test</h1>
        <p id="pager-test-ask">{responder}, press the button to confirm that {address} reaches you.</p>
        <form method="post" action="{link}"><button type="submit" id="pager-test-confirm">Confirm</button></form>
        <p>This is a test, not an incident.</p>
        </main>
        </body>
        </html>
        """);

    public static Markup Render(string responder, string address, bool already) => Html.Of($"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Pager test confirmed</title>
        <link rel="stylesheet" href="{ConsoleLayout.StylePath}">
        </head>
        <body>
        <main>
        <h1>Pager test confirmed</h1>
        <p id="pager-test-confirmed">{(already ? $"Already confirmed: {address} reaches {responder}." : $"Thank you, {responder}: {address} reaches you.")}</p>
        <p>This was a test, not an incident. Nothing else needs doing.</p>
        </main>
        </body>
        </html>
        """);
}
