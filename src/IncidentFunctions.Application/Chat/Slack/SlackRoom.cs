using System.Text.Json.Nodes;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications.Email;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Chat;
using IncidentFunctions.Domain.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>
/// The incident room in Slack. For severities the "slack" section names: a channel of its own (created, topic set,
/// the paged and the helpers invited, the card with its buttons posted), kept current as the incident changes, with
/// every timeline entry that matters posted once; archived after the incident closes, with a last message linking the
/// post-mortem. For every incident: a line in the announcements channel, with the buttons when it has no channel.
/// </summary>
public sealed partial class SlackRoom(
    SlackApiClient slack,
    IOptions<SlackOptions> options,
    IncidentConfigProvider config,
    RoomStore store,
    TimelineStore timeline,
    ConsoleLinks links,
    ILogger<SlackRoom> log) : IIncidentRoom
{
    public const string RoomName = "slack";

    /// <summary>Errors that mean the channel is no more (archived or deleted by a person): stop posting there, not an outage.</summary>
    private static readonly HashSet<string> ChannelGoneErrors = new(StringComparer.Ordinal) { "channel_not_found", "is_archived", "not_in_channel" };

    /// <summary>Errors about one invitee (a deactivated account, a guest, ourselves): skip them, not an outage.</summary>
    private static readonly HashSet<string> InviteeErrors = new(StringComparer.Ordinal)
        { "user_not_found", "user_is_restricted", "user_is_ultra_restricted", "cant_invite_self", "cant_invite", "user_disabled", "not_allowed_token_type_for_user" };

    /// <summary>How many suffixed names are tried when a channel's name is taken.</summary>
    private const int MaxNameAttempts = 20;

    public string Name => RoomName;

    public bool Enabled => options.Value.Enabled;

    public async Task<RoomSync> SyncAsync(RoomSyncRequest request, CancellationToken ct)
    {
        try
        {
            return await SyncCoreAsync(request, ct);
        }
        catch (SlackUnavailableException e)
        {
            throw new RoomUnavailableException(e.Message, e);
        }
    }

    private async Task<RoomSync> SyncCoreAsync(RoomSyncRequest request, CancellationToken ct)
    {
        var incident = request.Incident;
        var number = incident.Number;
        var settings = config.Current.Slack;
        var state = await store.GetStateAsync<SlackRoomState>(number, Name, ct) ?? new SlackRoomState();
        var open = incident.Status is IncidentStatus.Triggered or IncidentStatus.Acknowledged;

        if (state.ChannelId is null && open && settings.GetsChannel(incident.Severity))
        {
            state = await OpenChannelAsync(incident, settings, state, request.Now, ct);
        }

        if (Usable(state))
        {
            state = await KeepChannelCurrentAsync(request, state, ct);
        }

        if (settings.AnnouncementsChannel is { } announcements)
        {
            state = await AnnounceAsync(incident, announcements, state, request.Now, ct);
        }

        var result = new RoomSync();
        if (incident.Status == IncidentStatus.Closed)
        {
            (state, result) = await CloseAsync(incident, settings, state, request.Now, ct);
        }

        await store.SaveStateAsync(number, Name, state, ct);
        return result;
    }

    private static bool Usable(SlackRoomState state) => state.ChannelId is not null && !state.ChannelGone && !state.Archived;

    // ---- the channel ---------------------------------------------------------------------------------------------

    private async Task<SlackRoomState> OpenChannelAsync(Incident incident, SlackRoomConfig settings, SlackRoomState state, DateTimeOffset now, CancellationToken ct)
    {
        var name = SlackChannelName.For(settings.ChannelNamePattern, incident.Number, incident.Service, incident.Title, SeverityPolicy.Format(incident.Severity));
        for (var attempt = 1; attempt <= MaxNameAttempts; attempt++)
        {
            var tried = attempt == 1 ? name : SlackChannelName.WithSuffix(name, attempt);
            var created = await slack.CreateChannelAsync(tried, ct);
            if (created.Error == "name_taken")
            {
                continue;
            }

            var channel = Required(created, "conversations.create");
            // Saved before anything else is posted: a step that dies after this finds the channel, not a second one.
            state = state with { ChannelId = channel.Id, ChannelName = channel.Name };
            await store.SaveStateAsync(incident.Number, Name, state, ct);
            await store.MapChannelAsync(channel.Id, incident.Number, ct);
            await timeline.AppendAsync(TimelineEntries.RoomOpened(incident.Number, now,
                new RoomDetails(Name, channel.Id, channel.Name, ChannelUrl(channel.Id))), ct);
            LogChannelOpened(incident.Number, channel.Name);
            return state;
        }

        throw new RoomUnavailableException($"every name from #{name} to #{SlackChannelName.WithSuffix(name, MaxNameAttempts)} is taken", code: "name_taken");
    }

    private async Task<SlackRoomState> KeepChannelCurrentAsync(RoomSyncRequest request, SlackRoomState state, CancellationToken ct)
    {
        var incident = request.Incident;
        var channel = state.ChannelId!;
        var (cardText, cardBlocks) = SlackRoomMessages.Card(incident, SlackUserOf, links.Incident(incident.Number));
        var cardHash = Hash(cardBlocks);
        if (state.CardTs is null)
        {
            var posted = await slack.PostMessageAsync(channel, cardText, cardBlocks, ct);
            if (Gone(posted.Error))
            {
                return state with { ChannelGone = true };
            }

            state = state with { CardTs = Required(posted, "chat.postMessage").Ts, CardHash = cardHash };
            await store.SaveStateAsync(incident.Number, Name, state, ct);
        }

        state = await InviteAsync(request, state, ct);
        if (state.ChannelGone)
        {
            return state;
        }

        var topic = SlackRoomMessages.Topic(incident);
        if (topic != state.Topic)
        {
            var set = await slack.SetTopicAsync(channel, topic, ct);
            if (Gone(set.Error))
            {
                return state with { ChannelGone = true };
            }

            Required(set, "conversations.setTopic");
            state = state with { Topic = topic };
        }

        foreach (var entry in request.Entries.Where(e => SlackRoomMessages.Matters(e.Entry)))
        {
            if (!await request.Claims.TryClaimAsync(entry, ct))
            {
                continue;
            }

            var posted = await slack.PostMessageAsync(channel, SlackRoomMessages.Line(entry.Entry), null, ct);
            if (!posted.Ok)
            {
                await request.Claims.ReleaseAsync(entry, ct);
                if (Gone(posted.Error))
                {
                    return state with { ChannelGone = true };
                }

                Required(posted, "chat.postMessage");
            }
        }

        if (cardHash != state.CardHash)
        {
            var updated = await slack.UpdateMessageAsync(new SlackMessage(channel, state.CardTs!), cardText, cardBlocks, ct);
            if (Gone(updated.Error) || updated.Error == "message_not_found")
            {
                // The card was deleted by hand, or the channel is gone: nothing to keep current.
                return updated.Error == "message_not_found" ? state with { CardHash = cardHash } : state with { ChannelGone = true };
            }

            Required(updated, "chat.update");
            state = state with { CardHash = cardHash };
        }

        return state;
    }

    /// <summary>Everyone who was paged, took the lead or was brought in, once each; people without a Slack id are skipped.</summary>
    private async Task<SlackRoomState> InviteAsync(RoomSyncRequest request, SlackRoomState state, CancellationToken ct)
    {
        var incident = request.Incident;
        var names = new List<string>();
        names.AddRange(request.Timeline.Where(e => e.Kind == TimelineEntryKind.PageSent).Select(e => e.Data?.GetValueOrDefault("to")).OfType<string>());
        names.AddRange(incident.Responders);
        names.AddRange(new[] { incident.AcknowledgedBy, incident.Lead }.OfType<string>());
        var invited = new HashSet<string>(state.Invited, StringComparer.Ordinal);
        foreach (var id in names.Select(SlackUserOf).OfType<string>().Distinct(StringComparer.Ordinal).Where(id => !invited.Contains(id)).ToList())
        {
            var answer = await slack.InviteAsync(state.ChannelId!, [id], ct);
            if (Gone(answer.Error))
            {
                return state with { ChannelGone = true, Invited = [.. invited] };
            }

            if (!answer.Ok && !InviteeErrors.Contains(answer.Error!))
            {
                Required(answer, "conversations.invite");
            }

            if (!answer.Ok)
            {
                LogInviteSkipped(incident.Number, id, answer.Error!);
            }

            invited.Add(id);
        }

        return state with { Invited = [.. invited] };
    }

    // ---- the announcement ----------------------------------------------------------------------------------------

    private async Task<SlackRoomState> AnnounceAsync(Incident incident, string announcements, SlackRoomState state, DateTimeOffset now, CancellationToken ct)
    {
        var channelId = Usable(state) || state.Archived ? state.ChannelId : null;
        var (text, blocks) = SlackRoomMessages.Announcement(incident, channelId, links.Incident(incident.Number));
        var hash = Hash(blocks);
        if (state.AnnouncementTs is null)
        {
            var posted = Required(await slack.PostMessageAsync(announcements, text, blocks, ct), $"chat.postMessage to {announcements}");
            state = state with { AnnouncementChannel = posted.Channel, AnnouncementTs = posted.Ts, AnnouncementHash = hash };
            await store.SaveStateAsync(incident.Number, Name, state, ct);
            if (state.ChannelId is null)
            {
                await timeline.AppendAsync(TimelineEntries.RoomOpened(incident.Number, now, new RoomDetails(Name, posted.Channel, null, ChannelUrl(posted.Channel))), ct);
            }

            return state;
        }

        if (hash != state.AnnouncementHash)
        {
            var updated = await slack.UpdateMessageAsync(new SlackMessage(state.AnnouncementChannel!, state.AnnouncementTs), text, blocks, ct);
            if (!updated.Ok && !Gone(updated.Error) && updated.Error != "message_not_found")
            {
                Required(updated, "chat.update");
            }

            state = state with { AnnouncementHash = hash };
        }

        return state;
    }

    // ---- closing -------------------------------------------------------------------------------------------------

    private async Task<(SlackRoomState, RoomSync)> CloseAsync(Incident incident, SlackRoomConfig settings, SlackRoomState state, DateTimeOffset now, CancellationToken ct)
    {
        if (!Usable(state))
        {
            return (state, new RoomSync(Finished: true));
        }

        var due = (incident.ClosedAt ?? now) + settings.ArchiveAfter;
        if (now < due)
        {
            return (state, new RoomSync(WakeAt: due));
        }

        if (!state.ClosingPosted)
        {
            var posted = await slack.PostMessageAsync(state.ChannelId!, SlackRoomMessages.Closing(incident, links.Postmortem(incident.Number)), null, ct);
            if (!Gone(posted.Error))
            {
                Required(posted, "chat.postMessage");
            }

            state = state with { ClosingPosted = true };
            await store.SaveStateAsync(incident.Number, Name, state, ct);
        }

        var archived = await slack.ArchiveAsync(state.ChannelId!, ct);
        if (!Gone(archived.Error))
        {
            Required(archived, "conversations.archive");
        }

        await timeline.AppendAsync(TimelineEntries.RoomArchived(incident.Number, now, new RoomDetails(Name, state.ChannelId, state.ChannelName, ChannelUrl(state.ChannelId!))), ct);
        LogArchived(incident.Number, state.ChannelName ?? state.ChannelId!);
        return (state with { Archived = true }, new RoomSync(Finished: true));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private string? SlackUserOf(string responder) => config.Current.FindResponder(responder)?.SlackUserId;

    private static bool Gone(string? error) => error is not null && ChannelGoneErrors.Contains(error);

    /// <summary>The value of a call Slack took; any refusal not handled by the caller is an outage of the room (bad token, missing scope…).</summary>
    private static T Required<T>(SlackAnswer<T> answer, string method) =>
        answer.Ok ? answer.Value! : throw new RoomUnavailableException($"Slack refused {method}: {answer.Error}", code: answer.Error ?? "refused");

    /// <summary>Opens the channel in the Slack client, whichever workspace it is in.</summary>
    public static string ChannelUrl(string channelId) => "https://slack.com/app_redirect?channel=" + Uri.EscapeDataString(channelId);

    private static string Hash(JsonArray blocks) => StorageKeys.HashKey(blocks.ToJsonString())[..16];

    [LoggerMessage(EventId = 4330, Level = LogLevel.Information, Message = "INC {Incident}: Slack channel #{Channel} opened")]
    private partial void LogChannelOpened(long incident, string channel);

    [LoggerMessage(EventId = 4331, Level = LogLevel.Warning, Message = "INC {Incident}: could not invite Slack user {User} ({Error}); skipped")]
    private partial void LogInviteSkipped(long incident, string user, string error);

    [LoggerMessage(EventId = 4332, Level = LogLevel.Information, Message = "INC {Incident}: Slack channel #{Channel} archived")]
    private partial void LogArchived(long incident, string channel);
}
