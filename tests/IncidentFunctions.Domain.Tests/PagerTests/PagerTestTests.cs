using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.PagerTests;

namespace IncidentFunctions.Domain.Tests.PagerTests;

public class PagerTestTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly ResponderConfig Alice = new("Alice", "+15550100001")
    {
        ContactMethods =
        [
            new(ContactMethodType.Sms, "+15550100001"),
            new(ContactMethodType.Voice, "+15550100001"),
            new(ContactMethodType.Email, "alice@example.com"),
            new(ContactMethodType.Sms, "+15550100099", "spare phone"),
        ],
    };

    private static PagerTest Started() => PagerTest.Start(PagerTestIds.Manual(T0, 7), Alice, T0, PagerTestReason.Manual);

    [Fact]
    public void A_test_has_every_method_named_by_medium_and_position_none_sent_yet()
    {
        var test = Started();

        Assert.Equal(["sms", "voice", "email", "sms2"], test.Methods.Select(m => m.Key));
        Assert.All(test.Methods, m => Assert.Equal(PagerTestState.Sending, m.State));
        Assert.Equal(T0 + TimeSpan.FromHours(24), test.ExpiresAt);
        Assert.False(test.AnyConfirmed);
    }

    [Fact]
    public void Confirming_a_method_records_when_and_how_and_leaves_the_others()
    {
        var test = Started();
        test = test.With(test.Find("sms")!.WithSent(T0));

        var (confirmed, outcome) = test.Confirm("sms", T0.AddMinutes(2), "sms");

        Assert.Equal(PagerTestConfirmation.Confirmed, outcome);
        var sms = confirmed.Find("sms")!;
        Assert.Equal((PagerTestState.Confirmed, T0.AddMinutes(2), "sms"), (sms.State, sms.ConfirmedAt, sms.ConfirmedVia));
        Assert.Equal(T0, sms.SentAt);
        Assert.Equal(PagerTestState.Sending, confirmed.Find("voice")!.State);
        Assert.True(confirmed.AnyConfirmed);
    }

    [Fact]
    public void A_second_confirmation_changes_nothing_and_the_first_stands()
    {
        var (once, _) = Started().Confirm("email", T0.AddMinutes(1), "email");

        var (twice, outcome) = once.Confirm("email", T0.AddMinutes(9), "email");

        Assert.Equal(PagerTestConfirmation.AlreadyConfirmed, outcome);
        Assert.Same(once, twice);
        Assert.Equal(T0.AddMinutes(1), twice.Find("email")!.ConfirmedAt);
    }

    [Fact]
    public void A_confirmation_at_the_expiry_instant_is_too_late_and_one_tick_before_is_not()
    {
        var test = Started();

        Assert.Equal(PagerTestConfirmation.Expired, test.Confirm("voice", test.ExpiresAt, "voice").Outcome);
        Assert.Equal(PagerTestConfirmation.Confirmed, test.Confirm("voice", test.ExpiresAt.AddTicks(-1), "voice").Outcome);
    }

    [Fact]
    public void A_method_the_test_does_not_have_cannot_be_confirmed()
    {
        Assert.Equal(PagerTestConfirmation.NoSuchMethod, Started().Confirm("email2", T0, "email").Outcome);
    }

    [Fact]
    public void A_failed_method_records_why_and_an_answer_on_it_still_confirms_it()
    {
        var test = Started();
        test = test.With(test.Find("sms2")!.WithFailed("The 'To' number is not a valid phone number (code 21211)"));
        Assert.Equal(PagerTestState.Failed, test.Find("sms2")!.State);

        var (confirmed, outcome) = test.Confirm("sms2", T0.AddMinutes(1), "sms");

        Assert.Equal(PagerTestConfirmation.Confirmed, outcome);
        Assert.Null(confirmed.Find("sms2")!.Error);
    }

    [Fact]
    public void A_send_recorded_after_the_answer_keeps_the_method_confirmed()
    {
        var (confirmed, _) = Started().Confirm("sms", T0.AddSeconds(1), "sms");

        var sms = confirmed.Find("sms")!;
        Assert.Equal(PagerTestState.Confirmed, sms.WithSent(T0.AddSeconds(2)).State);
        Assert.Equal(T0.AddSeconds(2), sms.WithSent(T0.AddSeconds(2)).SentAt);
        Assert.Equal(PagerTestState.Confirmed, sms.WithFailed("late").State);
    }

    [Fact]
    public void An_unanswered_call_is_noted_on_a_sent_method_which_stays_sent()
    {
        var test = Started();
        var voice = test.Find("voice")!.WithSent(T0).WithUnanswered("no-answer");

        Assert.Equal((PagerTestState.Sent, "not answered (no-answer)"), (voice.State, voice.Error));
    }

    [Fact]
    public void Test_ids_are_url_and_key_safe_and_a_hand_off_s_is_the_same_every_time()
    {
        var manual = PagerTestIds.Manual(T0, 0xdeadbeef);
        var handoff = PagerTestIds.Handoff("Payments-Weekly", T0);

        Assert.Equal($"m{T0.UtcTicks}-deadbeef", manual);
        Assert.True(PagerTestIds.IsWellFormed(manual));
        Assert.True(PagerTestIds.IsWellFormed(handoff));
        Assert.Equal(handoff, PagerTestIds.Handoff("payments-weekly", T0));
        Assert.NotEqual(handoff, PagerTestIds.Handoff("payments-weekly", T0.AddTicks(1)));
        Assert.NotEqual(handoff, PagerTestIds.Handoff("checkout-weekly", T0));
        Assert.False(PagerTestIds.IsWellFormed("guard"));
        Assert.False(PagerTestIds.IsWellFormed("m1-../../x"));
        Assert.False(PagerTestIds.IsWellFormed(null));
    }
}
