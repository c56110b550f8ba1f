using IncidentFunctions.Application.Heartbeats;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// Where one heartbeat stands: opens its incident when its deadline has passed, and says when to look again. Safe to
/// retry: the incident is raised before the heartbeat is marked late, so a retry after a crash in between raises it
/// again, which joins the incident already open on the same key.
/// </summary>
[DurableTask(nameof(CheckHeartbeatActivity))]
public sealed class CheckHeartbeatActivity(HeartbeatService heartbeats, IServiceProvider services) : ClientActivity<HeartbeatInput, HeartbeatStep>(services)
{
    public override Task<HeartbeatStep> RunAsync(HeartbeatInput input, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(input);
        return heartbeats.CheckAsync(input.Name, client, CancellationToken.None);
    }
}
