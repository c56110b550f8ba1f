using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IncidentFunctions.Testing;

/// <summary>The Web API methods the fake serves, and the channels, messages and views they change.</summary>
public sealed partial class FakeSlackServer
{
    public const int MaxChannelNameLength = 80;

    /// <summary>Slack's ts of the first message; later ones count up by 100 µs, so they sort and never collide.</summary>
    private const long FirstTsSeconds = 1765000000;

    private static readonly Regex ChannelNameCharacters = new("^[a-z0-9_-]+$", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, Func<FakeSlackServer, Dictionary<string, string>, JsonObject>> Methods = new(StringComparer.Ordinal)
    {
        ["conversations.create"] = (s, a) => s.CreateChannel(a),
        ["conversations.setTopic"] = (s, a) => s.SetTopic(a),
        ["conversations.invite"] = (s, a) => s.Invite(a),
        ["conversations.archive"] = (s, a) => s.Archive(a),
        ["chat.postMessage"] = (s, a) => s.PostMessage(a),
        ["chat.update"] = (s, a) => s.UpdateMessage(a),
        ["chat.getPermalink"] = (s, a) => s.GetPermalink(a),
        ["chat.postEphemeral"] = (s, a) => s.PostEphemeral(a),
        ["views.open"] = (s, a) => s.OpenView(a),
    };

    private readonly List<ChannelState> _channels = [];
    private readonly List<FakeSlackView> _views = [];
    private long _messageCount;
    private int _viewCount;

    /// <summary>Channels created so far, archived ones included, in creation order.</summary>
    public IReadOnlyList<FakeSlackChannel> Channels
    {
        get
        {
            lock (_gate)
            {
                return _channels.Select(c => c.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>Modals opened so far, in order.</summary>
    public IReadOnlyList<FakeSlackView> Views
    {
        get
        {
            lock (_gate)
            {
                return _views.ToArray();
            }
        }
    }

    /// <summary>A channel that exists before the test (an announcements channel): its id.</summary>
    public string AddChannel(string name)
    {
        lock (_gate)
        {
            var channel = new ChannelState("C" + (_channels.Count + 1).ToString("D8", CultureInfo.InvariantCulture), name, false, _time.GetUtcNow().ToUnixTimeSeconds());
            channel.Members.Add(BotUserId);
            _channels.Add(channel);
            return channel.Id;
        }
    }

    /// <summary>
    /// A message a person posts in a channel (the Web API only posts as the bot): its ts, for the event that tells the
    /// app about it and for its permalink.
    /// </summary>
    public string Say(string channelId, string text)
    {
        lock (_gate)
        {
            var channel = _channels.Single(c => c.Id == channelId);
            var message = new MessageState(NextTs(), text, null);
            channel.Messages.Add(message);
            return message.Ts;
        }
    }

    /// <summary>The channel named <paramref name="name"/>, or null.</summary>
    public FakeSlackChannel? Channel(string name) => Channels.FirstOrDefault(c => c.Name == name);

    private JsonObject CreateChannel(Dictionary<string, string> a)
    {
        var name = a.GetValueOrDefault("name") ?? "";
        // Slack checks in this order: present, length, characters, then taken (archived channels keep their names).
        if (name.Length == 0)
        {
            return Error("invalid_name_required");
        }

        if (name.Length > MaxChannelNameLength)
        {
            return Error("invalid_name_maxlength");
        }

        if (!ChannelNameCharacters.IsMatch(name))
        {
            return Error("invalid_name_specials");
        }

        if (_channels.Any(c => c.Name == name))
        {
            return Error("name_taken");
        }

        var channel = new ChannelState(
            "C" + (_channels.Count + 1).ToString("D8", CultureInfo.InvariantCulture), name, IsTrue(a.GetValueOrDefault("is_private")),
            _time.GetUtcNow().ToUnixTimeSeconds());
        channel.Members.Add(BotUserId);
        _channels.Add(channel);
        return Ok("channel", ChannelJson(channel));
    }

    private JsonObject SetTopic(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel) is { } error)
        {
            return error;
        }

        channel.Topic = a.GetValueOrDefault("topic") ?? "";
        channel.TopicSetAt = _time.GetUtcNow().ToUnixTimeSeconds();
        return Ok("channel", ChannelJson(channel));
    }

    private JsonObject Invite(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel) is { } error)
        {
            return error;
        }

        var users = (a.GetValueOrDefault("users") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (users.Length == 0)
        {
            return Error("no_user");
        }

        if (users.Contains(BotUserId))
        {
            return Error("cant_invite_self");
        }

        // All or nothing: the first bad id fails the call and nobody is added.
        if (users.FirstOrDefault(u => !_users.Contains(u)) is not null)
        {
            return Error("user_not_found");
        }

        if (users.Any(channel.Members.Contains))
        {
            return Error("already_in_channel");
        }

        channel.Members.AddRange(users.Distinct(StringComparer.Ordinal));
        return Ok("channel", ChannelJson(channel));
    }

    private JsonObject Archive(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel, allowArchived: true) is { } error)
        {
            return error;
        }

        if (channel.IsArchived)
        {
            return Error("already_archived");
        }

        channel.IsArchived = true;
        return new JsonObject { ["ok"] = true };
    }

