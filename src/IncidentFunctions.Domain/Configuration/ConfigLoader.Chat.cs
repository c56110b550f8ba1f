using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentFunctions.Domain.Chat;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>The "slack" section and the responders' Slack user ids.</summary>
public static partial class ConfigLoader
{
    /// <summary>Slack's user ids: U… (or W… on Enterprise Grid), upper-case letters and digits.</summary>
    [GeneratedRegex(@"^[UW][A-Z0-9]{2,20}$")]
    private static partial Regex SlackUserId();

    /// <summary>A channel id (C… public, G… private) or "#name".</summary>
    [GeneratedRegex(@"^(?:[CG][A-Z0-9]{2,20}|#[a-z0-9_-]{1,80})$")]
    private static partial Regex SlackChannelRef();

    /// <summary>The longest archive delay: a channel kept for a month after closing is a channel nobody archives.</summary>
    internal static readonly TimeSpan MaxArchiveAfter = TimeSpan.FromDays(30);

    private sealed partial class Reader
    {
        private readonly Dictionary<string, string> _slackUserIds = new(StringComparer.Ordinal);

        /// <summary>"slackUserId" on a responder: how Slack commands are matched to them. Unique across responders.</summary>
        private string? ReadSlackUserId(Obj responder)
        {
            var id = responder.OptionalString("slackUserId");
            if (id is null)
            {
                return null;
            }

            var path = responder.PathOf("slackUserId");
            if (!SlackUserId().IsMatch(id))
            {
                Problem(path, $"'{id}' is not a Slack user id like U0123ABCD (in Slack: the person's profile → ⋮ → Copy member ID)");
                return null;
            }

            if (!_slackUserIds.TryAdd(id, path))
            {
                Problem(path, $"'{id}' is already the Slack user of {_slackUserIds[id]}: a Slack user acts as one responder");
                return null;
            }

            return id;
        }

        /// <summary>"slack": { "channelSeverities": ["SEV1", "SEV2"], "announcementsChannel": "C…", "channelNamePattern": "inc-{number}-{service}", "archiveAfter": "1d" }.</summary>
        private SlackRoomConfig ReadSlack(Obj root)
        {
            var obj = root.OptionalObject("slack", "channelSeverities", "announcementsChannel", "channelNamePattern", "archiveAfter");
            if (obj is null)
            {
                return SlackRoomConfig.Default;
            }

            var severities = SlackRoomConfig.Default.ChannelSeverities;
            if (obj.TryGetOptional("channelSeverities", out var list))
            {
                severities = ReadSeverityList(list, obj.PathOf("channelSeverities"));
            }

            var announcements = obj.OptionalString("announcementsChannel");
            if (announcements is not null && !SlackChannelRef().IsMatch(announcements))
            {
                Problem(obj.PathOf("announcementsChannel"), $"'{announcements}' is not a channel id like C0123ABCD or a name like \"#incidents\"");
            }

            var pattern = obj.OptionalString("channelNamePattern") ?? SlackChannelName.DefaultPattern;
            if (SlackChannelName.Problem(pattern) is { } problem)
            {
                Problem(obj.PathOf("channelNamePattern"), problem);
            }

            var archiveAfter = obj.OptionalDuration("archiveAfter")?.TotalTime ?? SlackRoomConfig.DefaultArchiveAfter;
            if (archiveAfter > MaxArchiveAfter)
            {
                Problem(obj.PathOf("archiveAfter"), $"must be at most {MaxArchiveAfter.TotalDays:0} days");
            }

            return new SlackRoomConfig(severities, announcements, pattern, archiveAfter);
        }

        private HashSet<IncidentSeverity> ReadSeverityList(JsonElement list, string path)
        {
            var set = new HashSet<IncidentSeverity>();
            if (list.ValueKind != JsonValueKind.Array)
            {
                Problem(path, $"must be an array of severities like [\"SEV1\", \"SEV2\"], not {Describe(list)}");
                return set;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = $"{path}[{index++}]";
                if (IncidentSeverityValue(item, itemPath) is { } severity && !set.Add(severity))
                {
                    Problem(itemPath, "is listed twice");
                }
            }

            return set;
        }
    }
}
