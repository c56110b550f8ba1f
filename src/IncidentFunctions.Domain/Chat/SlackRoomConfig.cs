using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Chat;

/// <summary>
/// The on-call file's "slack" section: how incidents meet the team in Slack. Whether Slack is on at all is the
/// deployment's choice (a bot token in its settings); this says what to do when it is.
/// </summary>
/// <param name="ChannelSeverities">Severities that get a channel of their own; the others only an announcement.</param>
/// <param name="AnnouncementsChannel">Where every incident is announced (a channel id like C0123ABCD, or "#name"); null: nowhere.</param>
/// <param name="ChannelNamePattern">See <see cref="SlackChannelName"/>.</param>
/// <param name="ArchiveAfter">How long after the incident closes its channel is archived.</param>
public sealed record SlackRoomConfig(
    IReadOnlySet<IncidentSeverity> ChannelSeverities,
    string? AnnouncementsChannel,
    string ChannelNamePattern,
    TimeSpan ArchiveAfter)
{
    public static readonly TimeSpan DefaultArchiveAfter = TimeSpan.FromDays(1);

    public static SlackRoomConfig Default { get; } = new(
        new HashSet<IncidentSeverity> { IncidentSeverity.Sev1, IncidentSeverity.Sev2 }, null, SlackChannelName.DefaultPattern, DefaultArchiveAfter);

    public bool GetsChannel(IncidentSeverity severity) => ChannelSeverities.Contains(severity);

    public bool Equals(SlackRoomConfig? other) =>
        other is not null && ChannelSeverities.SetEquals(other.ChannelSeverities) && AnnouncementsChannel == other.AnnouncementsChannel
        && ChannelNamePattern == other.ChannelNamePattern && ArchiveAfter == other.ArchiveAfter;

    public override int GetHashCode() => HashCode.Combine(AnnouncementsChannel, ChannelNamePattern, ArchiveAfter);
}
