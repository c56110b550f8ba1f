namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// What a pager test mail's link answers: a page of its own, not the console's (whoever follows the link has no
/// session, and needs none to confirm).
/// </summary>
public static class PagerTestConfirmedPage
{
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
