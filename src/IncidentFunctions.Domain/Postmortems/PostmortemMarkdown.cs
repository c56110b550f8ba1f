using System.Text;
using static IncidentFunctions.Domain.Postmortems.TimeText;

namespace IncidentFunctions.Domain.Postmortems;

/// <summary>
/// Renders a post-mortem as a Markdown document (GitHub flavour: tables and task lists). Times are UTC.
/// User text is written as typed, except that it is kept on one line where a line break would end the
/// construct (headings, table cells) and pipes are escaped in table cells.
/// </summary>
public static class PostmortemMarkdown
{
    public static string Render(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        var p = postmortem;
        var md = new StringBuilder();

        md.Append("# INC ").Append(N(p.IncidentNumber)).Append(" post-mortem: ").AppendLine(OneLine(p.Title)).AppendLine();
        var status = p.Status == PostmortemStatus.Completed
            ? $"Completed{(p.CompletedBy is null ? "" : " by " + OneLine(p.CompletedBy))}{(p.CompletedAt is { } at ? " on " + Utc(at) : "")}"
            : "Draft";
        Line(md, $"- **Status:** {status}");
        Line(md, $"- **Service:** {OneLine(p.Service)}");
        Line(md, $"- **Lead:** {(string.IsNullOrWhiteSpace(p.Lead) ? "none" : OneLine(p.Lead))}");
        if (p.Responders.Count > 0)
        {
            Line(md, $"- **Responders:** {OneLine(string.Join(", ", p.Responders))}");
        }

        Line(md, $"- **Drafted:** {Utc(p.DraftedAt)}");
        if (p.DueBy is { } dueBy)
        {
            Line(md, $"- **Retrospective due:** {Utc(dueBy)}");
        }

        Heading(md, "Summary");
        Line(md, p.Summary.Trim());

        Heading(md, "Impact");
        var impact = p.Impact;
        Line(md, "| | |");
        Line(md, "|---|---|");
        Row(md, "Severity", PostmortemDrafter.Sev(impact.Severity));
        if (impact.CustomerVisible is null && impact.AffectedServices.Count == 0)
        {
            Row(md, "Scope", "not assessed");
        }
        else
        {
            Row(md, "Affected services", impact.AffectedServices.Count == 0 ? "—" : string.Join(", ", impact.AffectedServices));
            Row(md, "Customer visible", impact.CustomerVisible switch { true => "yes", false => "no", null => "—" });
            Row(md, "Hosts affected", impact.HostsAffected is { } hosts ? N(hosts) : "—");
            Row(md, "Users affected", impact.UsersAffected is { } users ? N(users) : "—");
            if (!string.IsNullOrWhiteSpace(impact.ScopeNotes))
            {
                Row(md, "Scope notes", impact.ScopeNotes);
            }
        }

        Row(md, "Started", Utc(impact.StartedAt));
        Row(md, "Detected", Utc(impact.DetectedAt));
        Row(md, "Acknowledged", impact.AcknowledgedAt is { } ack ? Utc(ack) : "never");
        Row(md, "Resolved", Utc(impact.ResolvedAt));
        Row(md, "Time to detect", Short(impact.TimeToDetect));
        Row(md, "Time to acknowledge", impact.TimeToAcknowledge is { } tta ? Short(tta) : "—");
        Row(md, "Time to resolve", Short(impact.TimeToResolve));
        Row(md, "Impact duration", Short(impact.ImpactDuration));

        Heading(md, "Detection");
        var detection = p.Detection;
        Line(md, detection.ReportedByHuman
            ? "Reported by a person before any monitor alerted."
            : detection.Alerts.Count == 0 ? "Opened by monitoring." : "Detected by monitoring.");
        if (detection.Alerts.Count > 0)
        {
            md.AppendLine();
            Line(md, "| Alert | Source | Fired | First seen (UTC) | Last seen (UTC) |");
            Line(md, "|---|---|---|---|---|");
            foreach (var alert in detection.Alerts)
            {
                Line(md, $"| {Cell(alert.Title)} | {Cell(alert.Format)} | {N(alert.Count)} | {Time(alert.FirstSeenAt)} | {Time(alert.LastSeenAt)} |");
            }
        }

        md.AppendLine();
        if (detection.PlaybookUrls.Count == 0)
        {
            Line(md, "No playbook existed for this alert.");
        }
        else
        {
            foreach (var url in detection.PlaybookUrls)
            {
                Line(md, $"- Playbook: {OneLine(url)}");
            }
        }

        Heading(md, "Timeline");
        Line(md, "| Time (UTC) | Who | What |");
        Line(md, "|---|---|---|");
        foreach (var e in p.Timeline)
        {
            Line(md, $"| {Time(e.At)} | {Cell(e.Via is null ? e.Actor : $"{e.Actor} (via {e.Via})")} | {Cell(e.Text)} |");
        }

        // Only when the channel found something: most incidents have no channel, and an empty heading would say nothing.
        if (p.FromChannel.Count > 0)
        {
            Heading(md, "From the incident channel");
            foreach (var m in p.FromChannel)
            {
                var how = m.Kind == ChannelFinding.Pinned ? $"pinned{(m.PinnedBy is null ? "" : " by " + OneLine(m.PinnedBy))}" : "note from the channel";
                Line(md, $"- **{OneLine(m.Author)}**, {Utc(m.At)} ({how}): {Indented(m.Text)}{Link(" — ", "view in Slack", m.Permalink)}");
            }
        }

        Heading(md, "Actions taken");
        if (p.Actions.Count == 0)
        {
            Line(md, "_No actions were recorded._");
        }

        for (var i = 0; i < p.Actions.Count; i++)
        {
            var a = p.Actions[i];
            if (i > 0)
            {
                md.AppendLine();
            }

            Line(md, $"{N(i + 1)}. **{OneLine(a.What)}** ({OneLine(a.By)}, {Utc(a.At)})");
            Line(md, $"   - Why: {Indented(a.Why, 5)}");
            Line(md, $"   - Expected effect: {Indented(a.ExpectedEffect, 5)}");
            Line(md, $"   - Undo: {Indented(a.Undo, 5)}");
            Line(md, $"   - Outcome: {Indented(a.Outcome, 5)}{(a.ConfirmedBy is null ? "" : $" ({OneLine(a.ConfirmedBy)}{(a.ConfirmedAt is { } c ? ", " + Utc(c) : "")})")}");
        }

        List(md, "What went well", p.WentWell);
        List(md, "What to change", p.ToChange);
        List(md, "Lessons", p.Lessons);

        Heading(md, "Action items");
        if (p.ActionItems.Count == 0)
        {
            Line(md, "_None yet._");
        }

        foreach (var item in p.ActionItems)
        {
            var reason = string.IsNullOrWhiteSpace(item.Reason) ? "" : $" — {Indented(item.Reason)}";
            var source = item.Source == ActionItem.Suggested ? " _(suggested)_" : "";
            Line(md, $"- [{(item.Done ? "x" : " ")}] {OneLine(item.Title)} — owner: {OneLine(item.Owner)}, due {Date(item.DueBy)}{reason}{source}");
        }

        return md.ToString();
    }

