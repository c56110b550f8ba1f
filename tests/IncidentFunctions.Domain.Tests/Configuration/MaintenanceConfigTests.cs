using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Maintenance;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class MaintenanceConfigTests
{
    private const string Sunday = """
        { "name": "Sunday patching", "services": ["checkout"], "matchers": {"host": "db-*"}, "reason": "OS patches",
          "timeZone": "Europe/London", "days": ["sun"], "start": "02:00", "end": "03:00" }
        """;

    [Fact]
    public void Without_a_maintenance_section_windows_last_at_most_seven_days_and_none_recur()
    {
        var maintenance = Valid().Maintenance;

        Assert.Equal(TimeSpan.FromDays(7), maintenance.MaxDuration);
        Assert.Empty(maintenance.Windows);
    }

    [Fact]
    public void A_recurring_window_is_read_as_written()
    {
        var config = ConfigLoader.Parse(WithSection("maintenance", $$"""{ "maxDuration": "14d", "windows": [{{Sunday}}] }"""), FileName);

        Assert.Equal(TimeSpan.FromDays(14), config.Maintenance.MaxDuration);
        var window = Assert.Single(config.Maintenance.Windows);
        Assert.Equal("Sunday patching", window.Name);
        Assert.Equal(["checkout"], window.Services);
        Assert.Equal("db-*", window.Matchers.Patterns["host"]);
        Assert.Equal(new HashSet<DayOfWeek> { DayOfWeek.Sunday }, window.Recurrence.Days);
        Assert.Equal((new TimeOnly(2, 0), new TimeOnly(3, 0), "Europe/London"), (window.Recurrence.Start, window.Recurrence.End, window.Recurrence.Zone.Id));
    }

    [Fact]
    public void A_window_crossing_midnight_is_accepted()
    {
        var config = ConfigLoader.Parse(WithSection("maintenance",
            """{ "windows": [ { "name": "nightly", "services": ["search"], "reason": "reindex", "timeZone": "America/New_York", "days": ["sat", "Sunday"], "start": "23:00", "end": "01:00" } ] }"""), FileName);

        Assert.True(Assert.Single(config.Maintenance.Windows).Recurrence.CrossesMidnight);
    }

    [Theory]
    [InlineData("services", """["checkout", "nope"]""", "maintenance.windows[0].services[1]", "no service named 'nope'")]
    [InlineData("services", "[]", "maintenance.windows[0].services", "at least one service")]
    [InlineData("timeZone", "\"Mars/Olympus\"", "maintenance.windows[0].timeZone", "IANA time zone")]
    [InlineData("days", """["sun", "someday"]""", "maintenance.windows[0].days[1]", "is not a day")]
    [InlineData("days", "[]", "maintenance.windows[0].days", "at least one day")]
    [InlineData("start", "\"2am\"", "maintenance.windows[0].start", "HH:mm")]
    [InlineData("end", "\"24:00\"", "maintenance.windows[0].end", "HH:mm")]
    [InlineData("end", "\"02:00\"", "maintenance.windows[0].end", "must differ from start")]
    [InlineData("matchers", """{"host": ""}""", "maintenance.windows[0].matchers.host", "must not be empty")]
    [InlineData("matchers", """["db-*"]""", "maintenance.windows[0].matchers", "label name to pattern")]
    [InlineData("reason", "null", "maintenance.windows[0].reason", "is required")]
    [InlineData("colour", "\"red\"", "maintenance.windows[0].colour", "unknown property")]
    public void Each_problem_of_a_recurring_window_is_reported_at_its_path(string property, string value, string path, string message)
    {
        var window = System.Text.Json.Nodes.JsonNode.Parse(Sunday)!.AsObject();
        window[property] = System.Text.Json.Nodes.JsonNode.Parse(value);

        SingleProblem(WithSection("maintenance", $$"""{ "windows": [{{window.ToJsonString()}}] }"""), path, message);
    }

    [Fact]
    public void An_occurrence_longer_than_max_duration_is_refused_at_its_end()
    {
        SingleProblem(WithSection("maintenance",
            """{ "maxDuration": "2h", "windows": [ { "name": "long", "services": ["search"], "reason": "r", "timeZone": "UTC", "days": ["mon"], "start": "20:00", "end": "01:00" } ] }"""),
            "maintenance.windows[0].end", "over maintenance.maxDuration");
    }

    [Fact]
    public void Two_windows_whose_names_make_the_same_id_are_refused()
    {
        var second = Sunday.Replace("Sunday patching", "sunday-patching", StringComparison.Ordinal);

        SingleProblem(WithSection("maintenance", $$"""{ "windows": [{{Sunday}}, {{second}}] }"""), "maintenance.windows[1].name", "differ only in punctuation");
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var problems = ProblemsOf(WithSection("maintenance",
            """{ "maxDuration": "soon", "windows": [ { "name": "x", "services": ["nope"], "reason": "r", "timeZone": "Nowhere", "days": ["sun"], "start": "02:00", "end": "03:00" } ] }"""));

        Assert.Equal(["maintenance.maxDuration", "maintenance.windows[0].services[0]", "maintenance.windows[0].timeZone"], problems.Select(p => p.Path));
    }
}
