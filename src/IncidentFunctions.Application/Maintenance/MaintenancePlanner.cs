using IncidentFunctions.Application.Configuration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Maintenance;

/// <summary>
/// Keeps maintenance windows moving, from the reconciler's timer (every 2 minutes, and at the local runtime's start):
/// each occurrence of a configured recurring window starting within <see cref="Lookahead"/> is made a window (ids from
/// name and start, insert-if-absent, so doing it every run is harmless), and every window whose end is not handled yet
/// has a live orchestration (one lost to a crash between writing the window and starting it is started again).
/// </summary>
public sealed class MaintenancePlanner(MaintenanceService maintenance, IncidentConfigProvider config, TimeProvider time, ILogger<MaintenancePlanner> log)
{
    /// <summary>A day ahead, and two hours more so a 25-hour day at fall-back does not leave a gap.</summary>
    public static readonly TimeSpan Lookahead = TimeSpan.FromHours(26);

    /// <summary>How long after its end a window may take to be handed on before the planner tells its orchestration again.</summary>
    public static readonly TimeSpan EndGrace = TimeSpan.FromMinutes(1);

    /// <returns>The windows made this run.</returns>
    public async Task<IReadOnlyList<string>> RunAsync(DurableTaskClient client, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var made = new List<string>();
        foreach (var recurring in config.Current.Maintenance.Windows)
        {
            foreach (var (start, end) in recurring.Recurrence.Occurrences(now, now + Lookahead))
            {
                var window = recurring.Occurrence(start, end, now);
                if (await maintenance.CreateAsync(window, client, ct))
                {
                    log.LogInformation("Maintenance {Window} ({Name}) planned: {Start:u} to {End:u}", window.Id, recurring.Name, start, end);
                    made.Add(window.Id);
                }
            }
        }

        foreach (var window in await maintenance.ListAsync(ct))
        {
            if (window.ReleasedAt is not null)
            {
                continue;
            }

            if (window.ConfigName is { } name && !window.HasEndedAt(now))
            {
                await FollowConfigurationAsync(window, name, client, ct);
            }

            if (window.HasEndedAt(now - EndGrace))
            {
                // Its end passed a while ago and is still not handled: tell its orchestration again (an early end can be
                // lost when raised at a bad moment; a second one is ignored by an instance already past its wait).
                await maintenance.NudgeEndAsync(window.Id, client, ct);
            }

            await maintenance.EnsureOrchestrationAsync(window, client, ct);
        }

        return made;
    }

    /// <summary>
    /// A planned or running occurrence follows the configuration it came from (read at start-up, so after a deploy):
    /// its recurring window removed, it ends now (nobody wants its alerts held any more); its services, matchers or
    /// reason changed, they change on it too. Its times stay: they are its id and its orchestration's timers, so a
    /// new start or end applies from the next occurrence planned.
    /// </summary>
    private async Task FollowConfigurationAsync(Domain.Maintenance.MaintenanceWindow window, string name, DurableTaskClient client, CancellationToken ct)
    {
        var recurring = config.Current.Maintenance.Windows.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
        if (recurring is null)
        {
            log.LogWarning("Maintenance {Window}: its recurring window {Name} is no longer configured; ending it now", window.Id, name);
            await maintenance.EndAsync(window.Id, client, ct);
            return;
        }

        if (!recurring.Services.SequenceEqual(window.Services, StringComparer.OrdinalIgnoreCase) || recurring.Matchers != window.Matchers || recurring.Reason != window.Reason)
        {
            log.LogInformation("Maintenance {Window}: {Name} changed in the configuration; its services, matchers and reason follow", window.Id, name);
            await maintenance.ReviseAsync(window.Id, w => w with { Services = recurring.Services, Matchers = recurring.Matchers, Reason = recurring.Reason }, ct);
        }
    }
}
