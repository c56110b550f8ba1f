using static IncidentFunctions.Application.WebConsole.ConsoleForms;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>The incident page's commands, one form per API endpoint, field names as the API names them.</summary>
public static class IncidentCommandForms
{
    /// <summary>As whoever is signed in: they take the lead (handing it on is the lead form's).</summary>
    public static Markup Acknowledge(long n) => Form("ack", "POST", $"incidents/{n}/ack", "Acknowledge",
        Html.Of($"<p class=\"hint\">You take the lead.</p>"), "Acknowledge and take the lead");

    public static Markup PostUpdate(long n) => Form("update", "POST", $"incidents/{n}/updates", "Post a status update",
        Html.Of($"""
            {TextArea("update", "text", "Update", required: true, hint: "What is known, what is being done, what happens next.")}
            {Checkboxes("update", "audiences", "Audiences", [("team", "Team", true), ("leadership", "Leadership", false), ("users", "Users", false)])}
            <fieldset class="public" data-shown-by="update-audiences-users" hidden>
              <legend>For users</legend>
              {Text("update", "publicTitle", "Public title", hint: "Shown to users instead of the internal title; no internal names.")}
              {TextArea("update", "impact", "Impact on users", rows: 2)}
            </fieldset>
            {LocalTime("update", "nextUpdateBy", "Next update by", "In your time zone; empty means one update cadence from now.")}
            """), "Post update");

    public static Markup RecordAction(long n) => Form("action", "POST", $"incidents/{n}/actions", "Record an action",
        Html.Of($"""
            {Text("action", "what", "What", required: true)}
            {Text("action", "why", "Why", required: true)}
            {Text("action", "expectedEffect", "Expected effect", required: true)}
            {Text("action", "undo", "Undo plan", hint: "How to take it back. Leave empty only for an irreversible action.")}
            {Flag("action", "irreversible", "Cannot be undone")}
            """), "Record action");

    public static Markup Outcome(long n, string actionId) => Form($"outcome-{actionId}", "POST", $"incidents/{n}/actions/{actionId}/outcome", "Outcome",
        Html.Of($"""
            {Select($"outcome-{actionId}", "result", "Result", [("worked", "worked"), ("no-effect", "no effect"), ("made-worse", "made it worse")])}
            {Text($"outcome-{actionId}", "observed", "Observed", required: true)}
            """), "Record outcome");

    public static Markup Note(long n) => Form("note", "POST", $"incidents/{n}/notes", "Add a note",
        Html.Of($"""
            {TextArea("note", "text", "Note", required: true)}
            {Select("note", "kind", "Kind", [("finding", "finding"), ("hypothesis", "hypothesis"), ("root-cause", "root cause"), ("other", "other")])}
            """), "Add note");

    public static Markup HandOver(long n, IReadOnlyList<string> responders, string? lead) => Form("lead", "POST", $"incidents/{n}/lead", "Hand over the lead",
        Html.Of($"""
            {Select("lead", "to", "New lead", [("", "choose…"), .. responders.Where(r => r != lead).Select(r => (r, r))], required: true)}
            {Text("lead", "reason", "Reason")}
            """), "Hand over");

    public static Markup AddResponders(long n, IReadOnlyList<string> candidates) => candidates.Count == 0
        ? Markup.Empty
        : Form("responders", "POST", $"incidents/{n}/responders", "Bring in responders",
            Html.Of($"""
                {Checkboxes("responders", "responders", "Page now", candidates.Select(r => (r, r, false)))}
                {Text("responders", "reason", "Reason")}
                """), "Page them");

    public static Markup Severity(long n, int current) => Form("severity", "PUT", $"incidents/{n}/severity", "Change severity",
        Html.Of($"""
            {Select("severity", "severity", "Severity", Enumerable.Range(1, 4).Select(s => ($"SEV{s}", $"SEV{s}")), selected: $"SEV{current}")}
            {Text("severity", "reason", "Reason", required: true)}
            """), "Change severity");

    public static Markup Scope(long n, IncidentScope? scope) => Form("scope", "PUT", $"incidents/{n}/scope", "Assess scope",
        Html.Of($"""
            {Text("scope", "affectedServices", "Affected services", hint: "Comma-separated.", value: scope is null ? null : string.Join(", ", scope.AffectedServices), kind: "csv")}
            {Number("scope", "hostsAffected", "Hosts affected")}
            {Number("scope", "usersAffected", "Users affected")}
            {Flag("scope", "customerVisible", "Customers can see it")}
            {TextArea("scope", "notes", "Notes", rows: 2)}
            """), "Save scope");

    public static Markup Resolve(long n) => Form("resolve", "POST", $"incidents/{n}/resolve", "Resolve",
        TextArea("resolve", "summary", "Summary", required: true, hint: "What was wrong and what fixed it; it starts the post-mortem."),
        "Resolve incident", confirm: $"Resolve INC {n}? Paging and update reminders stop.");

    public static Markup AlertFeedback(long n) => Form("feedback", "POST", $"incidents/{n}/alert-feedback", "Was the alert useful?",
        Html.Of($"""
            {Select("feedback", "useful", "Verdict", [("true", "useful"), ("false", "not useful")], kind: "bool")}
            {Text("feedback", "comment", "Comment")}
            """), "Send verdict");
}
