using IncidentFunctions.Domain.Postmortems;

namespace IncidentFunctions.Domain.Tests.Postmortems;

public class RepeatMatcherTests
{
    private static readonly DateTimeOffset Opened = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static PastIncident Past(long number, TimeSpan resolvedBeforeOpen, string service = "checkout", string key = "other-key", string title = "Something else") =>
        new(number, service, key, TitleNormalizer.Normalize(title), Opened - resolvedBeforeOpen, []);

    private static IReadOnlyList<PastIncident> Find(params PastIncident[] resolved) =>
        RepeatMatcher.FindRepeats("checkout", "checkout-latency", "Instance localhost:8081 down", Opened, Week, resolved);

    [Fact]
    public void An_incident_with_the_same_dedup_key_is_a_repeat()
    {
        var past = Past(17, TimeSpan.FromDays(3), key: "checkout-latency");

        Assert.Equal([past], Find(past));
    }

    [Fact]
    public void An_incident_with_the_same_normalised_title_is_a_repeat()
    {
        var past = Past(17, TimeSpan.FromDays(3), title: "Instance localhost:8082 down");

        Assert.Equal([past], Find(past));
    }

    [Fact]
    public void An_incident_with_another_key_and_title_is_not_a_repeat()
    {
        Assert.Empty(Find(Past(17, TimeSpan.FromDays(3))));
    }

    [Fact]
    public void An_incident_of_another_service_is_not_a_repeat()
    {
        Assert.Empty(Find(Past(17, TimeSpan.FromDays(3), service: "payments", key: "checkout-latency")));
    }

    [Fact]
    public void Service_names_are_compared_ignoring_case()
    {
        Assert.Single(Find(Past(17, TimeSpan.FromDays(3), service: "Checkout", key: "checkout-latency")));
    }

    [Fact]
    public void An_incident_resolved_before_the_window_is_not_a_repeat()
    {
        Assert.Empty(Find(Past(17, Week + TimeSpan.FromTicks(1), key: "checkout-latency")));
    }

    [Fact]
    public void The_window_includes_both_of_its_ends()
    {
        var atStart = Past(17, Week, key: "checkout-latency");
        var atOpen = Past(18, TimeSpan.Zero, key: "checkout-latency");

        Assert.Equal([atOpen, atStart], Find(atStart, atOpen));
    }

    [Fact]
    public void An_incident_resolved_after_the_open_is_not_a_repeat()
    {
        Assert.Empty(Find(Past(17, -TimeSpan.FromMinutes(1), key: "checkout-latency")));
    }

    [Fact]
    public void Repeats_come_most_recent_first()
    {
        var older = Past(12, TimeSpan.FromDays(6), key: "checkout-latency");
        var newest = Past(20, TimeSpan.FromHours(5), title: "Instance localhost:9000 down");
        var middle = Past(17, TimeSpan.FromDays(3), key: "checkout-latency");

        Assert.Equal([20L, 17L, 12L], Find(older, newest, middle).Select(p => p.Number));
    }

    [Fact]
    public void Blank_keys_and_titles_match_nothing()
    {
        var past = new PastIncident(17, "checkout", "", "", Opened.AddDays(-1), []);

        Assert.Empty(RepeatMatcher.FindRepeats("checkout", "", "!!!", Opened, Week, [past]));
    }

    [Theory]
    [InlineData(30, "Repeat of INC 17, less than a minute ago")]
    [InlineData(60, "Repeat of INC 17, 1 minute ago")]
    [InlineData(5 * 60 + 59, "Repeat of INC 17, 5 minutes ago")]
    [InlineData(3600, "Repeat of INC 17, 1 hour ago")]
    [InlineData(23 * 3600 + 3599, "Repeat of INC 17, 23 hours ago")]
    [InlineData(86400, "Repeat of INC 17, 1 day ago")]
    [InlineData(3 * 86400 + 7200, "Repeat of INC 17, 3 days ago")]
    public void Describe_says_how_long_ago_the_earlier_incident_was_resolved(int secondsAgo, string expected)
    {
        var past = Past(17, TimeSpan.Zero);

        Assert.Equal(expected, RepeatMatcher.Describe(past, Opened.AddSeconds(secondsAgo)));
    }
}
