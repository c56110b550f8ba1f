using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Escalation;
using Microsoft.DurableTask;
using System.Text.Json.Serialization;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// A later rule of a page ("call after 1 minute"), when its time comes or the call before it reached nobody: sends the
/// rule's contacts unless someone has acknowledged since (the first acknowledgement stops every pending rule for everyone).
/// </summary>
[DurableTask(nameof(PageContactActivity))]
public sealed class PageContactActivity(IncidentStore store, IncidentConfigProvider config, Notifier notifier) : TaskActivity<PageContactInput, PageContactResult>
{
    public override async Task<PageContactResult> RunAsync(TaskActivityContext context, PageContactInput input)
    {
        var ct = CancellationToken.None;
        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        // A responder removed from the configuration since the page is not contacted again.
        if (!incident.TakesPages(asHelp: false) || config.Current.FindResponder(input.Responder) is not { } responder)
        {
            return new PageContactResult(incident.Status, 0);
        }

        var delivered = 0;
        DateTimeOffset? retryAt = null;
        var body = SmsTexts.Page(incident, input.TierIndex, PageReason.Opened);
        foreach (var contact in NotificationPlan.For(responder, incident.Severity, config.Current.Notifications).Where(c => c.Rule == input.Rule))
        {
            var outcome = await notifier.SendAsync(PageContacts.Request(responder, contact, NotificationSubject.Of(incident), body, input.TierIndex, input.PageKey, input.At), ct);
            delivered += outcome.Delivered ? 1 : 0;
            retryAt = outcome.RetryAt is { } r && (retryAt is null || r < retryAt) ? r : retryAt;
        }

        return new PageContactResult(IncidentStatus.Triggered, delivered) { RetryAt = retryAt };
    }
}

/// <param name="PageKey">The page's key for this responder (<see cref="FollowUp.Key"/>).</param>
/// <param name="At">Orchestration time of the step, the same on every retry.</param>
public sealed record PageContactInput(long IncidentNumber, string Responder, int Rule, int TierIndex, string PageKey, DateTimeOffset At);

/// <param name="IncidentStatus">As <see cref="PageTierResult.IncidentStatus"/>: anything but Triggered ends the pending rules.</param>
public sealed record PageContactResult([property: JsonConverter(typeof(JsonStringEnumConverter<IncidentStatus>))] IncidentStatus IncidentStatus, int Delivered)
{
    /// <summary>A contact the flood limit held back: the rule is asked for again then (the same key, so it is sent once).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
