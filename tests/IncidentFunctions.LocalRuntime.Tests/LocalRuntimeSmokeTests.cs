using System.Diagnostics;
using System.Net;
using IncidentFunctions.LocalRuntime;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IncidentFunctions.LocalRuntime.Tests;

[Collection(LocalRuntimeCollection.Name)]
public sealed class LocalRuntimeSmokeTests(LocalRuntimeFixture runtime, ITestOutputHelper output)
{
    private static readonly TimeSpan EngineDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Runtime_listens_on_loopback_and_answers_an_unknown_route_with_404()
    {
        output.WriteLine($"{runtime.Host.BaseUrl} started in {runtime.StartDuration.TotalMilliseconds:0} ms");

        using var response = await runtime.Client.GetAsync("no-such-route");

        Assert.StartsWith("http://127.0.0.1:", runtime.Host.BaseUrl);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Every_job_the_Functions_app_runs_on_a_timer_runs_here_on_a_local_timer()
    {
        // AddHostedService with a factory keeps only the first of several services of one type: this once left the
        // local runtime reconciling incidents but never reviewing alerts or testing pagers at hand-offs.
        var timers = runtime.Host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .Where(s => s.GetType().Name == "LocalTimer")
            .Select(s => (string)s.GetType().GetProperty("Name")!.GetValue(s)!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["Hand-off pager tests", "Heartbeats", "Pipeline watch", "Reconciling open incidents", "Weekly alert review"], timers);
    }

    [Fact]
    public async Task Durable_client_queries_the_task_hub_without_error()
    {
        var client = runtime.Host.Services.GetRequiredService<DurableTaskClient>();
        var unmatched = new OrchestrationQuery { InstanceIdPrefix = "no-such-instance-" + Guid.NewGuid().ToString("N") };

        var all = await FirstPageAsync(client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 10 }));
        var none = await FirstPageAsync(client.GetAllInstancesAsync(unmatched));

        Assert.All(all, i => Assert.False(string.IsNullOrEmpty(i.InstanceId)));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Durable_engine_takes_an_instance_to_a_terminal_state_through_the_worker()
    {
        // Nothing is registered under this name, so the worker fails the instance: a full round trip from the client
        // through the sidecar, Azure Storage queues and the worker, without defining an orchestrator here.
        var client = runtime.Host.Services.GetRequiredService<DurableTaskClient>();
        using var deadline = new CancellationTokenSource(EngineDeadline);
        var clock = Stopwatch.StartNew();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("SmokeTestNoSuchOrchestrator", deadline.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
        output.WriteLine($"scheduled to {done.RuntimeStatus} in {clock.ElapsedMilliseconds} ms; failure details: {done.FailureDetails?.ToString() ?? "(none)"}; output: {done.SerializedOutput ?? "(none)"}");
        await client.PurgeInstanceAsync(id, cancellation: deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
    }

    private static async Task<IReadOnlyList<OrchestrationMetadata>> FirstPageAsync(Microsoft.DurableTask.AsyncPageable<OrchestrationMetadata> instances)
    {
        await foreach (var page in instances.AsPages())
        {
            return page.Values;
        }

        return [];
    }
}

/// <summary>Start-up, shutdown and restart of a host of its own (not the shared one); prints how long each took.</summary>
public sealed class LocalRuntimeLifecycleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LocalRuntimeFixture _template = new();

    public async Task InitializeAsync() => await _template.InitializeAsync();

    public async Task DisposeAsync() => await _template.DisposeAsync();

    [Fact]
    public async Task Stops_promptly_and_restarts_on_the_same_task_hub_without_waiting_for_leases()
    {
        output.WriteLine($"first start: {_template.StartDuration.TotalMilliseconds:0} ms");
        var clock = Stopwatch.StartNew();
        await _template.Host.StopAsync();
        var stopped = clock.Elapsed;
        output.WriteLine($"stop: {stopped.TotalMilliseconds:0} ms");

        clock.Restart();
        await using var second = await LocalRuntimeHost.StartAsync(_template.CreateOptions(), CancellationToken.None);
        var started = clock.Elapsed;
        output.WriteLine($"restart: {started.TotalMilliseconds:0} ms");

        // The same worker id takes the partitions back at once; a new id would wait for the old leases to expire.
        var client = second.Services.GetRequiredService<DurableTaskClient>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        clock.Restart();
        var id = await client.ScheduleNewOrchestrationInstanceAsync("SmokeTestNoSuchOrchestrator", deadline.Token);
        var done = await client.WaitForInstanceCompletionAsync(id, deadline.Token);
        var firstInstance = clock.Elapsed;
        output.WriteLine($"first instance after restart: {firstInstance.TotalMilliseconds:0} ms");

        clock.Restart();
        await second.StopAsync();
        output.WriteLine($"second stop: {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);

        // Not a speed goal (those belong in benchmarks): a host that kept its leases, or restarted under a new worker id,
        // stalls about 15 s until they expire. Stop times are printed above, not asserted: they vary with machine load.
        Assert.True(firstInstance < TimeSpan.FromSeconds(12), $"the restarted host waited {firstInstance.TotalSeconds:0.0} s: were the old partition leases released?");
    }
}
