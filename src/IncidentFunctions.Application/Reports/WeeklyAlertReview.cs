using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Domain.Events;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Reports;

/// <summary>
/// The weekly list of the noisiest and least useful alerts, published on the event stream (and logged).
/// The Functions app runs it from a timer trigger, the local runtime from a hosted service.
/// </summary>
public sealed class WeeklyAlertReview(ReportBuilder reports, IEventPublisher events, TimeProvider time, ILogger<WeeklyAlertReview> log)
{
    public const string Schedule = "0 0 8 * * 1";
    private const int Listed = 10;

    public async Task RunAsync(CancellationToken ct)
    {
        var until = time.GetUtcNow();
        var since = until.AddDays(-7);
        var review = await reports.AlertsAsync(since, ct);
        foreach (var rule in review.Take(Listed))
        {
            log.LogInformation("Weekly alert review: {Rule}", rule);
        }

        var e = IncidentEventMapper.WeeklyAlertReview(since, until, review.Take(Listed).ToList());
        await events.PublishAsync([EventMessages.From(e)], ct);
        log.LogInformation("Weekly alert review published to the {Transport}: {Summary}", events.Transport, e.Summary);
    }
}
