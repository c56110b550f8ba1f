using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace IncidentFunctions.Bench;

/// <summary>
/// The latency floor: a bare orchestration calling one no-op activity, on the same backend and sidecar as the
/// incident orchestration. Registered by the benchmark's host only (<see cref="LocalRuntime.LocalRuntimeOptions.AdditionalTasks"/>).
/// The activity's start stands where the incident's first SMS leaves: the time from scheduling to it is the floor.
/// </summary>
[DurableTask(nameof(FloorOrchestrator))]
internal sealed class FloorOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(FloorActivity), input);
}

[DurableTask(nameof(FloorActivity))]
internal sealed class FloorActivity : TaskActivity<string, string>
{
    /// <summary>When each floor instance's activity ran, by instance id (the benchmark waits on these).</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource<DateTimeOffset>> Ran { get; } = new(StringComparer.Ordinal);

    public static Task<DateTimeOffset> WhenRan(string instanceId) =>
        Ran.GetOrAdd(instanceId, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        var now = DateTimeOffset.UtcNow;
        Ran.GetOrAdd(input, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
        return Task.FromResult(input);
    }
}
