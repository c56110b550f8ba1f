using System.Text.Json;
using IncidentFunctions.Application.Http;
using static IncidentFunctions.Application.WebConsole.ConsoleForms;

namespace IncidentFunctions.Application.WebConsole;

/// <summary>The post-mortem: the drafted facts to read, the judgement sections to edit, and completing it.</summary>
public static class PostmortemPage
{
    public static Markup Render(Postmortem p)
    {
        var n = p.IncidentNumber;
        var completed = p.Status == PostmortemStatus.Completed;
        return Html.Of($"""
            <h1><a href="/console/incidents/{n}">INC {n}</a> post-mortem: {p.Title}</h1>
            <p class="badges"><span class="status {(completed ? "closed" : "draft")}" id="postmortem-status">{(completed ? "completed" : "draft")}</span>
              {(completed ? $"by {p.CompletedBy}" : "")} {Html.When(completed, Html.Time(p.CompletedAt))}
              {Html.When(!completed && p.DueBy is not null, Html.Of($"due {Html.Time(p.DueBy)}"))}</p>
            <div class="incident">
            <section class="facts">
            <h2>Summary</h2><p class="text" id="postmortem-summary">{p.Summary}</p>
            {Impact(p.Impact)}
            {Bullets("Went well", p.WentWell)}
            {Bullets("To change", p.ToChange)}
            {Bullets("Lessons", p.Lessons)}
            {ActionItems(p.ActionItems)}
            {Actions(p.Actions)}
            {Timeline(p.Timeline)}
            {FromChannel(p.FromChannel)}
            </section>
            <section class="commands" aria-label="Commands">
            {Html.When(!completed, Edit(p))}
            {Html.When(!completed, Form("complete", "POST", $"incidents/{n}/postmortem/complete", "Complete",
                Html.Of($"<p class=\"hint\">Completed by you.</p>"), "Mark complete",
                confirm: "Complete the post-mortem? It can no longer be edited, and the incident closes."))}
            </section>
            </div>
            """);
    }

    private static Markup Edit(Postmortem p)
    {
        var n = p.IncidentNumber;
        return Form("postmortem", "PUT", $"incidents/{n}/postmortem", "Edit",
            Html.Of($"""
                {TextArea("postmortem", "summary", "Summary", required: true, value: p.Summary, rows: 6)}
                {TextArea("postmortem", "wentWell", "Went well", hint: "One per line.", value: string.Join("\n", p.WentWell), kind: "lines", rows: 4)}
                {TextArea("postmortem", "toChange", "To change", hint: "One per line.", value: string.Join("\n", p.ToChange), kind: "lines", rows: 4)}
                {TextArea("postmortem", "lessons", "Lessons", hint: "One per line.", value: string.Join("\n", p.Lessons), kind: "lines", rows: 4)}
                {TextArea("postmortem", "actionItems", "Action items (JSON)", hint: "Each: title, owner, dueBy, reason, source (suggested or manual), done.",
                    value: JsonSerializer.Serialize(p.ActionItems, Indented), kind: "json", rows: 10)}
                """), "Save post-mortem");
    }

    private static readonly JsonSerializerOptions Indented = new(ApiJson.Options) { WriteIndented = true };

    private static Markup Impact(PostmortemImpact i) => Html.Of($"""
        <h2>Impact</h2>
        <dl class="summary">
          <dt>Severity</dt><dd>SEV{(int)i.Severity}</dd>
          <dt>Services</dt><dd>{(i.AffectedServices.Count == 0 ? "not assessed" : string.Join(", ", i.AffectedServices))}</dd>
          <dt>Hosts / users</dt><dd>{i.HostsAffected?.ToString() ?? "—"} / {i.UsersAffected?.ToString() ?? "—"}</dd>
          <dt>Customer-visible</dt><dd>{i.CustomerVisible switch { true => "yes", false => "no", null => "not assessed" }}</dd>
          <dt>Started</dt><dd>{Html.Time(i.StartedAt)}</dd>
          <dt>Detected</dt><dd>{Html.Time(i.DetectedAt)} (after {Html.Span(i.TimeToDetect)})</dd>
          <dt>Acknowledged</dt><dd>{Html.Time(i.AcknowledgedAt)}{(i.TimeToAcknowledge is { } ack ? $" (after {Html.Span(ack)})" : "")}</dd>
          <dt>Resolved</dt><dd>{Html.Time(i.ResolvedAt)} (after {Html.Span(i.TimeToResolve)}; impact lasted {Html.Span(i.ImpactDuration)})</dd>
        </dl>
        """);

    private static Markup Bullets(string title, IReadOnlyList<string> items) => Html.Of($"""
        <h2>{title}</h2>
        <ul>{(items.Count == 0 ? new Markup("<li class=\"empty\">nothing yet</li>") : Html.Join(items.Select(t => Html.Of($"<li>{t}</li>"))))}</ul>
        """);

    private static Markup ActionItems(IReadOnlyList<ActionItem> items) => Html.Of($"""
        <h2>Action items</h2>
        <table><thead><tr><th>Item</th><th>Owner</th><th>Due</th><th>Why</th><th>Source</th><th>Done</th></tr></thead><tbody>
        {Html.Join(items.Select(a => Html.Of($"<tr><td>{a.Title}</td><td>{a.Owner}</td><td>{Html.Time(a.DueBy)}</td><td>{a.Reason}</td><td>{a.Source}</td><td>{(a.Done ? "yes" : "no")}</td></tr>")))}
        </tbody></table>
        """);

    private static Markup Actions(IReadOnlyList<PostmortemAction> actions) => Html.Of($"""
        <h2>Actions taken</h2>
        <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Why</th><th>Undo</th><th>Outcome</th></tr></thead><tbody>
        {Html.Join(actions.Select(a => Html.Of($"<tr><td>{Html.Time(a.At)}</td><td>{a.By}</td><td>{a.What}</td><td>{a.Why}</td><td>{a.Undo}</td><td>{a.Outcome}</td></tr>")))}
        </tbody></table>
        """);

    /// <summary>What the incident's channel found; nothing when it found nothing (or the incident had no channel).</summary>
    private static Markup FromChannel(IReadOnlyList<ChannelFinding> found) => found.Count == 0 ? Markup.Empty : Html.Of($"""
        <h2>From the incident channel</h2>
        <ul class="notes" id="from-channel">{Html.Join(found.Select(c => Html.Of($"""
            <li><span class="tag finding">{(c.Kind == ChannelFinding.Pinned ? "pinned" : "note")}</span> <p class="text">{c.Text}</p>
            <small>{c.Author}, {Html.Time(c.At)}{(c.PinnedBy is null ? "" : $" · pinned by {c.PinnedBy}")}{Html.When(c.Permalink is not null, Html.Of($" · {Html.ExternalLink(c.Permalink, "view in Slack")}"))}</small></li>
            """)))}</ul>
        """);

    private static Markup Timeline(IReadOnlyList<PostmortemEvent> events) => Html.Of($"""
        <h2>Timeline</h2>
        <table class="timeline"><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead><tbody>
        {Html.Join(events.Select(e => Html.Of($"<tr><td>{Html.Time(e.At)}</td><td>{e.Actor}{Html.When(e.Via is not null, Html.Of($" <small class=\"via\">via {e.Via}</small>"))}</td><td>{e.Text}</td></tr>")))}
        </tbody></table>
        """);
}
