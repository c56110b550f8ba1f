using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Reports;

/// <summary>
/// The weekly list of the noisiest and least useful alerts. Until the event stream exists it is logged;
/// the Functions app runs it from a timer trigger, the local runtime from a hosted service.
/// </summary>
public sealed class WeeklyAlertReview(ReportBuilder reports, TimeProvider time, ILogger<WeeklyAlertReview> log)
{
    public const string Schedule = "0 0 8 * * 1";
    private const int Listed = 10;

    public async Task RunAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow().AddDays(-7);
        var review = await reports.AlertsAsync(since, ct);
        if (review.Count == 0)
        {
            log.LogInformation("Weekly alert review: no incidents since {Since:u}", since);
            return;
        }

        foreach (var rule in review.Take(Listed))
        {
            log.LogInformation("Weekly alert review: {Rule}", rule);
        }
    }
}
