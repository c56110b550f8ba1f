using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Domain.Timeline;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Application.Tests.Chat.Teams;

/// <summary>Timeline entries as the application makes them (TimelineEntries), one of each kind the Teams room cares about.</summary>
internal static class TeamsEntries
{
    public static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static TimelineEntry Opened(Incident i) =>
        TimelineEntries.Opened(i.Number, i.OpenedAt, TestStores.FirstAlertOf(i), i.Service, i.Severity, i.EscalationPolicy);

    public static TimelineEntry Acknowledged(Incident i) => TimelineEntries.Acknowledged(i.Number, i.OpenedAt.AddMinutes(5), "Alice", "SMS");

    public static TimelineEntry Update(Incident i, string id, params UpdateAudience[] audiences) =>
        TimelineEntries.UpdatePosted(i.Number, new StatusUpdate(id, i.OpenedAt.AddMinutes(20), "Alice", "Rolled back 4.2.1; error rate falling",
            audiences, i.OpenedAt.AddMinutes(80), i.OpenedAt.AddMinutes(65), WasLate: false,
            PublicTitle: audiences.Contains(UpdateAudience.Users) ? "Checkout errors" : null));

    public static TimelineEntry Overdue(Incident i) =>
        TimelineEntries.Reminder(i.Number, i.OpenedAt.AddMinutes(66), TimelineEntryKind.UpdateOverdue,
            "Update due at 11:05 UTC is overdue; told the lead and the team", "agenda:UpdateOverdue:1");

    public static TimelineEntry Quiet(Incident i) =>
        TimelineEntries.Reminder(i.Number, i.OpenedAt.AddMinutes(80), TimelineEntryKind.GoneQuiet,
            "No update since it was due at 11:05 UTC; told leadership", "agenda:GoneQuiet:1");

    public static TimelineEntry Reminder(Incident i) =>
        TimelineEntries.Reminder(i.Number, i.OpenedAt.AddMinutes(60), TimelineEntryKind.UpdateReminder,
            "Reminded the lead an update is due by 11:05 UTC", "agenda:UpdateReminder:1");

    public static TimelineEntry Resolved(Incident i, string? summary = "Rolled back 4.2.1") =>
        TimelineEntries.Resolved(i.Number, i.OpenedAt.AddHours(1), "Alice", "console", summary);

    /// <summary>Every notice kind, named for the test's display.</summary>
    public static IReadOnlyList<(string Name, TimelineEntry Entry)> Notices(Incident i) =>
    [
        ("opened", Opened(i)),
        ("update to the team", Update(i, "u1", UpdateAudience.Team)),
        ("update to leadership", Update(i, "u2", UpdateAudience.Leadership)),
        ("update to everyone", Update(i, "u3", UpdateAudience.Team, UpdateAudience.Leadership, UpdateAudience.Users)),
        ("update overdue", Overdue(i)),
        ("gone quiet", Quiet(i)),
        ("resolved", Resolved(i)),
        ("resolved without a summary", Resolved(i, summary: null)),
    ];
}
