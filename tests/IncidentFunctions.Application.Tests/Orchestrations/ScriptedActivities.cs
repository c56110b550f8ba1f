using System.Collections.Concurrent;
using System.Threading.Channels;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Incidents;
using Microsoft.DurableTask;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// Stands in for the paging and notify activities under their real names, so the orchestrator's
/// control flow (timers, events, replay) runs on the real engine while the test sees every call.
/// </summary>
internal sealed class ScriptedActivities
{
    private readonly Channel<object> _calls = Channel.CreateUnbounded<object>();
    private readonly ConcurrentQueue<PageTierResult> _scriptedPages = new();

    public List<object> All { get; } = [];

    /// <summary>What the next page call returns; by default the tier is paged and the incident still triggered.</summary>
    public void NextPageReturns(PageTierResult result) => _scriptedPages.Enqueue(result);

    /// <summary>The incident's status a later notification rule finds (an ack the orchestration has not heard of yet).</summary>
    public volatile IncidentStatus ContactStatus = IncidentStatus.Triggered;

    /// <summary>When the drafted post-mortem is due; null (the default) means none is required.</summary>
    public DateTimeOffset? PostmortemDueBy { get; set; }

    /// <summary>
    /// Publish calls are counted apart from the other calls (they come before every wait, so putting them in the
    /// sequence would only add noise to each scenario). While <see cref="PublishFails"/> is set they throw.
    /// </summary>
    public int PublishCalls => Volatile.Read(ref _publishCalls);

    public int PublishFailures => Volatile.Read(ref _publishFailures);

    public volatile bool PublishFails;

    private int _publishCalls;
    private int _publishFailures;

    public void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<PublishEventsInput, PublishEventsResult>(nameof(PublishEventsActivity), (_, _) =>
        {
            Interlocked.Increment(ref _publishCalls);
            if (PublishFails)
            {
                Interlocked.Increment(ref _publishFailures);
                throw new InvalidOperationException("event stream down (scripted)");
            }

            return new PublishEventsResult(1, 1);
        });
        registry.AddActivityFunc<PageTierInput, PageTierResult>(nameof(PageTierActivity), (_, input) =>
        {
            Record(input);
            return _scriptedPages.TryDequeue(out var scripted)
                ? scripted
                : new PageTierResult(IncidentStatus.Triggered, 1, [$"tier{input.TierIndex}"], []);
        });
        registry.AddActivityFunc<PageContactInput, PageContactResult>(nameof(PageContactActivity), (_, input) =>
        {
            Record(input);
            return new PageContactResult(ContactStatus, 1);
        });
        registry.AddActivityFunc<NotifyInput, NotifyResult>(nameof(NotifyActivity), (_, input) =>
        {
            Record(input);
            return new NotifyResult(1, ["someone"]);
        });
        registry.AddActivityFunc<AgendaEffectsInput, int>(nameof(AgendaActivity), (_, input) =>
        {
            Record(input);
            return input.Effects.Count;
        });
        registry.AddActivityFunc<PageRespondersInput, int>(nameof(PageRespondersActivity), (_, input) =>
        {
            Record(input);
            return input.Responders.Count;
        });
        registry.AddActivityFunc<PostmortemStepInput, PostmortemDraftResult>(nameof(DraftPostmortemActivity), (_, input) =>
        {
            Record(new DraftCall(input));
            return new PostmortemDraftResult(true, PostmortemDueBy);
        });
        registry.AddActivityFunc<PostmortemStepInput, bool>(nameof(CloseIncidentActivity), (_, input) =>
        {
            Record(new CloseCall(input));
            return true;
        });
    }

    /// <summary>The next activity call, or fails after <paramref name="timeout"/> naming what was seen.</summary>
    public async Task<T> NextAsync<T>(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            var call = await _calls.Reader.ReadAsync(cts.Token);
            return call is T t ? t : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name} but the next call was {call}; all calls: {string.Join(" | ", All)}");
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} call within the deadline; calls so far: {string.Join(" | ", All)}");
        }
    }

    public async Task<T> NextOfAsync<T>(TimeSpan? timeout = null)
    {
        while (true)
        {
            var next = await NextAsync<object>(timeout);
            if (next is T t)
            {
                return t;
            }
        }
    }

    private void Record(object call)
    {
        lock (All)
        {
            // Activities run at least once; a replayed orchestration does not re-run them, so each call is real.
            All.Add(call);
        }

        _calls.Writer.TryWrite(call);
    }
}

internal sealed record DraftCall(PostmortemStepInput Input);

internal sealed record CloseCall(PostmortemStepInput Input);
