using IncidentFunctions.Application.Orchestrations.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IncidentFunctions.Application.Orchestrations;

/// <summary>
/// The incident's chat rooms (Slack, Teams), apart from its paging: one instance per incident (incident-&lt;n&gt;-room),
/// started beside the incident's own orchestration. It brings every room up to date, then waits for a poke (the
/// incident's orchestration sends one whenever its timeline has grown) or for the time a room asked to be woken (an
/// archive falling due, a retry after an outage). A chat service that is slow or down therefore holds up only this
/// instance; the incident pages on time whatever Slack does.
/// </summary>
[DurableTask(nameof(IncidentRoomOrchestrator))]
public sealed class IncidentRoomOrchestrator : TaskOrchestrator<IncidentRoomInput, bool>
{
    public const string PokeEvent = "RoomPoke";

    /// <summary>Steps per execution before ContinueAsNew, so a long incident's history stays small.</summary>
    internal const int StepsPerExecution = 50;

    /// <summary>Without a poke a room is still looked at this often: a lost poke costs at most this.</summary>
    internal static readonly TimeSpan Backstop = TimeSpan.FromHours(1);

    /// <summary>How soon a step that failed outright (not a room's outage: the activity itself) is tried again.</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private static readonly TaskOptions SyncRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2));

    public static string InstanceId(long number) => IncidentIds.InstanceId(number) + "-room";

    public override async Task<bool> RunAsync(TaskOrchestrationContext context, IncidentRoomInput input)
    {
        var log = context.CreateReplaySafeLogger<IncidentRoomOrchestrator>();
        Task<long>? poke = null;
        for (var step = 0; step < StepsPerExecution; step++)
        {
            SyncRoomsResult result;
            try
            {
                result = await context.CallActivityAsync<SyncRoomsResult>(nameof(SyncRoomsActivity), new SyncRoomsInput(input.IncidentNumber), SyncRetry);
            }
            catch (TaskFailedException e)
            {
                log.LogWarning("INC {Incident}: chat rooms not brought up to date ({Error}); trying again in {Delay}",
                    input.IncidentNumber, e.FailureDetails.ErrorMessage, RetryAfter);
                result = new SyncRoomsResult(context.CurrentUtcDateTime + RetryAfter, Finished: false);
            }

            if (result.Finished)
            {
                return true;
            }

            // One waiter for pokes across steps: a poke that came while a step ran is taken at once.
            poke ??= context.WaitForExternalEvent<long>(PokeEvent);
            if (!poke.IsCompleted)
            {
                var wake = result.WakeAt?.UtcDateTime ?? context.CurrentUtcDateTime + Backstop;
                using var cts = new CancellationTokenSource();
                var timer = context.CreateTimer(wake, cts.Token);
                if (await Task.WhenAny(poke, timer) == poke)
                {
                    cts.Cancel();
                }
            }

            if (poke.IsCompleted)
            {
                poke = null;
            }
        }

        // Pokes still pending need no carrying over: the next execution begins with a step, which sees everything
        // they announced. Whether a backend carries them over or not, nothing is missed (at worst a spare step runs).
        context.ContinueAsNew(input, preserveUnprocessedEvents: true);
        return false;
    }
}

public sealed record IncidentRoomInput(long IncidentNumber);
