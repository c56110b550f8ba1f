using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Tests.Response;

public sealed class ResponseAgendaTests
{
    private static readonly DateTimeOffset Ack = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly AgendaTimings Sev1 = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    [Fact]
    public void The_first_update_is_due_one_cadence_after_acknowledgement_with_a_reminder_five_minutes_before()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1);

        Assert.Equal(Ack.AddMinutes(30), agenda.UpdateDue);
        Assert.Equal(Ack.AddMinutes(25), agenda.NextDeadline());
    }

    [Fact]
    public void Nothing_is_due_one_tick_before_the_reminder()
    {
        var (agenda, effects) = ResponseAgenda.Start(Ack, Sev1).Due(Ack.AddMinutes(25).AddTicks(-1));

        Assert.Empty(effects);
        Assert.Equal(Ack.AddMinutes(25), agenda.NextDeadline());
    }

    [Fact]
    public void Reminder_then_overdue_then_gone_quiet_each_at_its_instant()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1);

        (agenda, var reminder) = agenda.Due(Ack.AddMinutes(25));
        Assert.Equal([AgendaEffectKind.UpdateReminder], reminder.Select(e => e.Kind));
        Assert.Equal(Ack.AddMinutes(30), agenda.NextDeadline());

        (agenda, var overdue) = agenda.Due(Ack.AddMinutes(30));
        Assert.Equal([AgendaEffectKind.UpdateOverdue], overdue.Select(e => e.Kind));
        Assert.Equal(Ack.AddMinutes(45), agenda.NextDeadline());

        (agenda, var quiet) = agenda.Due(Ack.AddMinutes(45));
        Assert.Equal([AgendaEffectKind.GoneQuiet], quiet.Select(e => e.Kind));
        Assert.Equal(1, agenda.UpdatesMissed);
        Assert.Equal(Ack.AddMinutes(60), agenda.UpdateDue);
        Assert.Equal(Ack.AddMinutes(55), agenda.NextDeadline());
    }

    [Fact]
    public void A_late_wake_up_fires_everything_due_once_and_skips_a_reminder_that_would_come_after_the_deadline()
    {
        var (agenda, effects) = ResponseAgenda.Start(Ack, Sev1).Due(Ack.AddMinutes(50));

        Assert.Equal([AgendaEffectKind.UpdateOverdue, AgendaEffectKind.GoneQuiet], effects.Select(e => e.Kind));
        Assert.Equal(1, agenda.UpdatesMissed);
    }

    [Fact]
    public void An_update_resets_the_clock_to_its_promise_and_counts_as_on_time()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1).OnUpdate(Ack.AddMinutes(20), Ack.AddMinutes(40));

        Assert.Equal(Ack.AddMinutes(40), agenda.UpdateDue);
        Assert.Equal(Ack.AddMinutes(35), agenda.NextDeadline());
        Assert.Equal((1, 0), (agenda.UpdatesOnTime, agenda.UpdatesLate));
    }

    [Fact]
    public void An_update_without_a_promise_is_due_again_one_cadence_later()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1).OnUpdate(Ack.AddMinutes(10), null);

        Assert.Equal(Ack.AddMinutes(40), agenda.UpdateDue);
    }

    [Fact]
    public void An_update_after_the_deadline_is_late_and_clears_the_overdue_state()
    {
        var (overdue, _) = ResponseAgenda.Start(Ack, Sev1).Due(Ack.AddMinutes(30));
        var agenda = overdue.OnUpdate(Ack.AddMinutes(32), null);

        Assert.Equal((0, 1), (agenda.UpdatesOnTime, agenda.UpdatesLate));
        Assert.False(agenda.OverdueSent);
        Assert.Equal(Ack.AddMinutes(62), agenda.UpdateDue);
    }

    [Fact]
    public void An_update_exactly_at_the_deadline_is_on_time()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1).OnUpdate(Ack.AddMinutes(30), null);

        Assert.Equal((1, 0), (agenda.UpdatesOnTime, agenda.UpdatesLate));
    }

    [Fact]
    public void Without_a_cadence_nothing_is_ever_due()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1 with { Cadence = null });

        Assert.Null(agenda.NextDeadline());
        Assert.Empty(agenda.Due(Ack.AddDays(3)).Effects);
    }

    [Fact]
    public void An_irreversible_action_is_chased_once_until_confirmed()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1 with { Cadence = null })
            .OnActionRecorded("a1", Ack.AddMinutes(1), irreversible: true)
            .OnActionRecorded("a2", Ack.AddMinutes(2), irreversible: false);

        Assert.Equal(Ack.AddMinutes(16), agenda.NextDeadline());
        (agenda, var effects) = agenda.Due(Ack.AddMinutes(16));
        Assert.Equal([new AgendaEffect(AgendaEffectKind.IrreversibleActionUnconfirmed, Ack.AddMinutes(16), "a1")], effects);
        Assert.Null(agenda.NextDeadline());
    }

    [Fact]
    public void Confirming_an_irreversible_action_cancels_its_reminder()
    {
        var agenda = ResponseAgenda.Start(Ack, Sev1 with { Cadence = null })
            .OnActionRecorded("a1", Ack, irreversible: true)
            .OnActionConfirmed("a1");

        Assert.Null(agenda.NextDeadline());
    }

    [Fact]
    public void Raising_severity_brings_the_deadline_forward_but_lowering_it_does_not_push_it_back()
    {
        var sev3 = ResponseAgenda.Start(Ack, Sev1 with { Cadence = TimeSpan.FromHours(4) });

        var raised = sev3.OnCadenceChanged(TimeSpan.FromMinutes(30), Ack.AddMinutes(10));
        Assert.Equal(Ack.AddMinutes(40), raised.UpdateDue);

        var lowered = ResponseAgenda.Start(Ack, Sev1).OnCadenceChanged(TimeSpan.FromHours(4), Ack.AddMinutes(10));
        Assert.Equal(Ack.AddMinutes(30), lowered.UpdateDue);

        Assert.Null(ResponseAgenda.Start(Ack, Sev1).OnCadenceChanged(null, Ack).UpdateDue);
    }
}
