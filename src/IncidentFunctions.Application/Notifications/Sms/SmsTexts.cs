using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Sms;

namespace IncidentFunctions.Application.Notifications.Sms;

/// <summary>The words of every text we send; kept together so their tone and length stay consistent.</summary>
public static class SmsTexts
{
    private const int MaxTitle = 120;

    public static string Page(Incident incident, int tierIndex, PageReason reason)
    {
        var prefix = reason switch
        {
            PageReason.Opened or PageReason.Loud => "",
            PageReason.Help => $"[help wanted, tier {tierIndex + 1}] ",
            _ => $"[escalated, tier {tierIndex + 1}] ",
        };
        var playbook = incident.PlaybookUrls.Count == 0 ? " No playbook." : $" Playbook: {incident.PlaybookUrls[0]}";
        var repeat = incident.RepeatSummary is null ? "" : $" {incident.RepeatSummary}.";
        return $"{prefix}INC {incident.Number} {Sev(incident)} {incident.Service}: {Short(incident.Title)}.{repeat}{playbook} {SmsReplyCodes.Footer(incident.Number)}";
    }

    /// <summary>A page that also says the pages the flood limit held back, each with its own reply code.</summary>
    public static string WithWaiting(string page, IReadOnlyList<long> waiting)
    {
        const int listed = 10;
        var numbers = waiting.Order().Take(listed).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList();
        var more = waiting.Count > listed ? $" and {waiting.Count - listed} more" : "";
        var end = page.EndsWith('.') ? "" : ".";
        return $"{page}{end} Also waiting for you: {string.Join(", ", numbers.Select(n => "INC " + n))}{more} (reply {string.Join(", ", numbers.Select(n => n + "a"))}).";
    }

    public static string TakenBy(Incident incident, string lead) =>
        $"INC {incident.Number} ({incident.Service}) was acknowledged by {lead}, who is the lead. No action needed from you.";

    public static string Unacknowledged(Incident incident) =>
        $"INC {incident.Number} {incident.Service}: {Short(incident.Title)} is still unacknowledged after every tier was paged. Paging has stopped. Reply {incident.Number}a to take the lead.";

    public static string Resolved(Incident incident) =>
        $"INC {incident.Number} ({incident.Service}) {(incident.ResolvedBy is null ? "is resolved" : $"was resolved by {incident.ResolvedBy}")}.";

    public static string AlertsResolved(Incident incident) =>
        $"INC {incident.Number} ({incident.Service}): every alert has cleared at its source, but this service does not auto-resolve. Resolve it when you are satisfied.";

    public static string BroughtIn(Incident incident, string? by, string? reason) =>
        $"INC {incident.Number} {Sev(incident)} {incident.Service}: {Short(incident.Title)}. You were brought in{(by is null ? "" : $" by {by}")}{(reason is null ? "" : $" ({reason})")}. Lead: {incident.Lead ?? "nobody yet"}. Reply {incident.Number}n <finding> to add a note.";

    public static string NowLead(Incident incident, string? previous) =>
        $"INC {incident.Number} {Sev(incident)} {incident.Service}: {Short(incident.Title)}. You are now the lead{(previous is null ? "" : $", handed over by {previous}")}. Reply {incident.Number}u <text> to post an update.";

    public static string LeadershipSev1(Incident incident) =>
        $"SEV1 INC {incident.Number} {incident.Service}: {Short(incident.Title)}. Lead: {incident.Lead ?? "being paged"}. Updates will follow.";

    public static string RetrospectiveReminder(Incident incident, bool overdue) =>
        $"INC {incident.Number} ({incident.Service}): the post-mortem {(overdue ? "is overdue" : "is still open")}. Review the draft and complete it.";

    public static string Update(Incident incident, Domain.Response.StatusUpdate update) =>
        $"INC {incident.Number} update from {update.By}: {Clip(update.Text, 900)}" +
        (update.NextUpdateBy is { } next ? $" Next update by {next.UtcDateTime:HH:mm} UTC." : "");

    /// <summary>A pager test's text: no incident, one word to answer.</summary>
    public static string PagerTest(string responder) =>
        $"Pager test for {responder}: reply {SmsReplyCodes.ConfirmTestWord} to confirm this number reaches you. This is not an incident.";

    /// <summary>The answer to "ok" when it confirmed a test.</summary>
    public static string PagerTestConfirmed(string responder) => $"Thanks, {responder}: pager test confirmed, this number reaches you.";

    /// <summary>To a schedule's owner: the incoming person has not confirmed their hand-off test.</summary>
    public static string HandoffTestUnconfirmed(PagerTest test, string schedule, TimeSpan after) =>
        $"Pager test: {test.Responder} took over {schedule} at {test.StartedAt.UtcDateTime:HH:mm} UTC and has not confirmed the hand-off test after " +
        $"{Minutes(after)} ({string.Join(", ", test.Methods.Select(m => $"{m.Key} {StateWord(m)}"))}). Check they can be paged.";

    private static string StateWord(PagerTestMethod method) => method.State switch
    {
        PagerTestState.Failed => "failed",
        PagerTestState.Sending => "not sent",
        PagerTestState.Confirmed => "confirmed",
        _ => "sent",
    };

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1
        ? $"{span.TotalMinutes:0} minute{(span.TotalMinutes >= 1.5 ? "s" : "")}"
        : $"{span.TotalSeconds:0} seconds";

    public static string Sev(Incident incident) => $"SEV{(int)incident.Severity}";

    private static string Short(string title) => Clip(title, MaxTitle);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
