using IncidentFunctions.Domain.Maintenance;

namespace IncidentFunctions.Domain.Tests.Maintenance;

public class MaintenanceWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static MaintenanceWindow Window(IReadOnlyDictionary<string, string>? matchers = null) =>
        new("mw-000000000001", ["checkout", "Payments"], new LabelMatchers(matchers ?? new Dictionary<string, string>()),
            Start, Start.AddHours(1), "db upgrade", "Alice", Start.AddDays(-1));

    [Fact]
    public void Covers_its_services_alerts_case_insensitively_and_no_other_service()
    {
        var window = Window();

        Assert.True(window.Covers("checkout", new Dictionary<string, string>()));
        Assert.True(window.Covers("payments", new Dictionary<string, string>()));
        Assert.False(window.Covers("search", new Dictionary<string, string>()));
    }

    [Fact]
    public void Matchers_take_only_alerts_whose_labels_match_every_glob()
    {
        var window = Window(new Dictionary<string, string> { ["host"] = "db-*", ["env"] = "prod" });

        Assert.True(window.Covers("checkout", new Dictionary<string, string> { ["host"] = "DB-7", ["env"] = "prod", ["other"] = "x" }));
        Assert.False(window.Covers("checkout", new Dictionary<string, string> { ["host"] = "web-1", ["env"] = "prod" }));
        Assert.False(window.Covers("checkout", new Dictionary<string, string> { ["host"] = "db-1" }));
        Assert.False(window.Covers("checkout", new Dictionary<string, string> { ["Host"] = "db-1", ["env"] = "prod" }));
    }

    [Fact]
    public void Is_active_from_its_start_inclusive_to_its_end_exclusive()
    {
        var window = Window();

        Assert.False(window.IsActiveAt(Start.AddTicks(-1)));
        Assert.True(window.IsActiveAt(Start));
        Assert.True(window.IsActiveAt(Start.AddHours(1).AddTicks(-1)));
        Assert.False(window.IsActiveAt(Start.AddHours(1)));
        Assert.Equal(MaintenanceWindowState.Upcoming, window.StateAt(Start.AddMinutes(-1)));
        Assert.Equal(MaintenanceWindowState.Ended, window.StateAt(Start.AddHours(1)));
    }

    [Fact]
    public void Ending_early_stops_it_now_and_ending_it_again_is_refused()
    {
        var ended = Window().EndNow(Start.AddMinutes(10))!;

        Assert.Equal(Start.AddMinutes(10), ended.EffectiveEnd);
        Assert.False(ended.IsActiveAt(Start.AddMinutes(10)));
        Assert.Null(ended.EndNow(Start.AddMinutes(11)));
        Assert.Null(Window().EndNow(Start.AddHours(2)));
    }

    [Fact]
    public void An_upcoming_window_ended_before_its_start_never_starts()
    {
        var ended = Window().EndNow(Start.AddHours(-3))!;

        Assert.False(ended.IsActiveAt(Start));
        Assert.Equal(MaintenanceWindowState.Ended, ended.StateAt(Start.AddHours(-2)));
    }

    [Theory]
    [InlineData(-2, 60, "start")]
    [InlineData(0, 0, "end")]
    [InlineData(0, -5, "end")]
    [InlineData(0, 7 * 24 * 60 + 1, "end")]
    public void Limits_name_the_field_to_fix(int startMinutes, int lengthMinutes, string field)
    {
        var now = Start;
        var start = now.AddMinutes(startMinutes);

        var problem = MaintenanceLimits.Check(start, start.AddMinutes(lengthMinutes), now, TimeSpan.FromDays(7));

        Assert.Equal(field, problem?.Field);
    }

    [Fact]
    public void A_start_a_few_seconds_ago_and_exactly_the_longest_length_are_accepted()
    {
        Assert.Null(MaintenanceLimits.Check(Start.AddSeconds(-30), Start.AddDays(7).AddSeconds(-30), Start, TimeSpan.FromDays(7)));
    }
}
