using IncidentFunctions.Application.Configuration;
using IncidentFunctions.Domain.Schedules;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.PagerTests;

/// <summary>
/// Hand-off tests, for schedules with "pagerTest": { "atHandoff": true }: once a minute, each such schedule's latest
/// hand-off gets its incoming person a pager test, and if nothing of it is confirmed within the schedule's
/// confirmWithin (15 minutes by default) its owner is texted. The Functions app runs it from a timer trigger, the local
/// runtime from a hosted service.
/// </summary>
/// <remarks>
/// Nothing is kept between runs: a hand-off's test has an id made of the schedule and the hand-off's instant, and is
/// inserted if absent, so every run (and every instance) that sees the hand-off finds the same test; a run that died
/// mid-send is finished by the next (sends are idempotent per test and method). A hand-off noticed more than
/// <see cref="StartWithin"/> late (the app was down) gets no test: by then it would say little about the hand-off.
/// </remarks>
public sealed class PagerTestHandoffs(IncidentConfigProvider config, PagerTestService tests, TimeProvider time, ILogger<PagerTestHandoffs> log)
{
    /// <summary>Every minute: the owner hears within a minute of the deadline.</summary>
    public const string Schedule = "0 * * * * *";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>How late a hand-off may be noticed and still get a test.</summary>
    public static readonly TimeSpan StartWithin = TimeSpan.FromHours(1);

    public Task RunAsync(CancellationToken ct) => RunAsync(time.GetUtcNow(), ct);

    /// <summary>One run as of <paramref name="now"/> (tests pass their own instant).</summary>
    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var current = config.Current;
        foreach (var schedule in current.Schedules.Where(s => s.PagerTest is { AtHandoff: true }))
        {
            try
            {
                await CheckAsync(current, schedule, schedule.PagerTest!, now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One schedule's trouble (storage, a provider) must not keep the others' tests from going.
                log.LogWarning(e, "Hand-off test of {Schedule} failed; the next run tries again", schedule.Name);
            }
        }
    }

    private async Task CheckAsync(IncidentConfig current, ScheduleConfig schedule, HandoffTestConfig settings, DateTimeOffset now, CancellationToken ct)
    {
        // Far enough back that a test started late is still seen until its owner check is due.
        if (schedule.LastHandoff(now, now - StartWithin - settings.ConfirmWithin) is not { } handoff
            || current.FindResponder(handoff.Incoming) is not { } incoming)
        {
            return;
        }

        var id = PagerTestIds.Handoff(schedule.Name, handoff.At);
        var test = await tests.GetAsync(incoming.Name, id, ct);
        if (test is null)
        {
            if (now - handoff.At > StartWithin)
            {
                return;
            }

            await tests.StartAsync(PagerTest.Start(id, incoming, now, PagerTestReason.Handoff, schedule.Name), ct);
            log.LogInformation("Hand-off of {Schedule} to {Responder} at {At:O}: pager test {TestId}", schedule.Name, incoming.Name, handoff.At, id);
            test = await tests.GetAsync(incoming.Name, id, ct);
            if (test is null)
            {
                return;
            }
        }

        if (test.Methods.Any(m => m.State == PagerTestState.Sending))
        {
            test = await tests.SendAsync(test, incoming, ct);
        }

        if (!test.AnyConfirmed && test.OwnerToldAt is null && now >= test.StartedAt + settings.ConfirmWithin
            && schedule.Owner is { } ownerName && current.FindResponder(ownerName) is { } owner)
        {
            await tests.TellOwnerAsync(test, schedule.Name, owner, settings.ConfirmWithin, ct);
            log.LogWarning("Hand-off test {TestId}: {Responder} has not confirmed after {Within}; told {Owner}, the owner of {Schedule}",
                id, incoming.Name, settings.ConfirmWithin, owner.Name, schedule.Name);
        }
    }
}
