using System.Text.Json.Serialization;
using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>Tells the people involved in an incident what changed; each person once per change.</summary>
[DurableTask(nameof(NotifyActivity))]
public sealed class NotifyActivity(IncidentStore store, TimelineStore timelineStore, SendLedger ledger, IncidentRecordStore records, IncidentConfigProvider config, Notifier notifier)
    : TaskActivity<NotifyInput, NotifyResult>
{
    public override async Task<NotifyResult> RunAsync(TaskActivityContext context, NotifyInput input)
    {
        var ct = CancellationToken.None;
        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        var cfg = config.Current;

        var paged = (await ledger.GetSendsAsync(input.IncidentNumber, ct))
            .Where(s => s.Purpose == SendPurposes.Page && s.Outcome == SendOutcomes.Sent)
            .Select(s => cfg.FindResponder(s.Recipient))
            .OfType<ResponderConfig>();
        var lead = incident.Lead is null ? null : cfg.FindResponder(incident.Lead);

        IEnumerable<ResponderConfig> recipients;
        string body;
        switch (input.Kind)
        {
            case NotifyKind.Acknowledged:
                recipients = paged.Where(r => lead is null || !Same(r, lead));
                body = SmsTexts.TakenBy(incident, incident.Lead ?? incident.AcknowledgedBy ?? input.Actor ?? "someone");
                break;
            case NotifyKind.Unacknowledged:
                recipients = cfg.AllPolicyResponders(cfg.GetPolicy(incident.EscalationPolicy), input.At);
                body = SmsTexts.Unacknowledged(incident);
                await timelineStore.AppendAsync(TimelineEntries.Unacknowledged(input.IncidentNumber, input.At), ct);
                break;
            case NotifyKind.Resolved:
                recipients = lead is null ? paged : paged.Append(lead);
                body = SmsTexts.Resolved(incident);
                break;
            case NotifyKind.AlertsResolved:
                recipients = lead is not null ? [lead] : paged;
                body = SmsTexts.AlertsResolved(incident);
                break;
            case NotifyKind.LeadChanged:
                recipients = lead is null ? [] : [lead];
                body = SmsTexts.NowLead(incident, input.Actor);
                break;
            case NotifyKind.LeadershipSev1:
                recipients = cfg.Leadership;
                body = SmsTexts.LeadershipSev1(incident);
                break;
            case NotifyKind.RetrospectiveReminder:
                recipients = lead is not null ? [lead] : paged;
                body = SmsTexts.RetrospectiveReminder(incident, input.Overdue);
                await timelineStore.AppendAsync(TimelineEntries.RetrospectiveReminder(input.IncidentNumber, input.At, input.Overdue), ct);
                break;
            case NotifyKind.UpdatePosted:
                var update = (await records.GetUpdatesAsync(input.IncidentNumber, ct)).FirstOrDefault(u => u.Id == input.UpdateId);
                if (update is null)
                {
                    return new NotifyResult(0, []);
                }

                var team = update.Audiences.Contains(UpdateAudience.Team)
                    ? incident.Responders.Select(cfg.FindResponder).OfType<ResponderConfig>()
                    : [];
                var leaders = update.Audiences.Contains(UpdateAudience.Leadership) ? cfg.Leadership : [];
                recipients = team.Concat(leaders).Where(r => !string.Equals(r.Name, update.By, StringComparison.OrdinalIgnoreCase));
                body = SmsTexts.Update(incident, update);
                break;
            case NotifyKind.Closed:
                recipients = lead is null ? [] : [lead];
                body = $"INC {incident.Number} is closed. Thank you.";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Kind, "unknown notification");
        }

        var subject = NotificationSubject.Of(incident);
        var replies = input.Kind == NotifyKind.Unacknowledged ? ReplyOptions.Of(incident.Number, ReplyAction.Acknowledge) : ReplyOptions.None;
        var delivered = new List<string>();
        foreach (var r in recipients.DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
        {
            var key = $"notify:{input.Kind}:{input.UpdateId ?? input.Step ?? input.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{r.Name}";
            var outcome = await notifier.SendAsync(new NotificationRequest(r, subject, NotificationPurpose.Notify, body,
                new NotificationWhy(TimelineEntryKind.Notified, $"Told {r.Name}: {input.Kind}", SendReason.Telling(input.Kind.ToString())),
                replies, key, input.At), ct);
            if (outcome.Delivered)
            {
                delivered.Add(r.Name);
            }
        }

        return new NotifyResult(delivered.Count, delivered);
    }

    private static bool Same(ResponderConfig a, ResponderConfig b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a notification tells; the orchestration asks for it by kind.</summary>
/// <remarks>
/// Travels in orchestration histories, which hold it as a number from before it had a converter and as its name
/// since: a name keeps meaning the same member when members are added (voice and chat bring more). Numbers still
/// read, by position, so add members at the end while histories written before the names may still replay.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<NotifyKind>))]
public enum NotifyKind
{
    /// <summary>Tell everyone else who was paged who took the lead.</summary>
    Acknowledged,
    /// <summary>Every tier was paged and nobody answered: tell everyone on the policy; paging stops.</summary>
    Unacknowledged,
    /// <summary>Tell everyone involved the incident is resolved.</summary>
    Resolved,
    /// <summary>The source resolved every alert but the service does not auto-resolve: ask the lead to resolve.</summary>
    AlertsResolved,
    /// <summary>The lead was handed over: tell the new lead.</summary>
    LeadChanged,
    /// <summary>A SEV1 opened (or an incident became SEV1): tell leadership.</summary>
    LeadershipSev1,
    /// <summary>The post-mortem is still open: remind the lead (and say when it is overdue).</summary>
    RetrospectiveReminder,
    /// <summary>The post-mortem is complete: the incident is closed; tell the lead.</summary>
    Closed,
    /// <summary>A status update was posted: send it to the team (everyone on the incident) and, if addressed, leadership.</summary>
    UpdatePosted,
}

public sealed record NotifyInput(long IncidentNumber, NotifyKind Kind, DateTimeOffset At, string? Actor)
{
    /// <summary>As <see cref="PageTierInput.Step"/>.</summary>
    public string? Step { get; init; }

    /// <summary><see cref="NotifyKind.RetrospectiveReminder"/>: the post-mortem is past its due date.</summary>
    public bool Overdue { get; init; }

    /// <summary><see cref="NotifyKind.UpdatePosted"/>: which update to send.</summary>
    public string? UpdateId { get; init; }
}

public sealed record NotifyResult(int Delivered, IReadOnlyList<string> Recipients);
