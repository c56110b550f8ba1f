using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.PagerTests;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// Every responder's contact methods with their last pager test and last confirmation, those a page can reach flagged
/// when a method was never confirmed or failed its last test, and a "Send test" button per responder (the API's POST
/// /api/responders/{name}/test through /console/api, as every console command).
/// </summary>
public static class RespondersPage
{
    /// <param name="canTest">Whose pager the signed-in person may test (their own; everyone's as an Admin): only they get a button.</param>
    public static Markup Render(IReadOnlyList<ResponderStatus> responders, Func<string, bool>? canTest = null)
    {
        canTest ??= _ => true;
        var flagged = responders.Where(r => r.Flagged).Select(r => r.Responder.Name).ToList();
        return Html.Of($"""
            <h1>Responders</h1>
            {(flagged.Count == 0
                ? new Markup("<p class=\"notice\" id=\"responders-flagged\">Every responder a page can reach has confirmed each of their methods.</p>")
                : Html.Of($"<p class=\"notice overdue\" id=\"responders-flagged\">Not known to be reachable: {string.Join(", ", flagged)}. A method never confirmed, or one whose last test failed, may not wake them for a page: send a test.</p>"))}
            <table id="responders"><thead><tr><th>Responder</th><th>Schedules</th><th>Method</th><th>Last test</th><th>Last confirmed</th><th>Flag</th><th></th></tr></thead>
            {Html.Join(responders.Select((r, i) => Rows(r, i, canTest(r.Responder.Name))))}
            </table>
            <p><small>A test texts, calls and mails each method; the responder confirms by replying ok, pressing 1 on the call, or following the mail's link.</small></p>
            """);
    }

    private static Markup Rows(ResponderStatus status, int index, bool canTest)
    {
        var methods = status.Reachability.Methods;
        var span = Math.Max(1, methods.Count);
        var name = status.Responder.Name;
        var head = Html.Of($"""
            <td rowspan="{span}">{name}{Html.When(!status.Pageable, new Markup(" <small>(on no schedule or policy)</small>"))}</td>
            <td rowspan="{span}">{(status.Schedules.Count == 0 ? "—" : string.Join(", ", status.Schedules))}</td>
            """);
        var button = !canTest ? Html.Of($"<td rowspan=\"{span}\"></td>") : Html.Of($"""
            <td rowspan="{span}"><form class="command inline" id="test-{index}" data-method="POST" data-api="responders/{Uri.EscapeDataString(name)}/test">
              <p class="error" data-error-for="" role="alert" hidden></p>
              <button type="submit">Send test</button>
            </form></td>
            """);
        var rows = methods.Select((m, i) => Html.Of($"""
            <tr data-method="{m.Key}"{Html.When(status.Pageable && m.Flag != ReachabilityFlag.None, new Markup(" class=\"flagged\""))}>{Html.When(i == 0, head)}<td>{ContactMethod.Word(m.Method.Type)} {ContactMask.Of(m.Method)}{(m.Method.Name is { } label ? $" ({label})" : "")}</td><td>{LastTest(m)}</td><td>{Confirmed(m)}</td><td>{Flag(m)}</td>{Html.When(i == 0, button)}</tr>
            """));
        return Html.Of($"""
            <tbody data-responder="{name}"{Html.When(status.Flagged, new Markup(" class=\"flagged\""))}>
            {Html.Join(rows)}
            </tbody>
            """);
    }

    private static Markup LastTest(MethodReachability m) => m.LastTest is not { } last
        ? new Markup("never")
        : Html.Of($"{Html.Time(last.StartedAt)}: {StateWord(last.Result.State)}{(last.Result.Error is { } error ? " — " + error : "")}");

    private static Markup Confirmed(MethodReachability m) => m.LastConfirmedAt is null
        ? new Markup("never")
        : Html.Of($"{Html.Time(m.LastConfirmedAt)} by {m.LastConfirmedVia}");

    private static Markup Flag(MethodReachability m) => m.Flag switch
    {
        ReachabilityFlag.LastTestFailed => new Markup("<span class=\"overdue\">last test failed</span>"),
        ReachabilityFlag.NeverConfirmed => new Markup("<span class=\"overdue\">never confirmed</span>"),
        _ => Markup.Empty,
    };

    private static string StateWord(PagerTestState state) => state switch
    {
        PagerTestState.Sending => "sending",
        PagerTestState.Sent => "sent, not confirmed",
        PagerTestState.Failed => "failed",
        _ => "confirmed",
    };
}
