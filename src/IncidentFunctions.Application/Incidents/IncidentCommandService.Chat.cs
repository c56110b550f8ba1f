namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// What the incident's chat channel adds to the timeline: what people write there, and the messages they pin as
/// findings. Neither changes the incident row; both are taken until the incident closes, like notes.
/// </summary>
public sealed partial class IncidentCommandService
{
    /// <summary>
    /// Takes a chat event by its id: false when it was taken before (the chat service delivers again what it thinks
    /// was lost, with the same id). An event whose handling failed is given back (<see cref="ReleaseChatEventAsync"/>),
    /// so the next delivery does it.
    /// </summary>
    public Task<bool> TakeChatEventAsync(string eventId, DateTimeOffset now, CancellationToken ct) => rooms.TryTakeEventAsync(eventId, now, ct);

    public Task ReleaseChatEventAsync(string eventId, CancellationToken ct) => rooms.ReleaseEventAsync(eventId, ct);

    /// <param name="at">When the message was posted (its own timestamp, so a second delivery writes the same entry).</param>
    public async Task<CommandResult<TimelineEntry>> RecordChatMessageAsync(
        long number, string author, ChatMessageDetails message, string text, DateTimeOffset at, CancellationToken ct)
    {
        var (incident, refused) = await TakingChatAsync(number, ct);
        if (refused is not null)
        {
            return refused;
        }

        // Messages and pins come from the Slack channel: their authors are who Slack says, through Slack.
        var entry = TimelineEntries.ChatMessage(number, at, author, message, text).By(Attribution.Of(author, Channels.Slack));
        await timelineStore.AppendAsync(entry, ct);
        return CommandResult<TimelineEntry>.Done(entry, incident!);
    }

    /// <summary>
    /// A message of the channel marked as a finding: only one already on the timeline (its words are the pin's); a
    /// message pinned again, by anyone, keeps its first pin.
    /// </summary>
    public async Task<CommandResult<TimelineEntry>> PinChatMessageAsync(long number, string by, string channel, string ts, DateTimeOffset at, CancellationToken ct)
    {
        var (found, refused) = await TakingChatAsync(number, ct);
        if (refused is not null)
        {
            return refused;
        }

        var incident = found!;
        var timeline = await timelineStore.GetAsync(number, ct);
        var message = timeline.Select(e => (Entry: e, Details: e.Kind == TimelineEntryKind.ChatMessage ? ChatMessageDetails.From(e.Data) : null))
            .FirstOrDefault(m => m.Details is { } d && d.Channel == channel && d.Ts == ts);
        if (message.Details is null)
        {
            return CommandResult<TimelineEntry>.Missing(incident, "ts", $"INC {number} has no message {ts} of channel {channel} on its timeline");
        }

        var pin = TimelineEntries.ChatPinned(number, at, by, message.Details, message.Entry.Summary).By(Attribution.Of(by, Channels.Slack));
        if (timeline.FirstOrDefault(e => e.Kind == TimelineEntryKind.ChatPinned && e.Key == pin.Key) is { } earlier)
        {
            return CommandResult<TimelineEntry>.Done(earlier, incident);
        }

        await timelineStore.AppendAsync(pin, ct);
        return CommandResult<TimelineEntry>.Done(pin, incident);
    }

    /// <summary>The incident while it takes chat entries; else why not (no such incident, or closed).</summary>
    private async Task<(Incident? Incident, CommandResult<TimelineEntry>? Refused)> TakingChatAsync(long number, CancellationToken ct) =>
        (await store.GetIncidentAsync(number, ct))?.Incident switch
        {
            null => (null, CommandResult<TimelineEntry>.NotFound(number)),
            { TakesNotesAndOutcomes: false } closed => (null, CommandResult<TimelineEntry>.Refused(closed, $"INC {number} is closed")),
            var open => (open, null),
        };
}
