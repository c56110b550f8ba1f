using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Escalation;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class IncidentConfigLookupTests
{
    private static readonly IncidentConfig Config = ConfigFixture.Valid();
    private static readonly ResponderConfig Alice = new("Alice", "+15550100001");
    private static readonly ResponderConfig Bob = new("Bob", "+15550100002");
    private static readonly ResponderConfig Carol = new("Carol", "+447700900003");

    // Schedule "primary" rotates Alice, Bob weekly from Monday 2026-01-05 09:00 London; Carol overrides 24–27 Dec 2026.
    private static readonly DateTimeOffset AliceWeek = new(2026, 1, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset BobWeek = new(2026, 1, 13, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Christmas = new(2026, 12, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset BeforeRotation = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_service_is_found_by_its_exact_integration_key()
    {
        Assert.Equal("checkout", Config.FindServiceByIntegrationKey("key-checkout-2")?.Name);
        Assert.Equal("search", Config.FindServiceByIntegrationKey("key-search")?.Name);
    }

    [Theory]
    [InlineData("KEY-SEARCH")]
    [InlineData("key-search ")]
    [InlineData("")]
    public void An_integration_key_that_differs_in_any_way_finds_no_service(string key)
    {
        Assert.Null(Config.FindServiceByIntegrationKey(key));
    }

    [Fact]
    public void Services_responders_schedules_and_policies_are_found_by_name_ignoring_case()
    {
        Assert.Equal("checkout", Config.FindService("CHECKOUT")?.Name);
        Assert.Equal(Bob, Config.FindResponder("bob"));
        Assert.Equal("primary", Config.FindSchedule("Primary")?.Name);
        Assert.Equal("checkout", Config.GetPolicy("Checkout").Name);
        Assert.Null(Config.FindService("billing"));
        Assert.Null(Config.FindResponder("Dave"));
        Assert.Null(Config.FindPolicy("billing"));
    }

    [Fact]
    public void A_responder_is_found_by_exact_phone_number()
    {
        Assert.Equal(Carol, Config.FindResponderByPhone("+447700900003"));
        Assert.Null(Config.FindResponderByPhone("447700900003"));
        Assert.Null(Config.FindResponderByPhone("+15550100009"));
    }

    [Fact]
    public void Getting_an_unknown_policy_throws()
    {
        var exception = Assert.Throws<KeyNotFoundException>(() => Config.GetPolicy("billing"));

        Assert.Contains("'billing'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tier_of_direct_responders_resolves_to_them()
    {
        Assert.Equal([Alice], Config.ResolveTier(Config.GetPolicy("checkout"), 0, AliceWeek));
    }

    [Fact]
    public void A_schedule_target_resolves_to_whoever_is_on_call_at_that_instant()
    {
        var policy = Config.GetPolicy("checkout");

        Assert.Equal([Alice, Carol], Config.ResolveTier(policy, 1, AliceWeek));
        Assert.Equal([Bob, Carol], Config.ResolveTier(policy, 1, BobWeek));
    }

    [Fact]
    public void A_responder_named_twice_in_a_tier_is_paged_once_in_first_position()
    {
        // At Christmas the schedule's override puts Carol on call, and Carol is also a direct target.
        Assert.Equal([Carol], Config.ResolveTier(Config.GetPolicy("checkout"), 1, Christmas));
    }

    [Fact]
    public void A_schedule_with_nobody_on_call_contributes_nobody()
    {
        Assert.Equal([Carol], Config.ResolveTier(Config.GetPolicy("checkout"), 1, BeforeRotation));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Resolving_a_tier_the_policy_does_not_have_is_refused(int tierIndex)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Config.ResolveTier(Config.GetPolicy("checkout"), tierIndex, AliceWeek));
    }

    [Fact]
    public void Targets_this_configuration_does_not_know_are_skipped()
    {
        var stale = new EscalationPolicy("old", [new EscalationTier([EscalationTarget.ForResponder("Dave"), EscalationTarget.ForSchedule("gone"), EscalationTarget.ForResponder("bob")], TimeSpan.FromMinutes(1))], 0);

        Assert.Equal([Bob], Config.ResolveTier(stale, 0, AliceWeek));
    }

    [Fact]
    public void All_policy_responders_are_everyone_any_tier_would_page_distinct_in_tier_order()
    {
        var policy = Config.GetPolicy("checkout");

        Assert.Equal([Alice, Carol], Config.AllPolicyResponders(policy, AliceWeek));
        Assert.Equal([Alice, Bob, Carol], Config.AllPolicyResponders(policy, BobWeek));
        Assert.Equal([Alice, Carol], Config.AllPolicyResponders(policy, Christmas));
    }
}
