using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Escalation;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// One instance per incident, for its whole life: page tier by tier until someone takes the lead; while they lead,
/// hold them to the update cadence and chase unconfirmed irreversible actions; after resolution, draft the
/// post-mortem and remind the lead until it is completed; then close. Deterministic: only context time, durable
/// timers and the single <see cref="IncidentSignal"/> event.
/// </summary>
[DurableTask(nameof(IncidentOrchestrator))]
public sealed class IncidentOrchestrator : TaskOrchestrator<IncidentOrchestrationInput, IncidentOutcome>
{
    private static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>
    /// Short on purpose: while a publish retries, the incident cannot page or take an ack, and the outbox keeps
    /// anything that fails for the next try (<see cref="PublishRetryAfter"/>).
    /// </summary>
    private static readonly TaskOptions PublishRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 2,
        firstRetryInterval: TimeSpan.FromSeconds(1)));

    /// <summary>How soon a failed publish is tried again while the incident waits for something else.</summary>
    internal static readonly TimeSpan PublishRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>After closing: the gaps between the last tries, a day in all.</summary>
    internal static readonly TimeSpan[] FinalPublishBackoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(16)];

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
        private EscalationPosition _position = EscalationPosition.Start;
        private IncidentSeverity _severity = input.Severity;
        private TimeSpan? _cadence = input.Timings.Cadence;
        private ResponseAgenda? _agenda;
        /// <summary>Timeline entries may be waiting in the outbox: true from the start (the opening entries).</summary>
        private bool _unpublished = true;
        /// <summary>Texting steps so far; see <see cref="NextStep"/>.</summary>
        private int _steps;
        /// <summary>Later rules of the pages sent ("call after 1 minute"), in the order they were planned; cleared by an ack.</summary>
        private readonly List<PendingContact> _contacts = [];
        /// <summary>Calls already reported unanswered: Twilio may report one twice, and each may bring a rule forward once.</summary>
        private readonly HashSet<string> _unanswered = new(StringComparer.Ordinal);

        private DateTime Now => context.CurrentUtcDateTime;

        public async Task<IncidentOutcome> ExecuteAsync()
        {
            if (_severity == IncidentSeverity.Sev1)
            {
                await NotifyAsync(NotifyKind.LeadershipSev1, null);
            }

            var phase = await EscalateUntilAcknowledgedAsync(loud: _severity == IncidentSeverity.Sev1);
            var endedUnacknowledged = false;
            if (phase == Phase.Exhausted)
            {
                endedUnacknowledged = true;
                await NotifyAsync(NotifyKind.Unacknowledged, null);
                phase = await WaitAfterExhaustionAsync();
            }

            if (phase == Phase.Acknowledged)
            {
                await RespondUntilResolvedAsync();
            }

            await NotifyAsync(NotifyKind.Resolved, null);
            await RetrospectiveAsync();
            return new IncidentOutcome(input.IncidentNumber, IncidentStatus.Closed, _pagesSent, endedUnacknowledged)
            {
                UpdatesOnTime = _agenda?.UpdatesOnTime ?? 0,
                UpdatesLate = _agenda?.UpdatesLate ?? 0,
                UpdatesMissed = _agenda?.UpdatesMissed ?? 0,
            };
        }

        // ---- triggered: page until someone takes the lead --------------------------------------------------

        /// <param name="loud">SEV1: tiers 1 and 2 are paged together at once.</param>
        private async Task<Phase> EscalateUntilAcknowledgedAsync(bool loud = false, PageReason reason = PageReason.Opened)
        {
            string? requestedBy = null;
            EscalationPosition? position = _position;
            while (position is not null)
            {
                _position = position;
                var paged = await PageTierAsync(position, reason, requestedBy);
                if (loud && input.TierDelays.Count > 1 && position.TierIndex == 0 && Status(paged) is null)
                {
                    position = position.Next(input.TierDelays.Count, input.Repeat)!;
                    _position = position;
                    var second = await PageTierAsync(position, PageReason.Loud, null);
                    paged = second with { Delivered = paged.Delivered + second.Delivered };
                }

                loud = false;
                if (Status(paged) is Phase decided)
                {
                    return decided;
                }

                // Nobody on this tier could be reached by any rule (opted out, bad numbers): do not wait out its delay.
                var deadline = paged.Delivered == 0 ? Now : Now + input.TierDelays[position.TierIndex];
                while (true)
                {
                    var signal = await WaitForSignalAsync(deadline);
                    if (signal is null)
                    {
                        reason = position.TierIndex == input.TierDelays.Count - 1 ? PageReason.Repeat : PageReason.Timeout;
                        requestedBy = null;
                        break;
                    }

                    if (signal.Kind == IncidentSignalKind.Escalate)
                    {
                        reason = PageReason.Requested;
                        requestedBy = signal.By;
                        break;
                    }

                    if (await HandleCommonAsync(signal) is Phase next)
                    {
                        return next;
                    }
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
                if (signal!.Kind == IncidentSignalKind.Escalate)
                {
                    _position = EscalationPosition.Start;
                    var phase = await EscalateUntilAcknowledgedAsync(reason: PageReason.Requested);
                    if (phase != Phase.Exhausted)
                    {
                        return phase;
                    }

                    await NotifyAsync(NotifyKind.Unacknowledged, null);
                    continue;
                }

                if (await HandleCommonAsync(signal) is Phase next)
                {
                    return next;
                }
            }
        }

        // ---- acknowledged: communicate, learn, act, on a cadence ---------------------------------------------

        private async Task RespondUntilResolvedAsync()
        {
            _agenda ??= StartAgenda(Now);
            while (true)
            {
                var signal = await WaitForSignalAsync(_agenda.NextDeadline()?.UtcDateTime);
                if (signal is null)
                {
                    var (agenda, effects) = _agenda.Due(Now);
                    _agenda = agenda;
                    if (effects.Count > 0)
                    {
                        if (!context.IsReplaying)
                        {
                            Telemetry.IncidentTelemetry.AgendaDue(input.Service, effects.Select(e => e.Kind));
                        }

                        await CallAsync<int>(nameof(AgendaActivity),
                            new AgendaEffectsInput(input.IncidentNumber, effects, Now, agenda.UpdateDue, agenda.UpdatesMissed));
                    }

                    continue;
                }

                switch (signal.Kind)
                {
                    case IncidentSignalKind.UpdatePosted:
                        _agenda = _agenda.OnUpdate(signal.At, signal.NextUpdateBy);
                        if (signal.UpdateId is not null)
                        {
                            await CallAsync<NotifyResult>(nameof(NotifyActivity),
                                new NotifyInput(input.IncidentNumber, NotifyKind.UpdatePosted, Now, signal.By) { UpdateId = signal.UpdateId, Step = NextStep() });
                        }

                        break;
                    case IncidentSignalKind.ActionRecorded when signal.ActionId is not null:
                        _agenda = _agenda.OnActionRecorded(signal.ActionId, signal.At, signal.Irreversible);
                        break;
                    case IncidentSignalKind.ActionConfirmed when signal.ActionId is not null:
                        _agenda = _agenda.OnActionConfirmed(signal.ActionId);
                        break;
                    case IncidentSignalKind.Escalate:
                        // "Gut check: bring in more": the next tier joins; the lead stays.
                        if (_position.TierIndex + 1 < input.TierDelays.Count)
                        {
                            _position = _position with { TierIndex = _position.TierIndex + 1 };
                            await PageTierAsync(_position, PageReason.Help, signal.By);
                        }

                        break;
                    default:
                        if (await HandleCommonAsync(signal) == Phase.Resolved)
                        {
                            return;
                        }

                        break;
                }
            }
        }

        // ---- resolved: learn from it, then close ---------------------------------------------------------------

        private async Task RetrospectiveAsync()
        {
            var draft = await CallAsync<PostmortemDraftResult>(nameof(DraftPostmortemActivity),
                new PostmortemStepInput(input.IncidentNumber, Now));
            if (draft.DueBy is { } dueBy)
            {
                var nextReminder = Now + input.Timings.RetrospectiveReminderEvery;
                while (true)
                {
                    // Early on, remind at the regular interval; once due, every interval after the due time.
                    var at = nextReminder < dueBy.UtcDateTime || Now >= dueBy.UtcDateTime ? nextReminder : dueBy.UtcDateTime;
                    var signal = await WaitForSignalAsync(at);
                    if (signal is null)
                    {
                        await NotifyAsync(NotifyKind.RetrospectiveReminder, null, overdue: Now >= dueBy.UtcDateTime);
                        nextReminder = Now + input.Timings.RetrospectiveReminderEvery;
                        continue;
                    }

                    if (signal.Kind == IncidentSignalKind.PostmortemCompleted)
                    {
                        break;
                    }
                }
            }

            await CallAsync<bool>(nameof(CloseIncidentActivity), new PostmortemStepInput(input.IncidentNumber, Now));
            await PublishUntilSentAsync();
        }

        // ---- shared ---------------------------------------------------------------------------------------------

        /// <summary>Signals every open phase treats the same. Returns the phase they move the incident to, if any.</summary>
        private async Task<Phase?> HandleCommonAsync(IncidentSignal signal)
        {
            switch (signal.Kind)
            {
                case IncidentSignalKind.Acknowledged when _agenda is null:
                    _agenda = StartAgenda(signal.At);
                    await NotifyAsync(NotifyKind.Acknowledged, signal.By);
                    return Phase.Acknowledged;
                case IncidentSignalKind.Resolved:
                    return Phase.Resolved;
                case IncidentSignalKind.AlertsResolved:
                    await NotifyAsync(NotifyKind.AlertsResolved, signal.By);
                    return null;
                case IncidentSignalKind.LeadChanged:
                    await NotifyAsync(NotifyKind.LeadChanged, signal.By);
                    return null;
                case IncidentSignalKind.RespondersAdded when signal.Responders is { Count: > 0 }:
                    await CallAsync<int>(nameof(PageRespondersActivity),
                        new PageRespondersInput(input.IncidentNumber, signal.Responders, Now, signal.By, signal.Reason, NextStep()));
                    return null;
                case IncidentSignalKind.SeverityChanged when signal.Severity is { } severity:
                    var wasSev1 = _severity == IncidentSeverity.Sev1;
                    _severity = severity;
                    _cadence = signal.Cadence;
                    _agenda = _agenda?.OnCadenceChanged(signal.Cadence, signal.At);
                    if (severity == IncidentSeverity.Sev1 && !wasSev1)
                    {
                        await NotifyAsync(NotifyKind.LeadershipSev1, signal.By);
                    }

                    return null;
                default:
                    // Updates and actions before acknowledgement, repeated acks: the handlers answered; nothing to schedule.
                    return null;
            }
        }

        private async Task<PageTierResult> PageTierAsync(EscalationPosition position, PageReason reason, string? requestedBy)
        {
            var result = await CallAsync<PageTierResult>(
                nameof(PageTierActivity),
                new PageTierInput(input.IncidentNumber, position.TierIndex, position.Loop, Now, reason, requestedBy, NextStep()));
            _pagesSent += result.Delivered;
            foreach (var followUp in result.FollowUps ?? [])
            {
                _contacts.Add(new PendingContact(Now + followUp.After, followUp, position.TierIndex));
            }

            return result;
        }

        /// <summary>
        /// Sends the later rules whose time has come, oldest first. Only while nobody has acknowledged: an activity that
        /// finds the incident acknowledged or resolved ends them all.
        /// </summary>
        private async Task ContactDueAsync()
        {
            while (_contacts.Count > 0)
            {
                var due = _contacts.MinBy(c => c.Due)!;
                if (due.Due > Now)
                {
                    return;
                }

                _contacts.Remove(due);
                var result = await CallAsync<PageContactResult>(nameof(PageContactActivity),
                    new PageContactInput(input.IncidentNumber, due.FollowUp.Responder, due.FollowUp.Rule, due.TierIndex, due.FollowUp.Key, Now));
                if (result.IncidentStatus != IncidentStatus.Triggered)
                {
                    _contacts.Clear();
                }
                else if (result.RetryAt is { } retryAt)
                {
                    // Never at once: the activity's clock and this one's may disagree by a little.
                    _contacts.Add(due with { Due = retryAt.UtcDateTime > Now ? retryAt.UtcDateTime : Now + TimeSpan.FromSeconds(1) });
                }
            }
        }

        /// <summary>
        /// Signals the wait handles itself: a call that reached nobody brings that responder's next rule forward to now.
        /// An acknowledgement or resolution ends every pending rule, and goes on to the caller.
        /// </summary>
        private bool Absorbed(IncidentSignal signal)
        {
            switch (signal.Kind)
            {
                case IncidentSignalKind.Acknowledged or IncidentSignalKind.Resolved:
                    _contacts.Clear();
                    return false;
                case IncidentSignalKind.ContactUnanswered:
                    if (signal.Reason is { } call && _unanswered.Add(call)
                        && _contacts.Where(c => c.FollowUp.Responder == signal.By).MinBy(c => c.Due) is { } next && next.Due > Now)
                    {
                        _contacts[_contacts.IndexOf(next)] = next with { Due = Now };
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The incident row is the authority: an ack or resolve that raced the page is honoured even if its event is still queued.</summary>
        private Phase? Status(PageTierResult paged)
        {
            if (paged.IncidentStatus != IncidentStatus.Triggered)
            {
                _contacts.Clear();
            }

            if (paged.IncidentStatus == IncidentStatus.Acknowledged)
            {
                _agenda ??= StartAgenda(Now);
                return Phase.Acknowledged;
            }

            return paged.IncidentStatus is IncidentStatus.Resolved or IncidentStatus.Closed ? Phase.Resolved : null;
        }

        /// <summary>The cadence clock starts when someone takes the lead, at the current severity's cadence.</summary>
        private ResponseAgenda StartAgenda(DateTimeOffset acknowledgedAt) =>
            ResponseAgenda.Start(acknowledgedAt, input.Timings.Agenda with { Cadence = _cadence });

        /// <summary>
        /// Next signal, or null once <paramref name="deadline"/> has passed. The same waiter survives across calls,
        /// and an early timer (Azure Storage timers can fire up to a second early) waits again for the remainder.
        /// </summary>
        private async Task<IncidentSignal?> WaitForSignalAsync(DateTime? deadline)
        {
            while (true)
            {
                // Before blocking: whatever the last steps wrote goes to the event stream; the rules due go out.
                await PublishPendingAsync();
                await ContactDueAsync();
                _pendingSignal ??= context.WaitForExternalEvent<IncidentSignal>(IncidentSignal.EventName);
                if (_pendingSignal.IsCompleted)
                {
                    if (await TakeSignalAsync() is { } signal && !Absorbed(signal))
                    {
                        return signal;
                    }

                    continue;
                }

                if (deadline is not null && Now >= deadline.Value)
                {
                    return null;
                }

                // With no rules pending this is the wait it always was, so histories written before rules replay.
                var wake = Earliest(deadline, _contacts.Count == 0 ? null : _contacts.Min(c => c.Due));
                if (_unpublished)
                {
                    wake = Earliest(wake, Now + PublishRetryAfter);
                }

                if (wake is not null)
                {
                    using var cts = new CancellationTokenSource();
                    var timer = context.CreateTimer(wake.Value, cts.Token);
                    if (await Task.WhenAny(_pendingSignal, timer) != _pendingSignal)
                    {
                        if (!context.IsReplaying)
                        {
                            Telemetry.IncidentTelemetry.TimerFired("incident", wake.Value, Now);
                        }

                        continue;
                    }

                    cts.Cancel();
                }

                // The signal is taken at once, as it always was: nothing may run between the wait and its handling.
                if (await TakeSignalAsync() is { } taken && !Absorbed(taken))
                {
                    return taken;
                }
            }
        }

        private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

        private async Task<IncidentSignal> TakeSignalAsync()
        {
            var signal = await _pendingSignal!;
            _pendingSignal = null;
            // The handler that raised it wrote the timeline first.
            _unpublished = true;
            return signal;
        }

        private Task<NotifyResult> NotifyAsync(NotifyKind kind, string? actor, bool overdue = false) =>
            CallAsync<NotifyResult>(nameof(NotifyActivity), new NotifyInput(input.IncidentNumber, kind, Now, actor) { Overdue = overdue, Step = NextStep() });

        /// <summary>
        /// The idempotency key of the next texting step. Counted, not taken from the clock: an episode that ran but was
        /// never checkpointed (the process was killed after its activity messages went out) runs again with a later
        /// CurrentUtcDateTime, and a key from the clock would text everyone a second time. The count is the same on
        /// every replay and re-run; a run the reconciler starts again has its own <see cref="IncidentOrchestrationInput.Run"/>.
        /// </summary>
        private string NextStep() => (input.Run is null ? "s" : input.Run + ".s") + (++_steps).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Every step may write timeline entries, so after any of them the outbox has work.</summary>
        private Task<T> CallAsync<T>(string activity, object activityInput)
        {
            _unpublished = true;
            return context.CallActivityAsync<T>(activity, activityInput, ActivityRetry);
        }

        // ---- event stream ----------------------------------------------------------------------------------

        /// <summary>
        /// Hands new timeline entries to the event stream. A stream that is down must not stop the incident: the
        /// entries stay in the outbox (in order) and the next wait is cut short to try again.
        /// </summary>
        private async Task PublishPendingAsync()
        {
            if (!_unpublished)
            {
                return;
            }

            // The rooms read the same timeline; a poke is a message, so Slack being slow cannot hold up this step.
            if (input.Rooms)
            {
                context.SendEvent(IncidentRoomOrchestrator.InstanceId(input.IncidentNumber), IncidentRoomOrchestrator.PokeEvent, input.IncidentNumber);
            }

            try
            {
                await context.CallActivityAsync<PublishEventsResult>(nameof(PublishEventsActivity), new PublishEventsInput(input.IncidentNumber), PublishRetry);
                _unpublished = false;
            }
            catch (TaskFailedException e)
            {
                _log.LogWarning("INC {Incident}: event stream unavailable ({Error}); retrying in {Delay}",
                    input.IncidentNumber, e.FailureDetails.ErrorMessage, PublishRetryAfter);
            }
        }

        /// <summary>After closing nothing else will wake the incident, so keep trying on durable timers until the outbox is empty.</summary>
        private async Task PublishUntilSentAsync()
        {
            foreach (var delay in FinalPublishBackoff)
            {
                await PublishPendingAsync();
                if (!_unpublished)
                {
                    return;
                }

                await context.CreateTimer(Now + delay, CancellationToken.None);
            }

            await PublishPendingAsync();
            if (_unpublished)
            {
                _log.LogError("INC {Incident}: closed with timeline entries the event stream never accepted", input.IncidentNumber);
            }
        }
    }

    /// <summary>A later rule of a page, due at <paramref name="Due"/> (orchestration time).</summary>
    private sealed record PendingContact(DateTime Due, FollowUp FollowUp, int TierIndex);

    private enum Phase
    {
        Acknowledged,
        Resolved,
        Exhausted,
    }
}
