using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Application.Orchestrations.Activities;

/// <summary>
/// An activity that may open an incident, and so start its orchestration, which needs a durable client. The local
/// runtime's worker runs it with the client from its container; the Functions app binds one ([DurableClient]) and
/// calls <see cref="RunAsync(TInput, DurableTaskClient)"/> itself.
/// </summary>
public abstract class ClientActivity<TInput, TOutput>(IServiceProvider services) : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        RunAsync(input, services.GetRequiredService<DurableTaskClient>());

    public abstract Task<TOutput> RunAsync(TInput input, DurableTaskClient client);
}
