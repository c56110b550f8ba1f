using IncidentFunctions.Application.Activities;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Incidents;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// One instance per incident: page tier by tier until someone acknowledges, then wait for resolution.
/// Deterministic: only context time, durable timers and the single <see cref="IncidentSignal"/> event.
/// </summary>
[DurableTask(nameof(IncidentOrchestrator))]
public sealed class IncidentOrchestrator : TaskOrchestrator<IncidentOrchestrationInput, IncidentOutcome>
{
    private static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30)));

    public override async Task<IncidentOutcome> RunAsync(TaskOrchestrationContext context, IncidentOrchestrationInput input)
    {
        var run = new Run(context, input);
        return await run.ExecuteAsync();
    }

    /// <summary>The state of one execution; kept off the orchestrator class because task instances may be reused.</summary>
    private sealed class Run(TaskOrchestrationContext context, IncidentOrchestrationInput input)
    {
        private readonly ILogger _log = context.CreateReplaySafeLogger<IncidentOrchestrator>();
        private Task<IncidentSignal>? _pendingSignal;
        private int _pagesSent;

        public async Task<IncidentOutcome> ExecuteAsync()
        {
            var status = await EscalateUntilAcknowledgedAsync();
            var endedUnacknowledged = false;

            if (status == Phase.Exhausted)
            {
                endedUnacknowledged = true;
                await NotifyAsync(NotifyKind.Unacknowledged, null);
                status = await WaitAfterExhaustionAsync();
            }

            if (status == Phase.Acknowledged)
            {
                status = await WaitForResolutionAsync();
            }

            await NotifyAsync(NotifyKind.Resolved, null);
            return new IncidentOutcome(input.IncidentNumber, nameof(IncidentStatus.Resolved), _pagesSent, endedUnacknowledged);
        }

        private async Task<Phase> EscalateUntilAcknowledgedAsync(EscalationPosition? start = null)
        {
            var position = start ?? EscalationPosition.Start;
            var reason = start is null ? "opened" : "requested";
            string? requestedBy = null;

            while (position is not null)
            {
                var paged = await context.CallActivityAsync<PageTierResult>(
                    nameof(PageTierActivity),
                    new PageTierInput(input.IncidentNumber, position.TierIndex, position.Loop, context.CurrentUtcDateTime, reason, requestedBy),
                    ActivityRetry);
                _pagesSent += paged.Delivered;

                // The entity is the authority: an ack or resolve that raced this page is honoured even if its event is still queued.
                if (paged.IncidentStatus == nameof(IncidentStatus.Acknowledged))
                {
                    return Phase.Acknowledged;
                }

                if (paged.IncidentStatus == nameof(IncidentStatus.Resolved))
                {
                    return Phase.Resolved;
                }

                // Nobody on this tier could be texted (opted out, bad numbers): do not wait out its delay.
                var deadline = paged.Delivered == 0
                    ? context.CurrentUtcDateTime
                    : context.CurrentUtcDateTime + input.TierDelays[position.TierIndex];

                while (true)
                {
                    var signal = await WaitForSignalAsync(deadline);
                    if (signal is null)
                    {
                        reason = position.TierIndex == input.TierDelays.Count - 1 ? "repeat" : "timeout";
                        requestedBy = null;
                        break;
                    }

                    switch (signal.Kind)
                    {
                        case IncidentSignalKind.Acknowledged:
                            await NotifyAsync(NotifyKind.Acknowledged, signal.By);
                            return Phase.Acknowledged;
                        case IncidentSignalKind.Resolved:
                            return Phase.Resolved;
                        case IncidentSignalKind.AlertsResolved:
                            await NotifyAsync(NotifyKind.AlertsResolved, signal.By);
                            continue;
                        case IncidentSignalKind.Escalate:
                            reason = "requested";
                            requestedBy = signal.By;
                            break;
                    }

                    break;
                }

                position = position.Next(input.TierDelays.Count, input.Repeat);
            }

            _log.LogInformation("INC {Incident}: every tier paged, nobody acknowledged", input.IncidentNumber);
            return Phase.Exhausted;
        }

        /// <summary>Paging has stopped, but a late ack still takes the lead and a request to escalate starts the policy again.</summary>
        private async Task<Phase> WaitAfterExhaustionAsync()
        {
            while (true)
            {
                var signal = await WaitForSignalAsync(null);
                switch (signal!.Kind)
                {
                    case IncidentSignalKind.Acknowledged:
                        await NotifyAsync(NotifyKind.Acknowledged, signal.By);
                        return Phase.Acknowledged;
                    case IncidentSignalKind.Resolved:
                        return Phase.Resolved;
                    case IncidentSignalKind.AlertsResolved:
                        await NotifyAsync(NotifyKind.AlertsResolved, signal.By);
                        break;
                    case IncidentSignalKind.Escalate:
                        var phase = await EscalateUntilAcknowledgedAsync(EscalationPosition.Start);
                        if (phase != Phase.Exhausted)
                        {
                            return phase;
                        }

                        await NotifyAsync(NotifyKind.Unacknowledged, null);
                        break;
                }
            }
        }

        private async Task<Phase> WaitForResolutionAsync()
        {
            while (true)
            {
                var signal = await WaitForSignalAsync(null);
                switch (signal!.Kind)
                {
                    case IncidentSignalKind.Resolved:
                        return Phase.Resolved;
                    case IncidentSignalKind.AlertsResolved:
                        await NotifyAsync(NotifyKind.AlertsResolved, signal.By);
                        break;
                    default:
                        // Acks after the first are answered by the handler; escalation of an acknowledged incident belongs to the response loop.
                        break;
                }
            }
        }

        /// <summary>
        /// Next signal, or null once <paramref name="deadline"/> has passed. The same waiter survives across calls,
        /// and an early timer (Azure Storage timers can fire up to a second early) waits again for the remainder.
        /// </summary>
        private async Task<IncidentSignal?> WaitForSignalAsync(DateTime? deadline)
        {
            while (true)
            {
                _pendingSignal ??= context.WaitForExternalEvent<IncidentSignal>(IncidentSignal.EventName);
                if (deadline is null)
                {
                    return await TakeSignalAsync();
                }

                if (_pendingSignal.IsCompleted || context.CurrentUtcDateTime >= deadline.Value)
                {
                    return _pendingSignal.IsCompleted ? await TakeSignalAsync() : null;
                }

                using var cts = new CancellationTokenSource();
                var timer = context.CreateTimer(deadline.Value, cts.Token);
                var winner = await Task.WhenAny(_pendingSignal, timer);
                if (winner == _pendingSignal)
                {
                    cts.Cancel();
                    return await TakeSignalAsync();
                }
            }
        }

        private async Task<IncidentSignal> TakeSignalAsync()
        {
            var signal = await _pendingSignal!;
            _pendingSignal = null;
            return signal;
        }

        private Task<NotifyResult> NotifyAsync(NotifyKind kind, string? actor) =>
            context.CallActivityAsync<NotifyResult>(
                nameof(NotifyActivity),
                new NotifyInput(input.IncidentNumber, kind, context.CurrentUtcDateTime, actor),
                ActivityRetry);
    }

    private enum Phase
    {
        Acknowledged,
        Resolved,
        Exhausted,
    }
}
