using IncidentFunctions.Application.Heartbeats;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// Where one heartbeat stands: opens its incident when its deadline has passed, and says when to look again. Safe to
/// retry: the incident is raised before the heartbeat is marked late, so a retry after a crash in between raises it
/// again, which joins the incident already open on the same key.
/// </summary>
[DurableTask(nameof(CheckHeartbeatActivity))]
public sealed class CheckHeartbeatActivity(HeartbeatService heartbeats, IServiceProvider services) : TaskActivity<HeartbeatInput, HeartbeatStep>
{
    /// <summary>The local runtime's worker: the client comes from its container.</summary>
    public override Task<HeartbeatStep> RunAsync(TaskActivityContext context, HeartbeatInput input) =>
        CheckAsync(input, services.GetRequiredService<DurableTaskClient>());

    /// <summary>The Functions app's binding passes its own durable client.</summary>
    public Task<HeartbeatStep> CheckAsync(HeartbeatInput input, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(input);
        return heartbeats.CheckAsync(input.Name, client, CancellationToken.None);
    }
}
