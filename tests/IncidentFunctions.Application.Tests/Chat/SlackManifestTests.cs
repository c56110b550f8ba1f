using IncidentFunctions.Application.Http.Routes;
using IncidentFunctions.Testing;
using YamlDotNet.RepresentationModel;

namespace IncidentFunctions.Application.Tests.Chat;

/// <summary>
/// slack/manifest.yaml, what an admin pastes into Slack's "Create from manifest": the scopes and events the room needs,
/// and request URLs whose paths are the ones the app serves.
/// </summary>
public sealed class SlackManifestTests
{
    /// <summary>Where Slack calls the app (issue 13): events, the card's buttons and forms, the slash command.</summary>
    private const string EventsPath = "api/slack/events";
    private const string InteractivityPath = "api/slack/interactivity";
    private const string CommandsPath = "api/slack/commands";

    private static readonly YamlMappingNode Manifest = Load();

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(Path.Combine(RepoRoot.Find(), "slack", "manifest.yaml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlNode At(params string[] path)
    {
        YamlNode node = Manifest;
        foreach (var key in path)
        {
            Assert.True(((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child), $"the manifest has no {string.Join('.', path)}");
            node = child!;
        }

        return node;
    }

    private static string Text(params string[] path) => ((YamlScalarNode)At(path)).Value!;

    private static List<string> List(params string[] path) => [.. ((YamlSequenceNode)At(path)).Children.Select(n => ((YamlScalarNode)n).Value!)];

    /// <summary>A request URL's path, once the placeholder host is one (it must be the only thing to replace).</summary>
    private static string PathOf(string url)
    {
        Assert.StartsWith("https://YOUR-APP/", url, StringComparison.Ordinal);
        return new Uri(url).AbsolutePath.TrimStart('/');
    }

    [Fact]
    public void The_bot_has_exactly_the_scopes_the_room_needs()
    {
        Assert.Equal(
            ["channels:history", "channels:manage", "channels:read", "chat:write", "chat:write.public", "commands", "reactions:read", "users:read"],
            List("oauth_config", "scopes", "bot").Order(StringComparer.Ordinal));
        Assert.Equal("IncidentFunctions", Text("display_information", "name"));
        Assert.Equal("IncidentFunctions", Text("features", "bot_user", "display_name"));
    }

    [Fact]
    public void Slack_calls_the_apps_three_paths_over_http()
    {
        var command = (YamlMappingNode)Assert.Single(((YamlSequenceNode)At("features", "slash_commands")).Children);

        Assert.Equal("/incident", ((YamlScalarNode)command["command"]).Value);
        Assert.Equal(CommandsPath, PathOf(((YamlScalarNode)command["url"]).Value!));
        Assert.False(string.IsNullOrWhiteSpace(((YamlScalarNode)command["usage_hint"]).Value));
        Assert.Equal(EventsPath, PathOf(Text("settings", "event_subscriptions", "request_url")));
        Assert.Equal("true", Text("settings", "interactivity", "is_enabled"));
        Assert.Equal(InteractivityPath, PathOf(Text("settings", "interactivity", "request_url")));
        Assert.Equal("false", Text("settings", "socket_mode_enabled"));
        Assert.Equal("false", Text("settings", "org_deploy_enabled"));
    }

    [Fact]
    public void The_bot_hears_channel_messages_and_reactions()
    {
        Assert.Equal(["message.channels", "reaction_added"], List("settings", "event_subscriptions", "bot_events").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_slack_route_the_app_serves_is_in_the_manifest()
    {
        // The routes come with Slack's inbound handlers; until they are in the table this holds nothing, and once they
        // are, the manifest and the table must name the same three paths.
        var routed = RouteTable.Routes.Select(r => r.Template).Where(t => t.StartsWith("api/slack/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        if (routed.Count > 0)
        {
            Assert.Equal(new[] { CommandsPath, EventsPath, InteractivityPath }, routed);
        }
    }
}
