using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Reports;

namespace IncidentFunctions.Application.Reports;

/// <summary>Gathers incidents, pages and verdicts from storage into the facts the domain reports compute from.</summary>
public sealed class ReportBuilder(IncidentStore store, AlertStore alertStore, SendLedger ledger, IncidentRecordStore records, MaintenanceStore maintenance)
{
    /// <summary>Suppressed alerts per maintenance window that ran (at least partly) since <paramref name="since"/>, latest first.</summary>
    public async Task<IReadOnlyList<MaintenanceSuppression>> SuppressedAsync(DateTimeOffset since, CancellationToken ct)
    {
        var list = new List<MaintenanceSuppression>();
        foreach (var window in (await maintenance.ListAsync(ct)).Where(w => w.EffectiveEnd >= since && w.EffectiveEnd > w.Start))
        {
            var alerts = await maintenance.ListSuppressedAsync(window.Id, ct);
            list.Add(new MaintenanceSuppression(window.Id, window.Services, window.Reason, window.CreatedBy, window.Start, window.EffectiveEnd,
                alerts.Count, alerts.Sum(a => a.Count), alerts.Count(a => a.Resolved || a.ReleasedAs == "resolved"), alerts.Count(a => a.ReleasedIncident is not null)));
        }

        return [.. list.OrderByDescending(w => w.Start)];
    }

    public async Task<ResponseReport> ResponseAsync(DateTimeOffset since, CancellationToken ct)
    {
        var facts = new List<IncidentFacts>();
        foreach (var incident in await store.ListOpenedSinceAsync(since, ct))
        {
            var pages = (await ledger.GetSendsAsync(incident.Number, ct))
                .Where(IsPage)
                .Select(s => s.Recipient)
                .ToList();
            facts.Add(new IncidentFacts(incident.Number, incident.Service, incident.Severity, incident.OpenedAt, incident.AcknowledgedAt,
                incident.ResolvedAt, incident.UpdatesOnTime, incident.UpdatesLate, incident.UpdatesMissed, pages));
        }

        return ResponseReport.Compute(facts, since);
    }

    public async Task<IReadOnlyList<AlertRuleReview>> AlertsAsync(DateTimeOffset since, CancellationToken ct)
    {
        var facts = new List<AlertRuleFacts>();
        foreach (var incident in await store.ListOpenedSinceAsync(since, ct))
        {
            var alerts = await alertStore.GetAlertsAsync(incident.Number, ct);
            var pages = (await ledger.GetSendsAsync(incident.Number, ct)).Count(IsPage);
            var verdicts = await records.GetAlertFeedbackAsync(incident.Number, ct);
            bool? useful = verdicts.Count == 0 ? null : verdicts.Count(v => v.Useful) * 2 >= verdicts.Count;

            // A rule is what a team would tune: the alert's name where the source gives one, else its title without numbers and ids.
            var first = alerts.OrderBy(a => a.FirstSeenAt).FirstOrDefault();
            var rule = first?.Labels.GetValueOrDefault("alertname") ?? TitleNormalizer.Normalize(incident.Title);
            facts.Add(new AlertRuleFacts(incident.Service, rule, incident.Number, incident.AlertCount, pages,
                incident.AcknowledgedAt - incident.OpenedAt, incident.RepeatOf.Count > 0, useful));
        }

        return AlertReview.Compute(facts);
    }

    /// <summary>
    /// A page sent, counted once by its text: the calls and mails a page's notification rules add are the same page
    /// reaching further, not more pages (a responder without SMS is the exception these figures leave out).
    /// </summary>
    private static bool IsPage(SendRecord s) => s.Purpose == SendPurposes.Page && s.Outcome == SendOutcomes.Sent && s.Medium == ContactMethodType.Sms;
}