    private JsonObject PostMessage(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel) is { } error)
        {
            return error;
        }

        var text = a.GetValueOrDefault("text");
        var blocks = a.GetValueOrDefault("blocks");
        if (string.IsNullOrEmpty(text) && string.IsNullOrEmpty(blocks))
        {
            return Error("no_text");
        }

        if (ParseBlocks(blocks, out var blockNode) is { } blockError)
        {
            return blockError;
        }

        var message = new MessageState(NextTs(), text, blocks);
        channel.Messages.Add(message);
        return new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channel.Id,
            ["ts"] = message.Ts,
            ["message"] = MessageJson(message, blockNode),
        };
    }

    private JsonObject UpdateMessage(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel) is { } error)
        {
            return error;
        }

        var message = channel.Messages.FirstOrDefault(m => m.Ts == a.GetValueOrDefault("ts"));
        if (message is null)
        {
            return Error("message_not_found");
        }

        var text = a.GetValueOrDefault("text");
        var blocks = a.GetValueOrDefault("blocks");
        if (text is null && blocks is null)
        {
            return Error("no_text");
        }

        if (ParseBlocks(blocks, out _) is { } blockError)
        {
            return blockError;
        }

        // What an update leaves out stays as it was.
        message.Text = text ?? message.Text;
        message.Blocks = blocks ?? message.Blocks;
        message.Updates.Add(new FakeSlackUpdate(text, blocks));
        ParseBlocks(message.Blocks, out var current);
        return new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channel.Id,
            ["ts"] = message.Ts,
            ["text"] = message.Text ?? "",
            ["message"] = MessageJson(message, current),
        };
    }

    private JsonObject GetPermalink(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel, allowArchived: true) is { } error)
        {
            return error;
        }

        var ts = a.GetValueOrDefault("message_ts");
        if (!channel.Messages.Any(m => m.Ts == ts))
        {
            return Error("message_not_found");
        }

        return new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channel.Id,
            ["permalink"] = $"https://fake-workspace.slack.com/archives/{channel.Id}/p{ts!.Replace(".", "", StringComparison.Ordinal)}",
        };
    }

    private JsonObject PostEphemeral(Dictionary<string, string> a)
    {
        if (FindChannel(a, out var channel) is { } error)
        {
            return error;
        }

        var user = a.GetValueOrDefault("user") ?? "";
        if (!_users.Contains(user))
        {
            return Error("user_not_found");
        }

        if (!channel.Members.Contains(user))
        {
            return Error("user_not_in_channel");
        }

        var text = a.GetValueOrDefault("text");
        var blocks = a.GetValueOrDefault("blocks");
        if (string.IsNullOrEmpty(text) && string.IsNullOrEmpty(blocks))
        {
            return Error("no_text");
        }

        var ts = NextTs();
        channel.Ephemerals.Add(new FakeSlackEphemeral(user, text, blocks, ts));
        return new JsonObject { ["ok"] = true, ["message_ts"] = ts };
    }

    private JsonObject OpenView(Dictionary<string, string> a)
    {
        var trigger = a.GetValueOrDefault("trigger_id");
        if (string.IsNullOrEmpty(trigger))
        {
            return Error("invalid_arguments");
        }

        JsonObject? view;
        try
        {
            view = JsonNode.Parse(a.GetValueOrDefault("view") ?? "") as JsonObject;
        }
        catch (JsonException)
        {
            view = null;
        }

        if (view is null)
        {
            return Error("invalid_arguments");
        }

        var id = "V" + (++_viewCount).ToString("D8", CultureInfo.InvariantCulture);
        _views.Add(new FakeSlackView(id, trigger, view.ToJsonString()));
        view["id"] = id;
        view["team_id"] = "T0FAKETEAM";
        view["app_id"] = "A0FAKEAPP";
        view["bot_id"] = "B0FAKEBOT";
        return Ok("view", view);
    }

    /// <summary>Null when the channel argument names a live channel; else Slack's error.</summary>
    private JsonObject? FindChannel(Dictionary<string, string> a, out ChannelState channel, bool allowArchived = false)
    {
        // Slack takes a channel's id, or for posting its name as "#name".
        var id = a.GetValueOrDefault("channel");
        channel = _channels.FirstOrDefault(c => c.Id == id || id is ['#', .. var name] && c.Name == name)!;
        if (channel is null)
        {
            return Error("channel_not_found");
        }

        return channel.IsArchived && !allowArchived ? Error("is_archived") : null;
    }

    /// <summary>Null when blocks are absent or a JSON array; else Slack's invalid_blocks.</summary>
    private static JsonObject? ParseBlocks(string? blocks, out JsonNode? node)
    {
        node = null;
        if (string.IsNullOrEmpty(blocks))
        {
            return null;
        }

        try
        {
            node = JsonNode.Parse(blocks);
        }
        catch (JsonException)
        {
        }

        return node is JsonArray ? null : Error("invalid_blocks");
    }

    private string NextTs()
    {
        var n = ++_messageCount;
        return $"{FirstTsSeconds + (n / 10000)}.{n % 10000 * 100:D6}";
    }

    private static bool IsTrue(string? value) => value is "true" or "1";

    private static JsonObject Ok(string name, JsonNode value) => new() { ["ok"] = true, [name] = value };

    private static JsonObject MessageJson(MessageState m, JsonNode? blocks)
    {
        var json = new JsonObject
        {
            ["type"] = "message",
            ["user"] = BotUserId,
            ["bot_id"] = "B0FAKEBOT",
            ["text"] = m.Text ?? "",
            ["ts"] = m.Ts,
        };
        if (blocks is not null)
        {
            json["blocks"] = blocks.DeepClone();
        }

        return json;
    }

    private static JsonObject ChannelJson(ChannelState c) => new()
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["name_normalized"] = c.Name,
        ["is_channel"] = !c.IsPrivate,
        ["is_group"] = c.IsPrivate,
        ["is_im"] = false,
        ["is_mpim"] = false,
        ["is_private"] = c.IsPrivate,
        ["is_archived"] = c.IsArchived,
        ["is_general"] = false,
        ["is_member"] = true,
        ["created"] = c.Created,
        ["creator"] = BotUserId,
        ["topic"] = new JsonObject { ["value"] = c.Topic, ["creator"] = c.Topic.Length == 0 ? "" : BotUserId, ["last_set"] = c.TopicSetAt },
        ["purpose"] = new JsonObject { ["value"] = "", ["creator"] = "", ["last_set"] = 0 },
        ["num_members"] = c.Members.Count,
    };

    private sealed class ChannelState(string id, string name, bool isPrivate, long created)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public bool IsPrivate { get; } = isPrivate;

        public long Created { get; } = created;

        public string Topic { get; set; } = "";

        public long TopicSetAt { get; set; }

        public bool IsArchived { get; set; }

        public List<string> Members { get; } = [];

        public List<MessageState> Messages { get; } = [];

        public List<FakeSlackEphemeral> Ephemerals { get; } = [];

        public FakeSlackChannel Snapshot() => new(
            Id, Name, IsPrivate, Topic, Members.ToArray(), IsArchived,
            Messages.Select(m => new FakeSlackMessage(m.Ts, m.Text, m.Blocks, m.Updates.ToArray())).ToArray(), Ephemerals.ToArray());
    }

    private sealed class MessageState(string ts, string? text, string? blocks)
    {
        public string Ts { get; } = ts;

        public string? Text { get; set; } = text;

        public string? Blocks { get; set; } = blocks;

        public List<FakeSlackUpdate> Updates { get; } = [];
    }
}
