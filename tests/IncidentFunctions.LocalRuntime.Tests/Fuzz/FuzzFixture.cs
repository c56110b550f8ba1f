using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Fuzz;

/// <summary>The fuzz and security tests share one runtime of their own, so their many requests slow no other scenario.</summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzFixture>
{
    public const string Name = "fuzz";
}

/// <summary>
/// The pipeline's configuration with a rate limit high enough that fuzzed alerts reach the parser instead of a 429, and
/// the log levels the shipped appsettings.json sets (Information for the application), so the logs a scenario leaves are
/// what an operator would see; HttpClient at Trace too, so a leaked Authorization header would show. Slack is on (its
/// Web API a fake, Carol its one linked user), so Slack's requests reach their handlers rather than "Slack is off".
/// </summary>
public sealed class FuzzFixture : PipelineFixture
{
    public const string SlackSigningSecret = TestWorldBuilder.SlackSigningSecret;
    public const string SlackCarol = "U0000CAROL";

    public FakeSlackServer Slack => World.Slack;

    protected override int RateLimit => 100_000;

    // No channels or announcements of the room's own: the fuzz counts Slack's calls, and the room has its own tests.
    protected override OnCallConfigBuilder OnCall(OnCallConfigBuilder config) => config.SlackUser("Carol", SlackCarol).Slack(channelSeverities: []);

    protected override void Configure(TestWorldBuilder world)
    {
        base.Configure(world);
        world.WithLogLevel("Information").WithLogLevel("Trace", "System.Net.Http.HttpClient")
            .WithFakeSlack()
            .WithSetting("Slack:MaxAttempts", "1");
    }
}
