using System.Globalization;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Schedules;

namespace IncidentFunctions.Domain.Tests.Schedules;

internal static class ScheduleTestData
{
    public static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, ["yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static ScheduleConfig Schedule(string zone, string start, string length, string[] responders, params ScheduleOverride[] overrides) =>
        new("test", zone, new ScheduleRotation(responders, DateTime.ParseExact(start, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), Duration.Parse(length)), overrides);
}
