using Azure.Data.Tables;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.LocalRuntime.Tests.Notifications;

/// <summary>
/// <see cref="FloodLimit"/> on real tables (Azurite): with the window at zero nobody takes turns on the number's gate
/// (thousands of incidents paging one responder once made every page contend for that one row), pages held before the
/// window was set to zero are still carried, and a gate lists a bounded number of held pages.
/// </summary>
public sealed class FloodLimitTests : IAsyncLifetime
{
    private static readonly ResponderConfig Alice = new("Alice", "+15550300011");

    private TestStores _stores = null!;
    private FloodGateStore _gates = null!;
    private FloodLimit _limit = null!;

    public async Task InitializeAsync()
    {
        _stores = await TestStores.CreateAsync();
        _gates = new FloodGateStore(new TableServiceClient(TestStorage.ConnectionString), _stores.Prefix);
        _limit = new FloodLimit(_gates, _stores.Sends, _stores.Incidents, _stores.Timeline, TimeProvider.System);
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Fact]
    public async Task With_the_window_at_zero_pages_at_once_to_one_number_all_go_without_writing_its_gate()
    {
        var claims = await Task.WhenAll(Enumerable.Range(1, 20).Select(n => _limit.ClaimAsync(Page(n), ContactMethodType.Sms, TimeSpan.Zero, null, default)));

        Assert.All(claims, c => Assert.Equal((null, 0), (c.RetryAt, c.Carried.Count)));
        var gate = await _gates.GetAsync(ContactMethodType.Sms, Alice.Phone, default);
        Assert.Equal(default, gate.Version);
    }

    [Fact]
    public async Task Pages_held_before_the_window_went_to_zero_are_carried_by_the_next_page()
    {
        var window = TimeSpan.FromMinutes(10);
        await _stores.OpenAsync(new IncidentBuilder().Number(2).Build());
        var first = await _limit.ClaimAsync(Page(1), ContactMethodType.Sms, window, null, default);
        var held = await _limit.ClaimAsync(Page(2), ContactMethodType.Sms, window, null, default);

        var next = await _limit.ClaimAsync(Page(3), ContactMethodType.Sms, TimeSpan.Zero, null, default);

        Assert.Null(first.RetryAt);
        Assert.NotNull(held.RetryAt);
        Assert.Null(next.RetryAt);
        Assert.Equal([2L], next.Carried.Select(c => c.Held.Incident));
        Assert.Empty((await _gates.GetAsync(ContactMethodType.Sms, Alice.Phone, default)).Waiting);
    }

    [Fact]
    public async Task A_number_lists_at_most_its_limit_of_held_pages_and_the_rest_are_still_held_and_told_when_to_ask_again()
    {
        var window = TimeSpan.FromHours(1);
        var first = await _limit.ClaimAsync(Page(1), ContactMethodType.Sms, window, null, default);
        var held = new List<FloodClaim>();
        for (var n = 2; n <= FloodLimit.MaxWaiting + 4; n++)
        {
            held.Add(await _limit.ClaimAsync(Page(n), ContactMethodType.Sms, window, null, default));
        }

        Assert.Null(first.RetryAt);
        Assert.All(held, c => Assert.NotNull(c.RetryAt));
        var gate = await _gates.GetAsync(ContactMethodType.Sms, Alice.Phone, default);
        Assert.Equal(Enumerable.Range(2, FloodLimit.MaxWaiting).Select(n => (long)n), gate.Waiting.Select(h => h.Incident));
        var beyond = await _stores.Sends.GetSendAsync(FloodLimit.MaxWaiting + 4, Key, default);
        Assert.Equal(SendOutcomes.Held, beyond!.Outcome);
        Assert.Single(await _stores.Timeline.GetAsync(FloodLimit.MaxWaiting + 4, default));
    }

    private const string Key = "page:0:0:s1:Alice";

    private static NotificationRequest Page(long incident) =>
        new(Alice, new NotificationSubject(incident, "SEV2", "checkout", "5xx", null), NotificationPurpose.Page, $"INC {incident}",
            new NotificationWhy(TimelineEntryKind.PageSent, "Paged Alice (tier 1)", SendReason.ForTier(1)), ReplyOptions.ForPage(incident), Key, DateTimeOffset.UtcNow);
}
