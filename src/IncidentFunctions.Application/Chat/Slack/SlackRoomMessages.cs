using System.Globalization;
using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>
/// What the incident room shows in Slack, made from the incident as it stands: the card (with its buttons), the
/// channel topic, the announcement, one line per timeline entry that matters, and the last message before archiving.
/// Text is Slack mrkdwn, so whatever came from alerts or people is escaped (&amp;, &lt;, &gt;).
/// </summary>
public static class SlackRoomMessages
{
    /// <summary>Slack's limit for a topic.</summary>
    public const int MaxTopic = 250;

    /// <summary>The timeline kinds posted in the channel: the response's facts, not its chatter (reminders, texts to leadership) nor the channel's own messages.</summary>
    public static bool Matters(TimelineEntry entry) => entry.Kind switch
    {
        TimelineEntryKind.PageSent or TimelineEntryKind.Escalated or TimelineEntryKind.Acknowledged or TimelineEntryKind.LeadChanged
            or TimelineEntryKind.RespondersAdded or TimelineEntryKind.SeverityChanged or TimelineEntryKind.ScopeChanged
            or TimelineEntryKind.UpdatePosted or TimelineEntryKind.Note or TimelineEntryKind.ActionRecorded or TimelineEntryKind.ActionConfirmed
            or TimelineEntryKind.UpdateOverdue or TimelineEntryKind.GoneQuiet or TimelineEntryKind.Unacknowledged or TimelineEntryKind.RepeatDetected
            or TimelineEntryKind.Resolved or TimelineEntryKind.PostmortemDrafted or TimelineEntryKind.PostmortemCompleted or TimelineEntryKind.Closed => true,
        // A page that failed for good matters (someone was not reached); one that will be tried again does not yet.
        TimelineEntryKind.PageFailed => entry.Data?.GetValueOrDefault("transient") != "true",
        _ => false,
    };

    public static string Name(Incident incident) =>
        $"INC {N(incident.Number)} · {SeverityPolicy.Format(incident.Severity)} · {incident.Title}";

    /// <summary>The channel topic: severity, service, status, lead and the next update due.</summary>
    public static string Topic(Incident incident)
    {
        var parts = new List<string> { SeverityPolicy.Format(incident.Severity), incident.Service, Status(incident) };
        parts.Add("Lead: " + (incident.Lead ?? "nobody yet"));
        if (incident.NextUpdateDue is { } due && IsOpen(incident))
        {
            parts.Add("Next update " + Clock(due));
        }

        var topic = string.Join(" · ", parts);
        return topic.Length <= MaxTopic ? topic : topic[..(MaxTopic - 1)] + "…";
    }

    /// <summary>The card: what the incident is and where it stands, and (while open) the buttons to act on it.</summary>
    /// <param name="slackUser">A responder's Slack id, to mention them; null when they have none.</param>
    public static (string Text, JsonArray Blocks) Card(Incident incident, Func<string, string?> slackUser, string? consoleUrl)
    {
        var fields = new JsonArray
        {
            Field("Status", Status(incident)),
            Field("Service", Escape(incident.Service)),
            Field("Lead", incident.Lead is { } lead ? Person(lead, slackUser) : "_nobody yet_"),
            Field("Next update", incident.NextUpdateDue is { } due && IsOpen(incident) ? Clock(due) : "—"),
        };
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = Plain(Clip(Name(incident), 150)) },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (incident.ResolutionSummary is { Length: > 0 } summary)
        {
            blocks.Add(Section($"*Resolved by {Escape(incident.ResolvedBy ?? "?")}:* {Escape(summary)}"));
        }

