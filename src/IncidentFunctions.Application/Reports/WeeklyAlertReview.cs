using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.PagerTests;
using IncidentFunctions.Domain.Events;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Reports;

/// <summary>
/// The weekly list of the noisiest and least useful alerts, and of the on-call people a page may not reach (a method no
/// pager test confirmed, or whose last test failed), published on the event stream (and logged).
/// The Functions app runs it from a timer trigger, the local runtime from a hosted service.
/// </summary>
public sealed class WeeklyAlertReview(ReportBuilder reports, PagerTestRoster roster, IEventPublisher events, TimeProvider time, ILogger<WeeklyAlertReview> log)
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

        var unreachable = (await roster.FlaggedAsync(ct))
            .SelectMany(r => r.Reachability.Problems().Select(p =>
                new UnreachableMethod(r.Responder.Name, $"{ContactMethod.Word(p.Method.Method.Type)} {ContactMask.Of(p.Method.Method)}", p.Problem)))
            .ToList();
        foreach (var method in unreachable)
        {
            log.LogWarning("Weekly review: {Responder} may not be reachable by a page: {Method} {Problem}", method.Responder, method.Method, method.Problem);
        }

        var e = IncidentEventMapper.WeeklyAlertReview(since, until, review.Take(Listed).ToList(), unreachable);
        await events.PublishAsync([EventMessages.From(e)], ct);
        log.LogInformation("Weekly alert review published to the {Transport}: {Summary}", events.Transport, e.Summary);
    }
}
