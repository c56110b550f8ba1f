using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Tests.Notifications;

/// <summary>Who is contacted how and when for one page: the responder's own rules, else the severity's defaults.</summary>
public sealed class NotificationPlanTests
{
    private static readonly ResponderConfig Alice = new("Alice", "+15550100001");

    [Fact]
    public void A_sev1_texts_and_calls_at_once_and_a_sev2_calls_after_a_minute()
    {
        Assert.Equal(
            [(ContactMethodType.Sms, TimeSpan.Zero), (ContactMethodType.Voice, TimeSpan.Zero)],
            NotificationPlan.For(Alice, IncidentSeverity.Sev1, NotificationsConfig.Builtin).Select(c => (c.Method.Type, c.After)));
        Assert.Equal(
            [(ContactMethodType.Sms, TimeSpan.Zero), (ContactMethodType.Voice, TimeSpan.FromMinutes(1))],
            NotificationPlan.For(Alice, IncidentSeverity.Sev2, NotificationsConfig.Builtin).Select(c => (c.Method.Type, c.After)));
    }

    [Fact]
    public void Own_rules_win_and_reach_every_method_of_their_type_in_time_order()
    {
        var alice = Alice with
        {
            ContactMethods = [new(ContactMethodType.Sms, "+15550100001"), new(ContactMethodType.Voice, "+15550100001"), new(ContactMethodType.Voice, "+15550100071")],
            NotificationRules = [new(ContactMethodType.Sms, TimeSpan.Zero), new(ContactMethodType.Voice, TimeSpan.FromMinutes(5))],
        };

        var plan = NotificationPlan.For(alice, IncidentSeverity.Sev1, NotificationsConfig.Builtin);

        Assert.Equal(
            [(0, "+15550100001", TimeSpan.Zero), (1, "+15550100001", TimeSpan.FromMinutes(5)), (1, "+15550100071", TimeSpan.FromMinutes(5))],
            plan.Select(c => (c.Rule, c.Method.To, c.After)));
    }

    [Fact]
    public void A_default_for_a_medium_the_responder_lacks_is_passed_over()
    {
        var smsOnly = Alice with { ContactMethods = [new(ContactMethodType.Sms, "+15550100001")] };

        Assert.Equal([ContactMethodType.Sms], NotificationPlan.For(smsOnly, IncidentSeverity.Sev2, NotificationsConfig.Builtin).Select(c => c.Method.Type));
    }
}
