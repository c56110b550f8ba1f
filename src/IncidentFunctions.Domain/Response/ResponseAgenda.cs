using System.Text.Json.Serialization;
namespace IncidentFunctions.Domain.Response;

/// <summary>Timings the agenda follows; snapshotted into the orchestration so replays see the same values.</summary>
/// <param name="Cadence">How often a status update is due; null when the severity needs none.</param>
public sealed record AgendaTimings(TimeSpan? Cadence, TimeSpan ReminderBefore, TimeSpan QuietGrace, TimeSpan IrreversibleActionReminder);

/// <summary>What the agenda asks to be done at a deadline.</summary>
/// <remarks>
/// Travels in orchestration histories, which hold it as a number from before it had a converter and as its name
/// since: a name keeps meaning the same member when members are added (voice and chat bring more). Numbers still
/// read, by position, so add members at the end while histories written before the names may still replay.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<AgendaEffectKind>))]
public enum AgendaEffectKind
{
    /// <summary>Tell the lead an update is due soon.</summary>
    UpdateReminder,
    /// <summary>Tell the lead and the team the update is overdue.</summary>
    UpdateOverdue,
    /// <summary>Tell leadership the incident has gone quiet; the missed update is counted.</summary>
    GoneQuiet,
    /// <summary>Tell the lead an irreversible action is still unconfirmed.</summary>
    IrreversibleActionUnconfirmed,
}

/// <param name="DueAt">The deadline the effect is about (the update deadline, or the action's reminder time).</param>
public sealed record AgendaEffect(AgendaEffectKind Kind, DateTimeOffset DueAt, string? ActionId = null);

public sealed record PendingActionReminder(string ActionId, DateTimeOffset RemindAt);

/// <summary>
/// What an acknowledged incident is owed and when: the next status update (reminder before it, overdue at it,
/// leadership told after a grace period) and confirmations of irreversible actions. Pure state: the orchestration
/// waits until <see cref="NextDeadline"/>, then applies <see cref="Due"/>; events from responders change it.
/// </summary>
public sealed record ResponseAgenda
{
    public required AgendaTimings Timings { get; init; }

    /// <summary>When the next status update is due; null when no cadence applies.</summary>
    public DateTimeOffset? UpdateDue { get; init; }

    public bool ReminderSent { get; init; }

    public bool OverdueSent { get; init; }

    public IReadOnlyList<PendingActionReminder> ActionReminders { get; init; } = [];

    public int UpdatesOnTime { get; init; }

    public int UpdatesLate { get; init; }

    public int UpdatesMissed { get; init; }

    /// <summary>The cadence clock starts when someone takes the lead.</summary>
    public static ResponseAgenda Start(DateTimeOffset acknowledgedAt, AgendaTimings timings) => new()
    {
        Timings = timings,
        UpdateDue = timings.Cadence is { } cadence ? acknowledgedAt + cadence : null,
    };

    /// <summary>The earliest instant at which something becomes due, or null when nothing ever will without an event.</summary>
    public DateTimeOffset? NextDeadline()
    {
        DateTimeOffset? next = null;
        if (UpdateDue is { } due)
        {
            next = !ReminderSent ? due - Timings.ReminderBefore
                : !OverdueSent ? due
                : due + Timings.QuietGrace;
        }

        foreach (var reminder in ActionReminders)
        {
            if (next is null || reminder.RemindAt < next)
            {
                next = reminder.RemindAt;
            }
        }

        return next;
    }

    /// <summary>Everything due at <paramref name="now"/>, in deadline order, and the agenda after it.</summary>
    public (ResponseAgenda Agenda, IReadOnlyList<AgendaEffect> Effects) Due(DateTimeOffset now)
    {
        var effects = new List<AgendaEffect>();
        var agenda = this;

        foreach (var reminder in ActionReminders.Where(r => r.RemindAt <= now))
        {
            effects.Add(new AgendaEffect(AgendaEffectKind.IrreversibleActionUnconfirmed, reminder.RemindAt, reminder.ActionId));
        }

        agenda = agenda with { ActionReminders = ActionReminders.Where(r => r.RemindAt > now).ToList() };

        if (agenda.UpdateDue is { } due)
        {
            if (!agenda.ReminderSent && now >= due - Timings.ReminderBefore)
            {
                // A reminder that would arrive after the deadline itself says nothing the overdue notice does not.
                if (now < due)
                {
                    effects.Add(new AgendaEffect(AgendaEffectKind.UpdateReminder, due));
                }

                agenda = agenda with { ReminderSent = true };
            }

            if (!agenda.OverdueSent && now >= due)
            {
                effects.Add(new AgendaEffect(AgendaEffectKind.UpdateOverdue, due));
                agenda = agenda with { OverdueSent = true };
            }

            if (agenda.OverdueSent && now >= due + Timings.QuietGrace)
            {
                // The update is missed. Keep the pressure on: the next one is due a cadence later.
                effects.Add(new AgendaEffect(AgendaEffectKind.GoneQuiet, due));
                agenda = agenda with
                {
                    UpdatesMissed = agenda.UpdatesMissed + 1,
                    UpdateDue = Timings.Cadence is { } cadence ? due + cadence : null,
                    ReminderSent = false,
                    OverdueSent = false,
                };
            }
        }

        return (agenda, effects);
    }

    /// <summary>An update was posted; its promise (or now + cadence) becomes the next deadline.</summary>
    public ResponseAgenda OnUpdate(DateTimeOffset at, DateTimeOffset? nextUpdateBy)
    {
        var late = UpdateDue is { } due && at > due;
        var next = nextUpdateBy ?? (Timings.Cadence is { } cadence ? at + cadence : null);
        return this with
        {
            UpdateDue = next,
            ReminderSent = false,
            OverdueSent = false,
            UpdatesLate = UpdatesLate + (late ? 1 : 0),
            UpdatesOnTime = UpdatesOnTime + (late ? 0 : 1),
        };
    }

    public ResponseAgenda OnActionRecorded(string actionId, DateTimeOffset at, bool irreversible) => irreversible
        ? this with { ActionReminders = [.. ActionReminders, new PendingActionReminder(actionId, at + Timings.IrreversibleActionReminder)] }
        : this;

    public ResponseAgenda OnActionConfirmed(string actionId) =>
        this with { ActionReminders = ActionReminders.Where(r => r.ActionId != actionId).ToList() };

    /// <summary>
    /// The update deadline once the cadence changes at <paramref name="at"/>: a stricter cadence brings it forward,
    /// a looser one never pushes it back, none removes it. The incident row and the orchestration both follow this.
    /// </summary>
    public static DateTimeOffset? DueAfterCadenceChange(DateTimeOffset? current, TimeSpan? cadence, DateTimeOffset at) =>
        cadence is null ? null
        : current is { } due && due <= at + cadence.Value ? due
        : at + cadence.Value;

    /// <summary>A new severity brings a new cadence. The current deadline stands unless the new cadence demands sooner.</summary>
    public ResponseAgenda OnCadenceChanged(TimeSpan? cadence, DateTimeOffset at)
    {
        var timings = Timings with { Cadence = cadence };
        if (cadence is null)
        {
            return this with { Timings = timings, UpdateDue = null, ReminderSent = false, OverdueSent = false };
        }

        var due = DueAfterCadenceChange(UpdateDue, cadence, at)!.Value;
        return this with { Timings = timings, UpdateDue = due, ReminderSent = ReminderSent && due == UpdateDue, OverdueSent = OverdueSent && due == UpdateDue };
    }
}
