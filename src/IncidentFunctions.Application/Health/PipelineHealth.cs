using System.Collections.Concurrent;
using IncidentFunctions.Application.Communication.Events;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentFunctions.Application.Health;

/// <summary>
/// What is wrong with the pipeline itself. Senders report a condition when a provider refuses our credentials (or
/// every send fails) and clear it when a send works again; the pipeline watch reports late timers; /api/health reads
/// the conditions. Each instance remembers what it last wrote, so a storm of refused sends writes one row, not one per
/// send; for a minute only, so a condition another instance recorded (or cleared) meanwhile is seen here too. The
/// instance that records a condition (and the one that clears it) says so on the event stream, which depends on none
/// of the providers, and tells the admins (<see cref="PipelineAlerts"/>) and every open incident's timeline
/// (<see cref="IncidentMarks"/>).
/// </summary>
public sealed class PipelineHealth(
    HealthStore store,
    IEventPublisher events,
    PipelineAlerts alerts,
    IncidentMarks marks,
    IOptions<PipelineHealthOptions> options,
    TimeProvider time,
    ILogger<PipelineHealth> log)
{
    /// <summary>How long what this instance last wrote of a condition is trusted before storage is asked again.</summary>
    internal static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    /// <summary>Recoveries the pipeline watch still finishes telling (a recovery older than this is old news).</summary>
    internal static readonly TimeSpan RecoveriesRetold = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (bool On, DateTimeOffset At)> _known = new(StringComparer.Ordinal);
    private readonly Lock _twilioGate = new();
    private (DateTimeOffset First, int Failures)? _twilioFailing;

    private bool Knows(string name, bool on) =>
        _known.TryGetValue(name, out var known) && known.On == on && time.GetUtcNow() - known.At < Remembered;

    public Task<IReadOnlyList<PipelineCondition>> ConditionsAsync(CancellationToken ct) => store.ListAsync(ct);

    public async Task ReportAsync(string name, string reason, CancellationToken ct)
    {
        if (Knows(name, on: true))
        {
            return;
        }

        var condition = new PipelineCondition(name, reason, time.GetUtcNow());
        if (await store.TryAddAsync(condition, ct))
        {
            log.LogCritical("Pipeline degraded ({Condition}): {Reason}", name, reason);
            await PublishAsync(PipelineEvents.Degraded(name, reason, condition.Since), ct);
            AnnounceInBackground(condition, recoveredAt: null);
        }

        _known[name] = (true, time.GetUtcNow());
    }

    public async Task ClearAsync(string name, CancellationToken ct)
    {
        if (Knows(name, on: false))
        {
            return;
        }

        var recorded = (await store.ListAsync(ct)).FirstOrDefault(c => c.Name == name);
        if (recorded is not null && await store.RemoveAsync(name, ct))
        {
            var at = time.GetUtcNow();
            log.LogWarning("Pipeline recovered ({Condition})", name);
            await store.AddRecoveredAsync(recorded, at, ct);
            await PublishAsync(PipelineEvents.Recovered(name, recorded.Since, at), ct);
            AnnounceInBackground(recorded, at);
        }

        _known[name] = (false, time.GetUtcNow());
    }

    /// <summary>
    /// A text or call Twilio did not take (refused for our account's sake, or Twilio not answering). After
    /// <see cref="PipelineHealthOptions.TwilioFailingAfter"/> of nothing but failures the pipeline is degraded. Counted
    /// per instance: each sees its own sends, and one that delivers clears it for all.
    /// </summary>
    public Task TwilioFailedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        (DateTimeOffset First, int Failures) failing;
        lock (_twilioGate)
        {
            failing = _twilioFailing is { } f ? (f.First, f.Failures + 1) : (now, 1);
            _twilioFailing = failing;
        }

        return now - failing.First >= o.TwilioFailingAfter && failing.Failures >= o.TwilioFailingFailures
            ? ReportAsync(PipelineConditions.TwilioFailing,
                $"Every text and call has failed since {failing.First:HH:mm:ss} UTC ({failing.Failures} failures, none delivered): pages are not reaching anyone. Check Twilio's status and the account.", ct)
            : Task.CompletedTask;
    }

    /// <summary>Twilio took a text or call: both Twilio conditions are over.</summary>
    public async Task TwilioDeliveredAsync(CancellationToken ct)
    {
        lock (_twilioGate)
        {
            _twilioFailing = null;
        }

        await ClearAsync(PipelineConditions.TwilioCredentials, ct);
        await ClearAsync(PipelineConditions.TwilioFailing, ct);
    }

    /// <summary>
    /// The pipeline watch's pass: tells again whatever a first attempt could not (admins on a medium that failed,
    /// incidents opened since), for every condition still on and every recent recovery. Idempotent, so it is the
    /// durable retry of <see cref="AnnounceInBackground"/>.
    /// </summary>
    public async Task RetellAsync(CancellationToken ct)
    {
        foreach (var condition in await store.ListAsync(ct))
        {
            await AnnounceAsync(condition, null, ct);
        }

        foreach (var (condition, at) in await store.ListRecoveredAsync(time.GetUtcNow() - RecoveriesRetold, ct))
        {
            await AnnounceAsync(condition, at, ct);
        }
    }

    /// <summary>
    /// Not awaited: the send that noticed the condition must not wait for mail servers and webhooks (nor fail with
    /// them). Work lost with a process that stops is redone by the pipeline watch's next pass (<see cref="RetellAsync"/>).
    /// </summary>
    private void AnnounceInBackground(PipelineCondition condition, DateTimeOffset? recoveredAt) =>
        _ = Task.Run(() => AnnounceAsync(condition, recoveredAt, CancellationToken.None));

    private async Task AnnounceAsync(PipelineCondition condition, DateTimeOffset? recoveredAt, CancellationToken ct)
    {
        try
        {
            var told = await alerts.TellAsync(condition, recoveredAt, claims: true, ct);
            if (recoveredAt is { } at)
            {
                await marks.MarkRecoveredAsync(condition, at, told, ct);
            }
            else
            {
                await marks.MarkDegradedAsync(condition, told, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not tell of {Condition} ({Phase}); the pipeline watch tries again", condition.Name, recoveredAt is null ? "degraded" : "recovered");
        }
    }

    /// <summary>A stream that is down must not fail the send that noticed the condition: the row and /api/health still say it.</summary>
    internal async Task PublishAsync(IncidentEvent e, CancellationToken ct)
    {
        try
        {
            await events.PublishAsync([EventMessages.From(e)], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Could not publish {Type} for {Condition}", e.Type, e.Data["condition"]);
        }
    }
}
