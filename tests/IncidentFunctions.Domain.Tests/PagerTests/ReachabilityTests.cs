using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.PagerTests;

namespace IncidentFunctions.Domain.Tests.PagerTests;

public class ReachabilityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ResponderConfig Bob = new("Bob", "+15550100002");

    private static PagerTest Test(DateTimeOffset at, ResponderConfig who, params (string Key, Func<PagerTestMethod, PagerTestMethod> Outcome)[] outcomes)
    {
        var test = PagerTest.Start(PagerTestIds.Manual(at, 1), who, at, PagerTestReason.Manual);
        foreach (var (key, outcome) in outcomes)
        {
            test = test.With(outcome(test.Find(key)!));
        }

        return test;
    }

    private static Func<PagerTestMethod, PagerTestMethod> Sent(DateTimeOffset at) => m => m.WithSent(at);

    private static Func<PagerTestMethod, PagerTestMethod> Confirmed(DateTimeOffset at) => m => m.WithSent(at) with { State = PagerTestState.Confirmed, ConfirmedAt = at, ConfirmedVia = ContactMethod.Word(m.Method.Type) };

    private static Func<PagerTestMethod, PagerTestMethod> Failed(string why) => m => m.WithFailed(why);

    [Fact]
    public void A_responder_never_tested_has_every_method_flagged_never_confirmed()
    {
        var reachability = ResponderReachability.Of(Bob, []);

        Assert.Equal(["sms", "voice"], reachability.Methods.Select(m => m.Key));
        Assert.All(reachability.Methods, m => Assert.Equal(ReachabilityFlag.NeverConfirmed, m.Flag));
        Assert.True(reachability.Flagged);
        Assert.Equal(["never tested", "never tested"], reachability.Problems().Select(p => p.Problem));
    }

    [Fact]
    public void A_method_confirmed_once_stays_confirmed_through_later_unanswered_tests()
    {
        var first = Test(T0, Bob, ("sms", Confirmed(T0.AddMinutes(1))), ("voice", Confirmed(T0.AddMinutes(2))));
        var later = Test(T0.AddDays(7), Bob, ("sms", Sent(T0.AddDays(7))), ("voice", Sent(T0.AddDays(7))));

        var reachability = ResponderReachability.Of(Bob, [first, later]);

        Assert.False(reachability.Flagged);
        var sms = reachability.Methods[0];
        Assert.Equal((T0.AddMinutes(1), "sms"), (sms.LastConfirmedAt, sms.LastConfirmedVia));
        Assert.Equal(later.Id, sms.LastTest!.TestId);
        Assert.Equal(PagerTestState.Sent, sms.LastTest.Result.State);
    }

    [Fact]
    public void A_method_whose_latest_test_failed_is_flagged_even_if_confirmed_before()
    {
        var first = Test(T0, Bob, ("sms", Confirmed(T0)), ("voice", Confirmed(T0)));
        var later = Test(T0.AddDays(1), Bob, ("sms", Sent(T0.AddDays(1))), ("voice", Failed("the call failed")));

        var reachability = ResponderReachability.Of(Bob, [later, first]);

        Assert.Equal([ReachabilityFlag.None, ReachabilityFlag.LastTestFailed], reachability.Methods.Select(m => m.Flag));
        Assert.Equal("last test failed: the call failed", Assert.Single(reachability.Problems()).Problem);
    }

    [Fact]
    public void A_new_number_starts_over_as_never_confirmed()
    {
        var old = Test(T0, Bob, ("sms", Confirmed(T0)), ("voice", Confirmed(T0)));
        var moved = Bob with { Phone = "+15550100222" };

        var reachability = ResponderReachability.Of(moved, [old]);

        Assert.All(reachability.Methods, m => Assert.Equal(ReachabilityFlag.NeverConfirmed, m.Flag));
        Assert.All(reachability.Methods, m => Assert.Null(m.LastTest));
    }

    [Fact]
    public void Only_people_a_page_can_reach_are_pageable()
    {
        var config = Configuration.ConfigFixture.Load(root =>
            root["responders"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "Dana", ["phone"] = "+15550100004" }));

        // Alice and Bob rotate, Carol overrides and is in a policy; Dana is on nothing.
        Assert.Equal(["Alice", "Bob", "Carol"], config.PageableResponders().Select(r => r.Name));
    }
}
