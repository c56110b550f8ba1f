using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
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
/// what an operator would see; HttpClient at Trace too, so a leaked Authorization header would show.
/// </summary>
public sealed class FuzzFixture : PipelineFixture
{
    protected override int RateLimit => 100_000;

    protected override void Configure(TestWorldBuilder world)
    {
        base.Configure(world);
        world.WithLogLevel("Information").WithLogLevel("Trace", "System.Net.Http.HttpClient");
    }
}
