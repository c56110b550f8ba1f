using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.PagerTests;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Storage;

/// <summary>The pager test rows on Azurite: insert-once, updates under ETags, the flood guard's claim, the phone's open test.</summary>
public sealed class PagerTestStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ResponderConfig Alice = new("Alice", "+15550100001");
    private TestStores _stores = null!;

    public async Task InitializeAsync() => _stores = await TestStores.CreateAsync();

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task A_test_is_inserted_once_and_reads_back_as_written()
    {
        var test = PagerTest.Start(PagerTestIds.Handoff("weekly", T0), Alice, T0, PagerTestReason.Handoff, "weekly");

        Assert.True(await _stores.PagerTests.TryAddAsync(test, default));
        Assert.False(await _stores.PagerTests.TryAddAsync(test with { StartedAt = T0.AddMinutes(1) }, default));

        var read = await _stores.PagerTests.GetAsync("ALICE", test.Id, default);
        Assert.NotNull(read);
        Assert.Equal((test.Id, "Alice", T0, PagerTestReason.Handoff, "weekly"), (read.Id, read.Responder, read.StartedAt, read.Reason, read.Schedule));
        Assert.Equal(test.Methods, read.Methods);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_test_all_land()
    {
        var test = PagerTest.Start(PagerTestIds.Manual(T0, 1), Alice, T0, PagerTestReason.Manual);
        await _stores.PagerTests.TryAddAsync(test, default);
        var other = _stores.SecondProcess().PagerTests;

        await Task.WhenAll(
            _stores.PagerTests.UpdateAsync("Alice", test.Id, t => t.With(t.Find("sms")!.WithSent(T0)), default),
            other.UpdateAsync("Alice", test.Id, t => t.Confirm("voice", T0.AddMinutes(1), "voice").Test, default));

        var read = (await _stores.PagerTests.GetAsync("Alice", test.Id, default))!;
        Assert.Equal([PagerTestState.Sent, PagerTestState.Confirmed], read.Methods.Select(m => m.State));
        Assert.Null(await _stores.PagerTests.UpdateAsync("Alice", "m1-00000000", t => t, default));
    }

    [Fact]
    public async Task The_flood_guard_lets_one_claim_through_per_gap_however_many_arrive_at_once()
    {
        var gap = TimeSpan.FromMinutes(1);
        var other = _stores.SecondProcess().PagerTests;

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? _stores.PagerTests : other).TryClaimAskedAsync("Alice", T0, gap, default)));

        Assert.Single(claims, c => c is null);
        Assert.Equal(T0, await _stores.PagerTests.TryClaimAskedAsync("Alice", T0 + gap - TimeSpan.FromTicks(1), gap, default));
        Assert.Null(await _stores.PagerTests.TryClaimAskedAsync("Alice", T0 + gap, gap, default));
        Assert.Null(await _stores.PagerTests.TryClaimAskedAsync("Bob", T0, gap, default));
        Assert.Empty(await _stores.PagerTests.ListAsync("Alice", default));
    }

    [Fact]
    public async Task A_phone_answers_the_test_last_texted_to_it()
    {
        Assert.Null(await _stores.PagerTests.GetOpenOnPhoneAsync(Alice.Phone, default));

        await _stores.PagerTests.SetOpenOnPhoneAsync(Alice.Phone, "Alice", "m1-00000001", "sms", T0, default);
        await _stores.PagerTests.SetOpenOnPhoneAsync(Alice.Phone, "Alice", "m2-00000002", "sms", T0.AddDays(1), default);

        Assert.Equal(new PagerTestOnPhone("Alice", "m2-00000002", "sms", T0.AddDays(1)), await _stores.PagerTests.GetOpenOnPhoneAsync(Alice.Phone, default));
        // Beside the incident last paged to that phone, which it leaves alone.
        await _stores.Sends.SetLastPagedAsync(Alice.Phone, 42, T0, default);
        Assert.Equal(42, await _stores.Sends.GetLastPagedAsync(Alice.Phone, default));
        Assert.NotNull(await _stores.PagerTests.GetOpenOnPhoneAsync(Alice.Phone, default));
    }

    [Fact]
    public async Task Tests_list_newest_first_per_responder_without_the_guard_row()
    {
        var older = PagerTest.Start(PagerTestIds.Manual(T0, 1), Alice, T0, PagerTestReason.Manual);
        var newer = PagerTest.Start(PagerTestIds.Manual(T0.AddDays(1), 2), Alice, T0.AddDays(1), PagerTestReason.Manual);
        await _stores.PagerTests.TryAddAsync(older, default);
        await _stores.PagerTests.TryAddAsync(newer, default);
        await _stores.PagerTests.TryClaimAskedAsync("Alice", T0, TimeSpan.FromMinutes(1), default);

        Assert.Equal([newer.Id, older.Id], (await _stores.PagerTests.ListAsync("alice", default)).Select(t => t.Id));
        Assert.Empty(await _stores.PagerTests.ListAsync("Bob", default));
        Assert.Null(await _stores.PagerTests.GetAsync("Alice", "guard", default));
    }
}