    private static void Heading(StringBuilder md, string text) => md.AppendLine().Append("## ").AppendLine(text).AppendLine();

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static void Row(StringBuilder md, string name, string value) => Line(md, $"| {name} | {Cell(value)} |");

    private static void List(StringBuilder md, string heading, IReadOnlyList<string> items)
    {
        Heading(md, heading);
        if (items.Count == 0)
        {
            Line(md, "_Nothing noted yet._");
        }

        foreach (var item in items)
        {
            Line(md, $"- {Indented(item)}");
        }
    }

    /// <summary>
    /// A link only to an http(s) address, written between angle brackets so that parentheses in it do not end it
    /// (<see cref="Uri.AbsoluteUri"/> has already escaped spaces and angle brackets); nothing otherwise.
    /// </summary>
    private static string Link(string before, string text, string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? $"{before}[{text}](<{uri.AbsoluteUri}>)"
            : "";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Table cell text: one line, pipes escaped so they do not split the cell.</summary>
    internal static string Cell(string? text) => OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Multi-line text inside a list item: continuation lines indented so they stay in the item.</summary>
    private static string Indented(string? text, int indent = 2) =>
        string.Join("\n" + new string(' ', indent), (text ?? "").Trim().Split(["\r\n", "\n", "\r"], StringSplitOptions.None).Select(l => l.TrimEnd()));
}
