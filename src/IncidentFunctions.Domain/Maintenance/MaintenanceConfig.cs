namespace IncidentFunctions.Domain.Maintenance;

/// <summary>The "maintenance" section: the longest window anyone may open, and the recurring windows the file declares.</summary>
public sealed record MaintenanceConfig(TimeSpan MaxDuration, IReadOnlyList<RecurringWindowConfig> Windows)
{
    public static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromDays(7);

    public static readonly MaintenanceConfig Default = new(DefaultMaxDuration, []);
}

/// <summary>
/// A recurring window of the configuration ("every Sunday 02:00–03:00 Europe/London"). Each occurrence becomes a
/// <see cref="MaintenanceWindow"/> of its own, ahead of time, with an id made from the name and the start
/// (<see cref="MaintenanceWindowIds.ForOccurrence"/>), so making it twice is harmless.
/// </summary>
public sealed record RecurringWindowConfig(string Name, IReadOnlyList<string> Services, LabelMatchers Matchers, string Reason, WeeklyRecurrence Recurrence)
{
    public MaintenanceWindow Occurrence(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        new(MaintenanceWindowIds.ForOccurrence(Name, start), Services, Matchers, start, end, Reason, MaintenanceWindow.ConfigurationCreator, now, Name);
}
