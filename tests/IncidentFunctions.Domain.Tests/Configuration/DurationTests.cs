using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class DurationTests
{
    [Theory]
    [InlineData("30s", 0, 0, 0, 30)]
    [InlineData("5m", 0, 0, 5, 0)]
    [InlineData("1h30m", 0, 1, 30, 0)]
    [InlineData("90m", 0, 1, 30, 0)]
    [InlineData("36h", 0, 36, 0, 0)]
    [InlineData("7d", 7, 0, 0, 0)]
    [InlineData("1d12h", 1, 12, 0, 0)]
    [InlineData("1d2h3m4s", 1, 2, 3, 4)]
    [InlineData(" 5M ", 0, 0, 5, 0)]
    [InlineData("PT5M", 0, 0, 5, 0)]
    [InlineData("PT1H30M", 0, 1, 30, 0)]
    [InlineData("PT45S", 0, 0, 0, 45)]
    [InlineData("P7D", 7, 0, 0, 0)]
    [InlineData("P1W", 7, 0, 0, 0)]
    [InlineData("P1DT12H", 1, 12, 0, 0)]
    [InlineData("pt10m", 0, 0, 10, 0)]
    public void A_duration_parses_into_days_and_elapsed_time(string text, int days, int hours, int minutes, int seconds)
    {
        var duration = Duration.Parse(text);

        Assert.Equal(days, duration.Days);
        Assert.Equal(new TimeSpan(hours, minutes, seconds), duration.Time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5 m")]
    [InlineData("5min")]
    [InlineData("30m1h")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("PT5")]
    [InlineData("５m")]
    public void Text_that_is_not_a_duration_is_refused_with_a_reason(string text)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => Duration.Parse(text));
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("P1Y2M3DT4H")]
    public void Years_and_months_are_refused_because_they_have_no_fixed_length(string text)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains("years or months", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999d")]
    [InlineData("40000d")]
    [InlineData("1000000h")]
    public void An_absurdly_long_duration_is_refused(string text)
    {
        Assert.False(Duration.TryParse(text, out _, out var error));
        Assert.Contains("too long", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_days_are_calendar_days_but_the_same_time_in_hours_is_not()
    {
        Assert.True(Duration.Parse("1d").IsWholeDays);
        Assert.True(Duration.Parse("P1W").IsWholeDays);
        Assert.False(Duration.Parse("24h").IsWholeDays);
        Assert.False(Duration.Parse("1d12h").IsWholeDays);
        Assert.Equal(Duration.Parse("1d").TotalTime, Duration.Parse("24h").TotalTime);
        Assert.NotEqual(Duration.Parse("1d"), Duration.Parse("24h"));
    }

    [Fact]
    public void Zero_is_not_positive()
    {
        Assert.False(Duration.Parse("0s").IsPositive);
        Assert.False(Duration.Parse("0d0h").IsPositive);
        Assert.True(Duration.Parse("1s").IsPositive);
    }

    [Theory]
    [InlineData("7d", "7d")]
    [InlineData("90m", "1h30m")]
    [InlineData("PT1H30M", "1h30m")]
    [InlineData("1d12h", "1d12h")]
    [InlineData("36h", "36h")]
    [InlineData("0s", "0s")]
    public void A_duration_prints_in_its_short_form(string text, string expected)
    {
        Assert.Equal(expected, Duration.Parse(text).ToString());
    }
}
