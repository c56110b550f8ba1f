using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Incidents;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// Acts on what the response agenda says is due: remind the lead before an update is due, tell the lead and the
/// team when it is overdue, tell leadership when the incident has gone quiet, chase unconfirmed irreversible actions.
/// Keeps the incident row's next-due time and missed count in step with the agenda.
/// </summary>
[DurableTask(nameof(AgendaActivity))]
public sealed class AgendaActivity(TimelineStore timelineStore, IncidentCommandService commands, IncidentConfigProvider config, Notifier notifier) : TaskActivity<AgendaEffectsInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, AgendaEffectsInput input)
    {
        var ct = CancellationToken.None;
        var incident = await SyncRowAsync(input, ct);
        if (incident.Status != IncidentStatus.Acknowledged)
        {
            return 0;
        }

        var cfg = config.Current;
        var lead = incident.Lead is null ? null : cfg.FindResponder(incident.Lead);
        var team = incident.Responders.Select(cfg.FindResponder).OfType<ResponderConfig>().ToList();
        var sent = 0;
        foreach (var effect in input.Effects)
        {
            var due = effect.DueAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
            var (kind, recipients, body, summary) = effect.Kind switch
            {
                AgendaEffectKind.UpdateReminder => (TimelineEntryKind.UpdateReminder, Only(lead),
                    $"INC {incident.Number}: a status update is due by {due}. Reply {incident.Number}u <text> to post it to the team.",
                    $"Reminded the lead an update is due by {due}"),
                AgendaEffectKind.UpdateOverdue => (TimelineEntryKind.UpdateOverdue, team,
                    $"INC {incident.Number} ({incident.Service}): the status update due at {due} is overdue. {incident.Lead ?? "Lead"}, reply {incident.Number}u <text>.",
                    $"Update due at {due} is overdue; told the lead and the team"),
                AgendaEffectKind.GoneQuiet => (TimelineEntryKind.GoneQuiet, cfg.Leadership.ToList(),
                    $"INC {incident.Number} ({incident.Service}, {SmsTexts.Sev(incident)}) has gone quiet: the update due at {due} never came. Lead: {incident.Lead ?? "none"}.",
                    $"No update since it was due at {due}; told leadership"),
                _ => (TimelineEntryKind.ActionReminder, Only(lead),
                    $"INC {incident.Number}: irreversible action {effect.ActionId} is still unconfirmed. Record its outcome (worked, no effect, made worse).",
                    $"Irreversible action {effect.ActionId} still unconfirmed; reminded the lead"),
            };

            var key = $"agenda:{effect.Kind}:{effect.DueAt.UtcTicks}:{effect.ActionId}";
            await timelineStore.AppendAsync(TimelineEntries.Reminder(incident.Number, input.At, kind, summary, key), ct);
            foreach (var r in recipients.DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            {
                var outcome = await notifier.SendAsync(new NotificationRequest(r, NotificationSubject.Of(incident), NotificationPurpose.Notify, body,
                    new NotificationWhy(TimelineEntryKind.Notified, $"Told {r.Name}: {effect.Kind}", SendReason.Telling(effect.Kind.ToString())),
                    effect.Kind is AgendaEffectKind.UpdateReminder or AgendaEffectKind.UpdateOverdue ? ReplyOptions.Of(incident.Number, ReplyAction.Update) : ReplyOptions.None, $"{key}:{r.Name}", input.At), ct);
                sent += outcome.Delivered ? 1 : 0;
            }
        }

        return sent;
    }

    /// <summary>The agenda moved the deadline (a missed update) or counted a miss: the row shows the same.</summary>
    private async Task<Incident> SyncRowAsync(AgendaEffectsInput input, CancellationToken ct)
    {
        var result = await commands.FollowAgendaAsync(input.IncidentNumber, input.UpdatesMissed, input.NextUpdateDue, ct);
        return result.Incident ?? throw new InvalidOperationException($"INC {input.IncidentNumber} has no incident row");
    }

    private static List<ResponderConfig> Only(ResponderConfig? r) => r is null ? [] : [r];
}

/// <summary>What the response agenda says is due, for the activity that tells people and keeps the incident row in step.</summary>
public sealed record AgendaEffectsInput(
    long IncidentNumber, IReadOnlyList<Domain.Response.AgendaEffect> Effects, DateTimeOffset At,
    DateTimeOffset? NextUpdateDue, int UpdatesMissed);
