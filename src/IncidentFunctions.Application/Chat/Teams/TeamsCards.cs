using System.Text.Json.Nodes;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.WebConsole;

namespace IncidentFunctions.Application.Chat.Teams;

/// <summary>
/// What a Teams channel is shown of an incident: one Adaptive Card per notice (opened, an update to the team or
/// leadership, an update overdue, gone quiet, resolved), in the envelope a Workflows webhook trigger takes. Pure: the
/// same entry and incident give the same card.
/// </summary>
/// <remarks>
/// Card version 1.4: what Teams renders on desktop, web and mobile alike (1.5 features are desktop-only). The facts are
/// the incident as it is when the card is posted, which for a room catching up after an outage is later than the
/// entry; the entry's own words say what happened then.
/// </remarks>
public static class TeamsCards
{
    public const string CardVersion = "1.4";
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Whether the entry is one a channel is told about; the rest of the timeline stays in the console.</summary>
    public static bool IsNotice(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Kind switch
        {
            TimelineEntryKind.IncidentOpened or TimelineEntryKind.UpdateOverdue or TimelineEntryKind.GoneQuiet or TimelineEntryKind.Resolved => true,
            // Users' updates go to the status page; only what the team or leadership was told reaches the channel.
            TimelineEntryKind.UpdatePosted => UpdatePostedDetails.AudiencesIn(entry.Data ?? new Dictionary<string, string>())
                .Any(a => a is "team" or "leadership"),
            _ => false,
        };
    }

    /// <summary>The Workflows message carrying the entry's card, or null when the entry is not a notice.</summary>
    /// <param name="incidentUrl">The incident in the console (<c>ConsoleLinks.Incident</c>); null: no button.</param>
    public static JsonObject? Message(TimelineEntry entry, Incident incident, string? incidentUrl) =>
        Card(entry, incident, incidentUrl) is { } card
            ? new JsonObject
            {
                ["type"] = "message",
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["contentType"] = CardContentType,
                    ["contentUrl"] = null,
                    ["content"] = card,
                }),
            }
            : null;

    /// <summary>The Adaptive Card alone, or null when the entry is not a notice.</summary>
    public static JsonObject? Card(TimelineEntry entry, Incident incident, string? incidentUrl)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (!IsNotice(entry))
        {
            return null;
        }

        var subject = NotificationSubject.Of(incident);
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = Title(subject),
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
                // Red for what asks someone to act, green for the all-clear.
                ["color"] = entry.Kind switch
                {
                    TimelineEntryKind.Resolved => "Good",
                    TimelineEntryKind.IncidentOpened or TimelineEntryKind.UpdateOverdue or TimelineEntryKind.GoneQuiet => "Attention",
                    _ => "Default",
                },
            },
            new JsonObject { ["type"] = "TextBlock", ["text"] = WhatHappened(entry), ["wrap"] = true },
            new JsonObject { ["type"] = "FactSet", ["facts"] = Facts(incident, subject) },
        };

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = CardVersion,
            ["body"] = body,
            // Teams shows a notice's text in the activity feed and to screen readers from here.
            ["fallbackText"] = $"{Title(subject)}: {WhatHappened(entry)}",
        };
        if (incidentUrl is not null)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in console", ["url"] = incidentUrl });
        }

        return card;
    }

    /// <summary>"INC 42 · SEV2 · Checkout 5xx above 2%": the incident as a mail's first line names it, with its title.</summary>
    public static string Title(NotificationSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return $"INC {subject.Number} · {subject.Severity} · {OneLine(subject.Title)}";
    }

    /// <summary>The entry's own words; a resolution adds its summary when the resolver gave one.</summary>
    private static string WhatHappened(TimelineEntry entry) =>
        entry.Kind == TimelineEntryKind.Resolved && entry.Data?.GetValueOrDefault("summary") is { Length: > 0 } summary
            ? $"{entry.Summary}: {summary}"
            : entry.Summary;

    private static JsonArray Facts(Incident incident, NotificationSubject subject)
    {
        var facts = new JsonArray
        {
            Fact("Service", subject.Service),
            Fact("Severity", subject.Severity),
            Fact("Status", IncidentListPage.StatusClass(incident.Status)),
            Fact("Lead", incident.Lead ?? "nobody yet"),
        };
        // A resolved incident owes no more updates; its last promise would only mislead.
        if (incident.IsOpen && incident.NextUpdateDue is { } due)
        {
            facts.Add(Fact("Next update due", due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"));
        }

        return facts;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
