using System.Diagnostics;
using System.Net;
using IncidentFunctions.LocalRuntime.Tests.EndToEnd;
using IncidentFunctions.Testing.World;
using OpenTelemetry.Trace;

namespace IncidentFunctions.LocalRuntime.Tests.Telemetry;

/// <summary>The pipeline with an in-memory span exporter: every span the runtime ends is kept for the test to read.</summary>
public sealed class TracingFixture : PipelineFixture
{
    /// <summary>Written by the exporter as spans end, read by the test: every access locks it.</summary>
    public List<Activity> Spans { get; } = [];

    private sealed class Locked(List<Activity> list) : System.Collections.ObjectModel.Collection<Activity>(list)
    {
        protected override void InsertItem(int index, Activity item)
        {
            lock (list)
            {
                base.InsertItem(index, item);
            }
        }
    }

    protected override void Configure(TestWorldBuilder world)
    {
        base.Configure(world);
        world.WithTracing(t => t.AddInMemoryExporter(new Locked(Spans)));
    }
}

/// <summary>
/// One alert delivery as one trace: the webhook's request, the alert's ingestion, the orchestration it starts, the
/// paging activity and the call to Twilio, each the child of the one before, with the incident's service on the way.
/// </summary>
public sealed class DeliveryTraceTests(TracingFixture runtime) : IClassFixture<TracingFixture>
{
    [Fact]
    public async Task The_page_to_Twilio_is_in_the_trace_of_the_webhook_that_brought_the_alert()
    {
        var driver = new PipelineDriver(runtime.Client, PipelineFixture.AdminKey, runtime.Twilio.AuthToken, PipelineFixture.FromNumber);
        var reply = await driver.PostAlertAsync("generic", "e2e-metrics", Payloads.Generic("Traced: disk full", Payloads.Unique("trace")));
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var id = Payloads.IncidentId(reply);
        await runtime.Twilio.WaitForMessageAsync(m => m.To == PipelineFixture.Alice && m.Body.Contains($"INC {id} ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var twilioCall = await UntilAsync(() => Snapshot().LastOrDefault(s => s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port
            && port == new Uri(runtime.Twilio.BaseUrl).Port && s.DisplayName.StartsWith("POST", StringComparison.Ordinal)));
        // The page's side: the Twilio call ← our page span ← the paging activity, in the worker ← as the orchestrator scheduled it.
        // Parents end after their children: wait for them.
        await UntilAsync(() => ChainOf(twilioCall) is { Count: >= 4 } c ? c[^1] : null);
        var page = ChainOf(twilioCall);
        Assert.Equal(["POST", "page sms", "activity:PageTierActivity", "activity:PageTierActivity"], page.Take(4).Select(s => s.DisplayName));
        Assert.Contains(page, s => s.DisplayName == "page sms" && Equals(s.GetTagItem("incident.number"), id) && (string?)s.GetTagItem("incident.service") == "metrics");

        // The alert's side, in the same trace: the orchestration was created by the ingestion, under the webhook's request.
        // (The orchestration's own span, between the two, ends with the incident's orchestration: not yet.)
        var created = await UntilAsync(() => Snapshot().FirstOrDefault(s => s.TraceId == twilioCall.TraceId && s.DisplayName.StartsWith("create_orchestration:IncidentOrchestrator", StringComparison.Ordinal)));
        var alert = ChainOf(created);
        var names = alert.Select(s => s.DisplayName).ToList();
        // (Above the server's span is the test's own request: the runtime shares this process and its HttpClient spans.)
        Assert.Equal(["create_orchestration:IncidentOrchestrator", "ingest alert", "POST /api/alerts/{format}"], names.Take(3));
        Assert.Equal(ActivityKind.Server, alert[2].Kind);
        Assert.Contains(alert, s => s.DisplayName == "ingest alert" && (string?)s.GetTagItem("incident.service") == "metrics");
        Assert.Equal(created.TraceId, page[^1].TraceId);
    }

    /// <summary>The span and its ancestors, nearest first, as far as the kept spans go.</summary>
    private List<Activity> ChainOf(Activity span)
    {
        var all = Snapshot().Where(s => s.TraceId == span.TraceId).ToDictionary(s => s.SpanId);
        var chain = new List<Activity> { span };
        while (all.TryGetValue(chain[^1].ParentSpanId, out var parent))
        {
            chain.Add(parent);
        }

        return chain;
    }

    private List<Activity> Snapshot()
    {
        lock (runtime.Spans)
        {
            return [.. runtime.Spans];
        }
    }

    private static async Task<Activity> UntilAsync(Func<Activity?> find)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, "the span looked for never ended");
            await Task.Delay(100);
        }
    }
}
