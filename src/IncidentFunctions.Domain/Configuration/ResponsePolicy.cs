using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// The timing rules of the incident-response loop, from the "response" section of the configuration.
/// Plain data so it can travel as a Durable orchestration input: System.Text.Json round-trips it with default options
/// (severity keys as "Sev1".."Sev4", durations as "hh:mm:ss" or "d.hh:mm:ss"). Equality compares the tables by content.
/// </summary>
/// <param name="UpdateCadences">How often a status update is due while an incident of each severity is open;
/// null (or no entry) means no cadence.</param>
/// <param name="ReminderBefore">How long before an update is due the incident commander is reminded; shorter than every cadence.</param>
/// <param name="QuietGrace">How long past a missed update before leadership is told the incident has gone quiet.</param>
/// <param name="IrreversibleActionReminder">How long after an irreversible action is announced its outcome is asked for.</param>
/// <param name="RetrospectiveDues">How long after resolution the retrospective of each severity is due; null (or no entry) means none is required.</param>
/// <param name="RetrospectiveReminderEvery">How often an overdue retrospective is chased.</param>
/// <param name="RepeatWindow">How far back a resolved incident with the same alert counts as a repeat.</param>
public sealed record ResponsePolicy(
    IReadOnlyDictionary<IncidentSeverity, TimeSpan?> UpdateCadences,
    TimeSpan ReminderBefore,
    TimeSpan QuietGrace,
    TimeSpan IrreversibleActionReminder,
    IReadOnlyDictionary<IncidentSeverity, TimeSpan?> RetrospectiveDues,
    TimeSpan RetrospectiveReminderEvery,
    TimeSpan RepeatWindow)
{
    /// <summary>The policy used when the configuration has no "response" section; a section overrides only what it names.</summary>
    public static ResponsePolicy Default { get; } = new(
        UpdateCadences: new Dictionary<IncidentSeverity, TimeSpan?>
        {
            [IncidentSeverity.Sev1] = TimeSpan.FromMinutes(30),
            [IncidentSeverity.Sev2] = TimeSpan.FromMinutes(60),
            [IncidentSeverity.Sev3] = TimeSpan.FromHours(4),
            [IncidentSeverity.Sev4] = null,
        }.AsReadOnly(),
        ReminderBefore: TimeSpan.FromMinutes(5),
        QuietGrace: TimeSpan.FromMinutes(15),
        IrreversibleActionReminder: TimeSpan.FromMinutes(15),
        RetrospectiveDues: new Dictionary<IncidentSeverity, TimeSpan?>
        {
            [IncidentSeverity.Sev1] = TimeSpan.FromDays(3),
            [IncidentSeverity.Sev2] = TimeSpan.FromDays(5),
            [IncidentSeverity.Sev3] = TimeSpan.FromDays(10),
            [IncidentSeverity.Sev4] = null,
        }.AsReadOnly(),
        RetrospectiveReminderEvery: TimeSpan.FromDays(1),
        RepeatWindow: TimeSpan.FromDays(30));

    /// <summary>How often updates are due for an open incident of <paramref name="severity"/>; null for none.</summary>
    public TimeSpan? UpdateCadence(IncidentSeverity severity) => Lookup(UpdateCadences, severity);

    /// <summary>How long after resolution the retrospective is due for <paramref name="severity"/>; null when none is required.</summary>
    public TimeSpan? RetrospectiveDue(IncidentSeverity severity) => Lookup(RetrospectiveDues, severity);

    public bool Equals(ResponsePolicy? other) =>
        other is not null
        && ReminderBefore == other.ReminderBefore
        && QuietGrace == other.QuietGrace
        && IrreversibleActionReminder == other.IrreversibleActionReminder
        && RetrospectiveReminderEvery == other.RetrospectiveReminderEvery
        && RepeatWindow == other.RepeatWindow
        && SameTable(UpdateCadences, other.UpdateCadences)
        && SameTable(RetrospectiveDues, other.RetrospectiveDues);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ReminderBefore);
        hash.Add(QuietGrace);
        hash.Add(IrreversibleActionReminder);
        hash.Add(RetrospectiveReminderEvery);
        hash.Add(RepeatWindow);
        foreach (var severity in Enum.GetValues<IncidentSeverity>())
        {
            hash.Add(UpdateCadence(severity));
            hash.Add(RetrospectiveDue(severity));
        }

        return hash.ToHashCode();
    }

    private static TimeSpan? Lookup(IReadOnlyDictionary<IncidentSeverity, TimeSpan?>? table, IncidentSeverity severity) =>
        table is not null && table.TryGetValue(severity, out var value) ? value : null;

    /// <summary>A missing entry and a null one mean the same thing, so they compare equal.</summary>
    private static bool SameTable(IReadOnlyDictionary<IncidentSeverity, TimeSpan?>? a, IReadOnlyDictionary<IncidentSeverity, TimeSpan?>? b) =>
        Enum.GetValues<IncidentSeverity>().Concat(a?.Keys ?? []).Concat(b?.Keys ?? []).All(severity => Lookup(a, severity) == Lookup(b, severity));
}
