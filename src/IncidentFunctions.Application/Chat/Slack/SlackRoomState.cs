namespace IncidentFunctions.Application.Chat.Slack;

/// <summary>What the Slack room of one incident has done so far (stored by <see cref="Storage.RoomStore"/>).</summary>
public sealed record SlackRoomState
{
    public string? ChannelId { get; init; }
    public string? ChannelName { get; init; }

    /// <summary>The channel was archived or removed by someone in Slack: nothing more is posted there.</summary>
    public bool ChannelGone { get; init; }

    public string? CardTs { get; init; }

    /// <summary>A hash of the card as last posted: it is updated only when it would change.</summary>
    public string? CardHash { get; init; }

    public string? Topic { get; init; }

    /// <summary>Slack ids invited (or found not invitable): each is asked once.</summary>
    public IReadOnlyList<string> Invited { get; init; } = [];

    public string? AnnouncementChannel { get; init; }
    public string? AnnouncementTs { get; init; }
    public string? AnnouncementHash { get; init; }

    public bool ClosingPosted { get; init; }
    public bool Archived { get; init; }
}