        var context = $"Opened {Clock(incident.OpenedAt)}";
        if (consoleUrl is not null)
        {
            context += $" · <{consoleUrl}|Open in the console>";
        }

        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = context }) });
        if (IsOpen(incident))
        {
            blocks.Add(Buttons(incident.Number));
        }

        return ($"{Name(incident)} — {Status(incident)}", blocks);
    }

    /// <summary>
    /// The one-line notice in the announcements channel, linking the incident's channel; an incident without a channel
    /// gets the buttons here instead, so it can still be worked from Slack.
    /// </summary>
    public static (string Text, JsonArray Blocks) Announcement(Incident incident, string? channelId, string? consoleUrl)
    {
        var where = channelId is not null ? $" · <#{channelId}>" : consoleUrl is not null ? $" · <{consoleUrl}|console>" : "";
        var line = $"{Emoji(incident)} *INC {N(incident.Number)}* {SeverityPolicy.Format(incident.Severity)} {Escape(incident.Service)} — {Escape(incident.Title)} · {Status(incident)}{where}";
        var blocks = new JsonArray { Section(line) };
        if (channelId is null && IsOpen(incident))
        {
            blocks.Add(Buttons(incident.Number));
        }

        return ($"INC {N(incident.Number)} {SeverityPolicy.Format(incident.Severity)} {incident.Service}: {incident.Title} ({Status(incident)})", blocks);
    }

    /// <summary>One timeline entry as a line in the channel.</summary>
    public static string Line(TimelineEntry entry) => $"{Icon(entry.Kind)} `{Clock(entry.At)}` {Escape(entry.Summary)}";

    /// <summary>The last message before the channel is archived.</summary>
    public static string Closing(Incident incident, string? postmortemUrl) =>
        $":white_check_mark: INC {N(incident.Number)} is closed." +
        (postmortemUrl is null ? "" : $" The post-mortem: <{postmortemUrl}|read it in the console>.") +
        " This channel is archived now; its discussion stays on the incident's timeline.";

    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static bool IsOpen(Incident incident) => incident.Status is IncidentStatus.Triggered or IncidentStatus.Acknowledged;

    private static string Status(Incident incident) => incident.Status switch
    {
        IncidentStatus.Triggered => "Triggered",
        IncidentStatus.Acknowledged => "Acknowledged",
        IncidentStatus.Resolved => "Resolved",
        _ => "Closed",
    };

    private static string Emoji(Incident incident) => incident.Status switch
    {
        IncidentStatus.Triggered => ":rotating_light:",
        IncidentStatus.Acknowledged => ":large_orange_circle:",
        _ => ":white_check_mark:",
    };

    private static string Icon(TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.PageSent or TimelineEntryKind.Escalated => ":pager:",
        TimelineEntryKind.PageFailed or TimelineEntryKind.Unacknowledged or TimelineEntryKind.UpdateOverdue or TimelineEntryKind.GoneQuiet => ":warning:",
        TimelineEntryKind.Acknowledged or TimelineEntryKind.LeadChanged or TimelineEntryKind.RespondersAdded => ":raising_hand:",
        TimelineEntryKind.UpdatePosted => ":loudspeaker:",
        TimelineEntryKind.Note => ":mag:",
        TimelineEntryKind.ActionRecorded or TimelineEntryKind.ActionConfirmed => ":hammer_and_wrench:",
        TimelineEntryKind.Resolved or TimelineEntryKind.Closed => ":white_check_mark:",
        TimelineEntryKind.PostmortemDrafted or TimelineEntryKind.PostmortemCompleted => ":memo:",
        _ => ":small_blue_diamond:",
    };

    private static JsonObject Buttons(long number)
    {
        var elements = new JsonArray();
        foreach (var (actionId, label) in SlackActions.Buttons)
        {
            var button = new JsonObject { ["type"] = "button", ["action_id"] = actionId, ["text"] = Plain(label), ["value"] = N(number) };
            if (actionId == SlackActions.TakeLead)
            {
                button["style"] = "primary";
            }
            else if (actionId == SlackActions.Resolve)
            {
                button["style"] = "danger";
            }

            elements.Add(button);
        }

        return new JsonObject { ["type"] = "actions", ["block_id"] = "incident-" + N(number), ["elements"] = elements };
    }

    private static string Person(string name, Func<string, string?> slackUser) =>
        slackUser(name) is { } id ? $"{Escape(name)} (<@{id}>)" : Escape(name);

    private static JsonObject Field(string label, string value) => new() { ["type"] = "mrkdwn", ["text"] = $"*{label}*\n{value}" };

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Clip(mrkdwn, 3000) } };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
