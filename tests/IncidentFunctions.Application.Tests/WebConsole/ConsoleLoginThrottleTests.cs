using IncidentFunctions.Application.Tests.Notifications.Sms;
using IncidentFunctions.Application.WebConsole;

namespace IncidentFunctions.Application.Tests.WebConsole;

public sealed class ConsoleLoginThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allows_attempts_until_the_failures_fill_the_window_then_until_the_oldest_leaves_it()
    {
        var time = new ManualTimeProvider(Start);
        var throttle = new ConsoleLoginThrottle(time);
        for (var i = 0; i < ConsoleLoginThrottle.MaxFailures; i++)
        {
            Assert.Null(throttle.RetryAfter());
            throttle.Failed();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(ConsoleLoginThrottle.Window - TimeSpan.FromSeconds(ConsoleLoginThrottle.MaxFailures), throttle.RetryAfter());

        time.Advance(ConsoleLoginThrottle.Window - TimeSpan.FromSeconds(ConsoleLoginThrottle.MaxFailures));
        Assert.Null(throttle.RetryAfter());
    }
}
