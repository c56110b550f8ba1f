using IncidentFunctions.Domain.Chat;

namespace IncidentFunctions.Domain.Tests.Chat;

/// <summary>Incident channel names as Slack accepts them: lower case, letters, digits, '-' and '_', at most 80, the number never cut.</summary>
public sealed class SlackChannelNameTests
{
    [Theory]
    [InlineData("inc-{number}-{service}-{title}", 42, "checkout", "5xx above 2%", "inc-42-checkout-5xx-above-2")]
    [InlineData("inc-{number}-{service}-{title}", 7, "Payments API", "Café latency — p99 > 2s!", "inc-7-payments-api-cafe-latency-p99-2s")]
    [InlineData("{severity}-inc-{number}", 3, "x", "y", "sev1-inc-3")]
    [InlineData("inc_{number}_{service}", 5, "ledger_internal", "z", "inc_5_ledger_internal")]
    [InlineData("inc-{number}-{title}", 9, "s", "///", "inc-9")]
    public void Fills_and_cleans_the_pattern(string pattern, long number, string service, string title, string expected) =>
        Assert.Equal(expected, SlackChannelName.For(pattern, number, service, title, "SEV1"));

    [Fact]
    public void A_long_name_is_cut_at_a_word_after_the_number_within_80()
    {
        var name = SlackChannelName.For(SlackChannelName.DefaultPattern, 123456, "checkout", string.Join(' ', Enumerable.Repeat("replication lag", 20)), "SEV2");

        Assert.True(name.Length <= SlackChannelName.MaxLength, name);
        Assert.StartsWith("inc-123456-checkout-replication-lag", name, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9_-]+$", name);
        Assert.False(name.EndsWith('-'), name);
        Assert.True(name.EndsWith("lag", StringComparison.Ordinal) || name.EndsWith("replication", StringComparison.Ordinal), name);
    }

    [Fact]
    public void The_number_survives_a_pattern_whose_head_is_long() =>
        Assert.EndsWith("-77", SlackChannelName.For(new string('a', 90) + "-{number}", 77, "s", "t", "SEV1"), StringComparison.Ordinal);

    [Fact]
    public void A_taken_name_gets_a_suffix_within_the_limit()
    {
        Assert.Equal("inc-42-checkout-2", SlackChannelName.WithSuffix("inc-42-checkout", 2));
        var full = new string('a', 80);
        Assert.Equal(new string('a', 77) + "-10", SlackChannelName.WithSuffix(full, 10));
    }

    [Theory]
    [InlineData("inc-{number}-{service}", null)]
    [InlineData("inc-{service}", "must contain {number}")]
    [InlineData("inc-{number}-{owner}", "knows only the placeholders")]
    public void Patterns_are_checked(string pattern, string? problem)
    {
        var found = SlackChannelName.Problem(pattern);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }
}
