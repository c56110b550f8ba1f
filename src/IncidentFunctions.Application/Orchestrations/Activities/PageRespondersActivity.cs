using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Application.Notifications;
using IncidentFunctions.Application.Notifications.Sms;
using IncidentFunctions.Application.Storage;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>Pages responders brought into an incident by name or policy ("gut check: bring in more").</summary>
[DurableTask(nameof(PageRespondersActivity))]
public sealed class PageRespondersActivity(IncidentStore store, IncidentConfigProvider config, Notifier notifier) : TaskActivity<PageRespondersInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, PageRespondersInput input)
    {
        var ct = CancellationToken.None;
        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        if (!incident.IsOpen)
        {
            return 0;
        }

        var body = SmsTexts.BroughtIn(incident, input.By, input.Reason);
        var delivered = 0;
        foreach (var responder in input.Responders.Select(config.Current.FindResponder).OfType<ResponderConfig>().DistinctBy(r => r.Name))
        {
            var key = $"page:added:{input.Step ?? input.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{responder.Name}";
            var outcome = await notifier.SendAsync(new NotificationRequest(responder, NotificationSubject.Of(incident), NotificationPurpose.Page, body,
                new NotificationWhy(TimelineEntryKind.PageSent, $"Paged {responder.Name} (brought in{(input.By is null ? "" : " by " + input.By)})"),
                ReplyOptions.Of(incident.Number, ReplyAction.Note), key, input.At), ct);
            delivered += outcome.Delivered ? 1 : 0;
        }

        return delivered;
    }
}

/// <param name="Reason">Shown in the text: "brought in by Alice", "escalation policy checkout".</param>
/// <param name="Step">As <see cref="PageTierInput.Step"/>.</param>
public sealed record PageRespondersInput(long IncidentNumber, IReadOnlyList<string> Responders, DateTimeOffset At, string? By, string? Reason, string? Step = null);
