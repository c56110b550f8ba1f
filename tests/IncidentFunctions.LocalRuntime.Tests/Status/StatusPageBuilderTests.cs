using IncidentFunctions.Application.Communication.Status;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;
using Microsoft.Extensions.Logging.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests.Status;

/// <summary>The builder over real tables on Azurite, with a clock of its own: one build per freshness period, and the last page when storage fails.</summary>
public sealed class StatusPageBuilderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(T0);
    private TestStores _stores = null!;
    private StatusPageBuilder _builder = null!;

    public async Task InitializeAsync()
    {
        _stores = await TestStores.CreateAsync();
        _builder = new StatusPageBuilder(_stores.Incidents, _stores.Records, _clock, NullLogger<StatusPageBuilder>.Instance);
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task One_build_serves_until_it_is_five_seconds_old()
    {
        await ToldUsersAsync(1, "Checkout slow");
        var first = await _builder.GetAsync(default);

        await ToldUsersAsync(2, "Search down");
        _clock.Now = T0 + StatusPageBuilder.Freshness - TimeSpan.FromTicks(1);
        Assert.Same(first, await _builder.GetAsync(default));

        _clock.Now = T0 + StatusPageBuilder.Freshness;
        var rebuilt = await _builder.GetAsync(default);
        Assert.Equal(["Checkout slow", "Search down"], rebuilt!.Open.Select(i => i.Title).Order());
    }

    [Fact]
    public async Task When_storage_fails_the_last_page_is_served_with_its_own_time()
    {
        await ToldUsersAsync(1, "Checkout slow");
        var before = await _builder.GetAsync(default);

        await _stores.Tables.DeleteAsync(default);
        _clock.Now = T0.AddMinutes(1);
        var during = await _builder.GetAsync(default);

        Assert.Same(before, during);
        Assert.Equal(T0, during!.GeneratedAt);
        await _stores.Tables.EnsureAsync(default);
    }

    [Fact]
    public async Task With_no_page_ever_built_a_storage_failure_gives_none()
    {
        await _stores.Tables.DeleteAsync(default);

        Assert.Null(await _builder.GetAsync(default));
        await _stores.Tables.EnsureAsync(default);
    }

    private async Task ToldUsersAsync(long number, string publicTitle)
    {
        var incident = new IncidentBuilder().Number(number).Title("alert title " + number).OpenedAt(T0.AddMinutes(-30))
            .Acknowledged("Alice", at: T0.AddMinutes(-25))
            .Build();
        await _stores.OpenAsync(incident);
        await _stores.Records.AddUpdateAsync(number, new StatusUpdate($"u{number}", T0.AddMinutes(-10), "Alice", "Looking into it", [UpdateAudience.Users],
            null, null, false, publicTitle), default);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
