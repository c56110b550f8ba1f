using IncidentFunctions.Domain.Configuration;

namespace IncidentFunctions.Domain.Schedules;

/// <summary>
/// An on-call schedule: a rotation that hands over at a fixed local time, plus overrides that win over it.
/// </summary>
/// <param name="TimeZone">IANA time zone id, e.g. "Europe/London"; rotation hand-offs are computed in its local time.</param>
/// <param name="Overrides">Temporary replacements; the latest-starting one in force wins (on a tie, the later one in the list).</param>
public sealed record ScheduleConfig(string Name, string TimeZone, ScheduleRotation Rotation, IReadOnlyList<ScheduleOverride> Overrides)
{
    /// <summary>The responder who answers for the schedule: told when its incoming person does not confirm a hand-off test.</summary>
    public string? Owner { get; init; }

    /// <summary>Whether each hand-off sends the incoming person a pager test ("pagerTest": { "atHandoff": true }); null: no tests.</summary>
    public HandoffTestConfig? PagerTest { get; init; }

    /// <summary>
    /// Who is on call at <paramref name="at"/>: the winning override if one is in force, otherwise the rotation's shift;
    /// null before the rotation's first shift when no override covers the instant.
    /// </summary>
    public string? OnCallAt(DateTimeOffset at) => OverrideAt(at)?.Responder ?? ShiftAt(at)?.Responder;

    /// <summary>The override in force at <paramref name="at"/> (start inclusive, end exclusive), or null.</summary>
    public ScheduleOverride? OverrideAt(DateTimeOffset at)
    {
        ScheduleOverride? winner = null;
        foreach (var candidate in Overrides)
        {
            if (candidate.Covers(at) && (winner is null || candidate.Start >= winner.Start))
            {
                winner = candidate;
            }
        }

        return winner;
    }

    /// <summary>The rotation shift containing <paramref name="at"/>, ignoring overrides; null before the first shift.</summary>
    public RotationShift? ShiftAt(DateTimeOffset at) => Rotation.ShiftAt(at, FindTimeZone());

    /// <summary>
    /// The latest hand-off in [<paramref name="since"/>, <paramref name="now"/>] to whoever is on call at
    /// <paramref name="now"/>: the last instant at which they became on call and have stayed since. Null when nobody is
    /// on call, or they have been since before <paramref name="since"/>. Who is on call only changes at a rotation shift's
    /// start or an override's start or end, so only those instants are looked at; a "change" to the same person (a
    /// one-person rotation, an override for whoever was on call anyway) is no hand-off.
    /// </summary>
    public Handoff? LastHandoff(DateTimeOffset now, DateTimeOffset since)
    {
        if (OnCallAt(now) is not { } incoming)
        {
            return null;
        }

        var changes = new List<DateTimeOffset>();
        for (var shift = ShiftAt(now); shift is not null && shift.Start >= since; shift = shift.Index == 0 ? null : ShiftAt(shift.Start.AddTicks(-1)))
        {
            changes.Add(shift.Start);
        }

        changes.AddRange(Overrides.SelectMany(o => new[] { o.Start, o.End }).Where(at => at >= since && at <= now));
        foreach (var at in changes.Distinct().OrderDescending())
        {
            if (string.Equals(OnCallAt(at), incoming, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(OnCallAt(at.AddTicks(-1)), incoming, StringComparison.OrdinalIgnoreCase))
            {
                return new Handoff(incoming, at);
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="TimeZoneNotFoundException"/> for an unknown id (configuration validation prevents that).</summary>
    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>A change of who is on call: <see cref="Incoming"/> from <see cref="At"/>.</summary>
public sealed record Handoff(string Incoming, DateTimeOffset At);

/// <summary>A schedule's "pagerTest": test the incoming person at each hand-off; unconfirmed after <see cref="ConfirmWithin"/>, tell the owner.</summary>
public sealed record HandoffTestConfig(bool AtHandoff, TimeSpan ConfirmWithin)
{
    public static readonly TimeSpan DefaultConfirmWithin = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Responders take turns in list order, each for <see cref="Length"/>, the first starting at <see cref="Start"/>.
/// </summary>
/// <param name="Start">Local date-time (kind Unspecified) in the schedule's zone at which Responders[0]'s first shift begins;
/// its time of day is the hand-off time. There is no shift before it: the rotation does not extend backwards.</param>
/// <param name="Length">Whole days ("1d", "7d") are calendar days in local time, so a 09:00 hand-off stays at 09:00 across DST
/// (that shift lasting 23 or 25 hours). Anything with an hours/minutes/seconds part ("12h", "24h", "1d12h") is elapsed time
/// measured from the first hand-off, so its local hand-off time moves by an hour across DST.</param>
public sealed record ScheduleRotation(IReadOnlyList<string> Responders, DateTime Start, Duration Length)
{
    /// <summary>The shift containing <paramref name="at"/> in <paramref name="zone"/>, or null before the first shift.</summary>
    public RotationShift? ShiftAt(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Responders.Count == 0 || !Length.IsPositive)
        {
            throw new InvalidOperationException("A rotation needs at least one responder and a positive length.");
        }

        var first = ShiftStart(0, zone);
        if (at < first)
        {
            return null;
        }

        long index;
        if (Length.IsWholeDays)
        {
            // Counting elapsed days lands within one shift of the answer (DST moves a hand-off by an hour or so);
            // then settle on exact instants, since local days last 23 to 25 hours.
            index = (at - first).Ticks / (Length.Days * TimeSpan.TicksPerDay);
            for (var next = ShiftStart(index + 1, zone); next != DateTimeOffset.MaxValue && next <= at; next = ShiftStart(index + 1, zone))
            {
                index++;
            }

            while (index > 0 && ShiftStart(index, zone) > at)
            {
                index--;
            }
        }
        else
        {
            index = (at - first).Ticks / Length.TotalTime.Ticks;
        }

        var responder = Responders[(int)(index % Responders.Count)];
        return new RotationShift(index, responder, ShiftStart(index, zone), ShiftStart(index + 1, zone));
    }

    /// <summary>When shift number <paramref name="index"/> (0 = the first) begins; <see cref="DateTimeOffset.MaxValue"/> when that is past the year 9999.</summary>
    public DateTimeOffset ShiftStart(long index, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (Length.IsWholeDays)
        {
            var days = (double)index * Length.Days;
            if (days > (DateTime.MaxValue - Start).TotalDays - 2)
            {
                return DateTimeOffset.MaxValue;
            }

            return ZonedTime.ToInstant(Start.AddDays(index * Length.Days), zone);
        }

        var first = ZonedTime.ToInstant(Start, zone);
        var ticks = (double)index * Length.TotalTime.Ticks;
        if (ticks > (DateTimeOffset.MaxValue - first).Ticks - (2 * TimeSpan.TicksPerDay))
        {
            return DateTimeOffset.MaxValue;
        }

        return TimeZoneInfo.ConvertTime(first + TimeSpan.FromTicks(index * Length.TotalTime.Ticks), zone);
    }
}

/// <summary>One turn of a rotation: <see cref="Responder"/> is on call from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
/// <param name="Index">0 for the rotation's first shift, counting up.</param>
public sealed record RotationShift(long Index, string Responder, DateTimeOffset Start, DateTimeOffset End);

/// <summary><see cref="Responder"/> replaces whoever the rotation has on call from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public sealed record ScheduleOverride(string Responder, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Covers(DateTimeOffset at) => at >= Start && at < End;
}
