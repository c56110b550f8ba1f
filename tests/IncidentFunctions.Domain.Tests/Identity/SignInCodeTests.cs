using IncidentFunctions.Domain.Identity;

namespace IncidentFunctions.Domain.Tests.Identity;

/// <summary>One-time sign-in codes: six digits, ten minutes, five tries, one use, kept only as a salted MAC.</summary>
public class SignInCodeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_code_is_six_digits_and_its_record_does_not_hold_it()
    {
        var (record, code) = SignInCode.Issue("Alice", "sms:+15550100001", T0);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(code, Convert.ToHexString(record.Hash) + Convert.ToBase64String(record.Hash), StringComparison.Ordinal);
        Assert.Equal((0, false, T0 + TimeSpan.FromMinutes(10)), (record.Tries, record.Used, record.ExpiresAt));
    }

    [Fact]
    public void The_code_signs_in_once_and_never_again()
    {
        var (record, code) = SignInCode.Issue("Alice", "sms:+15550100001", T0);

        var (first, used) = record.Check(code, T0.AddMinutes(9));
        var (second, _) = used.Check(code, T0.AddMinutes(9));

        Assert.Equal((SignInCodeCheck.Accepted, SignInCodeCheck.Spent), (first, second));
        Assert.Equal(0, used.TriesLeft);
    }

    [Fact]
    public void Spaces_around_and_inside_the_digits_are_forgiven()
    {
        var (record, code) = SignInCode.Issue("Alice", "email:alice@example.com", T0);

        Assert.Equal(SignInCodeCheck.Accepted, record.Check($" {code[..3]} {code[3..]} ", T0).Outcome);
    }

    [Fact]
    public void Ten_minutes_on_even_the_right_code_is_expired()
    {
        var (record, code) = SignInCode.Issue("Alice", "sms:+15550100001", T0);

        Assert.Equal(SignInCodeCheck.Expired, record.Check(code, T0 + SignInCode.Lifetime).Outcome);
    }

    [Fact]
    public void Five_wrong_tries_spend_the_code_and_the_right_one_no_longer_works()
    {
        var (record, code) = SignInCode.Issue("Alice", "sms:+15550100001", T0);
        var wrong = code == "000000" ? "000001" : "000000";
        var outcomes = new List<SignInCodeCheck>();
        for (var i = 0; i < SignInCode.MaxTries; i++)
        {
            (var outcome, record) = record.Check(wrong, T0);
            outcomes.Add(outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(SignInCodeCheck.Wrong, 4), SignInCodeCheck.TooManyTries], outcomes);
        Assert.Equal(SignInCodeCheck.Spent, record.Check(code, T0).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void What_is_not_six_digits_is_not_counted_as_a_try(string? presented)
    {
        var (record, _) = SignInCode.Issue("Alice", "sms:+15550100001", T0);

        var (outcome, next) = record.Check(presented, T0);

        Assert.Equal((SignInCodeCheck.Malformed, 0), (outcome, next.Tries));
    }

    [Fact]
    public void A_record_copied_to_another_persons_name_does_not_verify()
    {
        var (record, code) = SignInCode.Issue("Alice", "sms:+15550100001", T0);

        Assert.Equal(SignInCodeCheck.Wrong, (record with { Responder = "Mallory" }).Check(code, T0).Outcome);
    }

    [Fact]
    public void Requests_are_allowed_until_the_limit_in_the_window_then_when_the_oldest_leaves_it()
    {
        var recent = new[] { T0.AddMinutes(1), T0, T0.AddMinutes(2), T0.AddMinutes(-20) };

        Assert.Null(SignInThrottle.NextAllowed(recent, limit: 4, T0.AddMinutes(3)));
        Assert.Equal(T0 + SignInThrottle.Window, SignInThrottle.NextAllowed(recent, limit: SignInThrottle.PerPerson, T0.AddMinutes(3)));
        Assert.Null(SignInThrottle.NextAllowed(recent, limit: SignInThrottle.PerPerson, T0 + SignInThrottle.Window));
    }
}
