namespace IncidentFunctions.Application.WebConsole;

/// <summary>
/// The incident page's timeline rows, newest first. Most entries read by their summary; the incident channel's read as
/// chat: a message as its author wrote it with a link to it in Slack (marked when it was pinned as a finding), a pin
/// as a finding, the channel's opening with a link to the channel. Chat text is anyone's input in the channel: like
/// every hole in <see cref="Html.Of"/> it is encoded, and links are made only to http(s) addresses.
/// </summary>
public static class TimelineRows
{
    public static Markup Render(IReadOnlyList<TimelineEntry> timeline)
    {
        // The messages people marked, so a message's own row says so wherever its pin is.
        var pinned = timeline.Where(e => e.Kind == TimelineEntryKind.ChatPinned)
            .Select(e => ChatMessageDetails.From(e.Data))
            .OfType<ChatMessageDetails>()
            .Select(d => (d.Channel, d.Ts))
            .ToHashSet();
        return Html.Join(timeline.OrderByDescending(e => e.At).Select(e => Row(e, pinned)));
    }

    private static Markup Row(TimelineEntry e, HashSet<(string Channel, string Ts)> pinned)
    {
        var chat = ChatMessageDetails.From(e.Data);
        var (@class, details) = e.Kind switch
        {
            TimelineEntryKind.ChatMessage when chat is not null => pinned.Contains((chat.Channel, chat.Ts))
                ? ("chat finding", Html.Of($"<p class=\"text chat-text\">{e.Summary}</p>{Finding()} {InSlack(chat)}"))
                : ("chat", Html.Of($"<p class=\"text chat-text\">{e.Summary}</p>{InSlack(chat)}")),
            TimelineEntryKind.ChatPinned when chat is not null => ("chat finding", Html.Of($"{Finding()} {e.Summary} {InSlack(chat)}")),
            TimelineEntryKind.RoomOpened when e.Data?.GetValueOrDefault("url") is { } url =>
                ("room", Html.Of($"{e.Summary} {Html.ExternalLink(url, "open the channel")}")),
            _ => ((string?)null, Html.Of($"{e.Summary}")),
        };
        var rowClass = @class is null ? Markup.Empty : Html.Of($" class=\"{@class}\"");
        return Html.Of($"<tr{rowClass}><td>{Html.Time(e.At)}</td><td>{Words(e.Kind.ToString())}</td><td>{Who(e)}</td><td>{details}</td></tr>");
    }

    /// <summary>Who did it, both names when it was recorded for someone, and through what ("via console").</summary>
    private static Markup Who(TimelineEntry e) => AttributedEntries.AttributionOf(e) is var (who, via)
        ? Html.Of($"{who} <small class=\"via\">via {via}</small>")
        : Html.Of($"{e.Actor}");

    private static Markup Finding() => new("<span class=\"tag finding\">finding</span>");

    private static Markup InSlack(ChatMessageDetails message) =>
        message.Permalink is null ? Markup.Empty : Html.Of($"<small>{Html.ExternalLink(message.Permalink, "view in Slack")}</small>");

    /// <summary>"UpdatePosted" as "update posted".</summary>
    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, k) => char.IsUpper(c) ? (k == 0 ? "" : " ") + char.ToLowerInvariant(c) : c.ToString()));
}
