using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Events;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// The outbox step of the event stream. The timeline is written first (it is the record); this sends every entry not
/// yet sent, oldest first, and only then marks them sent. A failure marks nothing, so the next run sends the same
/// messages with the same ids again: nothing is lost, nothing overtakes an earlier entry, and Service Bus duplicate
/// detection drops what had already arrived. Only the incident's orchestration calls it, one call at a time.
/// </summary>
[DurableTask(nameof(PublishEventsActivity))]
public sealed class PublishEventsActivity(IncidentStore store, TimelineStore timelineStore, IEventPublisher publisher, ILogger<PublishEventsActivity> log)
    : TaskActivity<PublishEventsInput, PublishEventsResult>
{
    public override async Task<PublishEventsResult> RunAsync(TaskActivityContext context, PublishEventsInput input)
    {
        var ct = CancellationToken.None;
        var pending = await timelineStore.GetUnpublishedAsync(input.IncidentNumber, ct);
        if (pending.Count == 0)
        {
            return new PublishEventsResult(0, 0);
        }

        // The incident as it stands now: events carry the current status, severity and title beside their own facts.
        var incident = await store.GetRequiredIncidentAsync(input.IncidentNumber, ct);
        var messages = pending
            .Select(p => IncidentEventMapper.FromTimeline(p.Entry, incident))
            .OfType<IncidentEvent>()
            .Select(EventMessages.From)
            .ToList();
        if (messages.Count > 0)
        {
            await publisher.PublishAsync(messages, ct);
            log.LogInformation("INC {Incident}: published {Count} event(s) to the {Transport}", input.IncidentNumber, messages.Count, publisher.Transport);
        }

        await timelineStore.MarkPublishedAsync(input.IncidentNumber, pending.Select(p => p.RowKey).ToList(), ct);
        return new PublishEventsResult(messages.Count, pending.Count);
    }
}

/// <summary>Which incident's timeline to hand to the event stream.</summary>
public sealed record PublishEventsInput(long IncidentNumber);

/// <param name="Published">Events sent (entries that belong on the stream).</param>
/// <param name="Considered">Timeline entries taken off the outbox, published or not.</param>
public sealed record PublishEventsResult(int Published, int Considered);
