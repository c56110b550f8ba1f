using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentFunctions.Bench;

internal sealed class Scenarios(BenchRuntime rt, BenchOptions options, Report report)
{
    /// <summary>Uncounted rounds first: JIT, connection pools and the backend's first polls would otherwise be measured.</summary>
    private const int WarmUp = 5;

    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(60);

    private readonly DurableTaskClient _client = rt.Host.Services.GetRequiredService<DurableTaskClient>();
    private readonly string _run = rt.TaskHub;

    // ---- 1. alert → page latency --------------------------------------------------------------------------

    public async Task LatencyAsync(CancellationToken ct)
    {
        var pipeline = new List<double>();
        var answered = new List<double>();
        var floor = new List<double>();

        // Floor and pipeline alternate, one at a time, so both see the same machine load over the run.
        for (var i = -WarmUp; i < options.LatencyAlerts; i++)
        {
            var id = $"floor-{_run}-{i + WarmUp}";
            var t0 = DateTimeOffset.UtcNow;
            await _client.ScheduleNewOrchestrationInstanceAsync(nameof(FloorOrchestrator), id, new StartOrchestrationOptions(id), ct);
            var ran = await FloorActivity.WhenRan(id).WaitAsync(PageTimeout, ct);

            var t1 = DateTimeOffset.UtcNow;
            var (status, incident) = await rt.PostAsync("api/alerts/generic?key=bench-latency",
                BenchRuntime.Generic($"lat-{_run}-{i + WarmUp}", $"Latency probe {i + WarmUp}"), ct);
            var t2 = DateTimeOffset.UtcNow;
            if (status != 202 || incident is not long number)
            {
                throw new InvalidOperationException($"latency: alert {i + WarmUp} answered HTTP {status} without an incident");
            }

            var paged = await rt.PageReceived(BenchRuntime.LatencyPhone, number).WaitAsync(PageTimeout, ct);
            if (i >= 0)
            {
                floor.Add((ran - t0).TotalMilliseconds);
                pipeline.Add((paged - t1).TotalMilliseconds);
                answered.Add((t2 - t1).TotalMilliseconds);
            }
        }

        var p = new Stats(pipeline);
        var f = new Stats(floor);
        const string name = "1. alert → page";
        report.Add(new Row(name, $"p50 ({p.Count} alerts, one at a time)", Stats.Ms(p.P(50)), Stats.Ms(f.P(50)), Stats.Ratio(p.P(50), f.P(50)),
            "≤ 150 ms, ratio ≤ 2.5", p.P(50) <= 150 && p.P(50) / f.P(50) <= 2.5));
        report.Add(new Row(name, "p95", Stats.Ms(p.P(95)), Stats.Ms(f.P(95)), Stats.Ratio(p.P(95), f.P(95))));
        report.Add(new Row(name, "p99", Stats.Ms(p.P(99)), Stats.Ms(f.P(99)), Stats.Ratio(p.P(99), f.P(99)), "≤ 500 ms", p.P(99) <= 500));
        report.Add(new Row(name, "of which the webhook's answer, p50", Stats.Ms(new Stats(answered).P(50))));

        // The same for a responder whose only rule is a call at once: alert → the Calls API request at the fake.
        var calls = new List<double>();
        for (var i = -WarmUp; i < Math.Max(1, options.LatencyAlerts / 2); i++)
        {
            var t1 = DateTimeOffset.UtcNow;
            var (status, incident) = await rt.PostAsync("api/alerts/generic?key=bench-call", BenchRuntime.Generic($"call-{_run}-{i + WarmUp}", $"Call probe {i + WarmUp}"), ct);
            if (status != 202 || incident is not long number)
            {
                throw new InvalidOperationException($"latency: call alert {i + WarmUp} answered HTTP {status} without an incident");
            }

            var called = await rt.CallReceived(BenchRuntime.CallPhone, number).WaitAsync(PageTimeout, ct);
            if (i >= 0)
            {
                calls.Add((called - t1).TotalMilliseconds);
            }
        }

        var c = new Stats(calls);
        report.Add(new Row(name, $"first call, p50 ({c.Count} alerts)", Stats.Ms(c.P(50)), Stats.Ms(f.P(50)), Stats.Ratio(c.P(50), f.P(50)),
            "≤ 2× the text's p50", c.P(50) <= 2 * p.P(50)));
        report.Add(new Row(name, "first call, p99", Stats.Ms(c.P(99)), Stats.Ms(f.P(99)), Stats.Ratio(c.P(99), f.P(99))));
        report.Note("1: from the webhook POST to the fake Twilio receiving the SMS request (first call: its Calls API request, for a responder " +
            "whose only rule is a call at once, measured after the texts); floor: from scheduling a bare orchestration " +
            $"to its one no-op activity starting, same backend and sidecar, alternating with the alerts. {WarmUp} uncounted rounds of each first.");
    }

    // ---- 2. alert storm -------------------------------------------------------------------------------------

    public async Task StormAsync(CancellationToken ct)
    {
        const string name = "2. storm";
        var floor = await TableInsertFloorAsync(ct);

        var store = rt.Host.Services.GetRequiredService<IncidentStore>();

        // Alert → page on fresh keys, one at a time: first on the idle runtime, then while the storm runs. The figure
        // that matters to whoever is on call is the second: a storm on old keys must not hold up a new incident's page.
        var idle = new List<double>();
        for (var i = -WarmUp; i < StormProbes; i++)
        {
            var ms = await ProbeAsync($"idle-{i + WarmUp}", ct);
            if (i >= 0)
            {
                idle.Add(ms);
            }
        }

        var started = DateTimeOffset.UtcNow;
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var next = -1;
        var during = new List<double>();
        using var stormOver = new CancellationTokenSource();
        var probes = Task.Run(async () =>
        {
            for (var i = 0; !stormOver.IsCancellationRequested; i++)
            {
                during.Add(await ProbeAsync($"storm-{i}", ct));
            }
        }, ct);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.StormSenders).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.StormAlerts)
            {
                var (path, body) = StormAlert(i);
                var t = Stopwatch.GetTimestamp();
                var (status, _) = await rt.PostAsync(path, body, ct);
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        }, ct)));
        var elapsed = clock.Elapsed;
        await stormOver.CancelAsync();
        await probes;

        var accepted = statuses.GetValueOrDefault(202);
        var rate = accepted / elapsed.TotalSeconds;
        var l = new Stats(latencies);
        var incidents = (await store.ListOpenedSinceAsync(started.AddMinutes(-1), ct)).Where(x => x.Service == "storm").ToList();
        var counted = incidents.Sum(x => (long)x.AlertCount);
        var instances = await CountInstancesAsync(nameof(Application.Orchestrations.IncidentOrchestrator), started, ct);

        var floorOk = rate >= floor.Rate / 2;
        report.Add(new Row(name, $"accepted alerts/s ({options.StormSenders} senders)", Stats.N(rate), $"{Stats.N(floor.Rate)} inserts/s", Stats.Ratio(floor.Rate, rate),
            "≥ 1,000/s with p99 ≤ 100 ms, or within 2× of the floor", (rate >= 1000 && l.P(99) <= 100) || floorOk));
        report.Add(new Row(name, "ingest p50", Stats.Ms(l.P(50)), Stats.Ms(floor.Latency.P(50)), Stats.Ratio(l.P(50), floor.Latency.P(50))));
        report.Add(new Row(name, "ingest p99", Stats.Ms(l.P(99)), Stats.Ms(floor.Latency.P(99)), Stats.Ratio(l.P(99), floor.Latency.P(99)), "≤ 100 ms", l.P(99) <= 100));
        var (pi, pd) = (new Stats(idle), new Stats(during));
        report.Add(new Row(name, $"new incident's page during it, p50 ({pd.Count} probes)", Stats.Ms(pd.P(50)), $"{Stats.Ms(pi.P(50))} idle", Stats.Ratio(pd.P(50), pi.P(50)),
            "≤ 2× idle", pd.P(50) <= 2 * pi.P(50)));
        report.Add(new Row(name, "new incident's page during it, p99", Stats.Ms(pd.P(99)), $"{Stats.Ms(pi.P(99))} idle", Stats.Ratio(pd.P(99), pi.P(99)),
            "≤ 2× idle", pd.P(99) <= 2 * pi.P(99)));
        report.Add(new Row(name, "alerts accepted / sent", $"{accepted} / {options.StormAlerts}", Goal: "all", Met: accepted == options.StormAlerts));
        report.Add(new Row(name, "incidents created", $"{incidents.Count} for {options.StormKeys} keys", Goal: "= keys", Met: incidents.Count == options.StormKeys));
        report.Add(new Row(name, "alerts unaccounted for", $"{accepted - counted}", Goal: "0 (Σ alertCount = accepted)", Met: counted == accepted));
        var expectedInstances = (await store.ListOpenedSinceAsync(started, ct)).Count;
        report.Add(new Row(name, "orchestrations started", $"{instances}", Goal: "= incidents (the storm's and the probes')", Met: instances == expectedInstances));
        report.Note($"2: {options.StormAlerts} alerts over {options.StormKeys} dedup keys, one alert per request, the formats in turn " +
            "(Alertmanager, Grafana, generic, PagerDuty Events v2 enqueue; each key arrives in every format); ingest = the webhook's answer time. " +
            $"Floor: {floor.Count} raw `AddEntity` inserts into one Azurite table by {options.StormSenders} tasks of this process, just before. " +
            $"Other answers: {string.Join(", ", statuses.Where(s => s.Key != 202).Select(s => $"{s.Value}× HTTP {s.Key}").DefaultIfEmpty("none"))}. " +
            $"New incident's page: alert → SMS at the fake Twilio on a fresh key of another service, one at a time, {StormProbes} on the idle runtime just before " +
            $"(after {WarmUp} uncounted), then back to back for as long as the storm ran.");

        if (accepted != options.StormAlerts)
        {
            report.Broken($"storm: {options.StormAlerts - accepted} alerts not accepted");
        }

        if (incidents.Count != options.StormKeys)
        {
            report.Broken($"storm: {incidents.Count} incidents for {options.StormKeys} keys");
        }

        if (counted != accepted)
        {
            report.Broken($"storm: Σ alertCount {counted} ≠ {accepted} accepted");
        }

        if (instances != expectedInstances)
        {
            report.Broken($"storm: {instances} orchestrations for {expectedInstances} incidents");
        }
    }

    /// <summary>Probes of a new incident's page on the idle runtime before the storm.</summary>
    private int StormProbes => Math.Max(10, options.LatencyAlerts / 4);

    /// <summary>One new incident on a fresh key: milliseconds from the webhook POST to its page at the fake Twilio.</summary>
    private async Task<double> ProbeAsync(string name, CancellationToken ct)
    {
        var t = DateTimeOffset.UtcNow;
        var (status, incident) = await rt.PostAsync("api/alerts/generic?key=bench-latency", BenchRuntime.Generic($"probe-{_run}-{name}", $"Storm probe {name}"), ct);
        if (status != 202 || incident is not long number)
        {
            throw new InvalidOperationException($"storm: probe {name} answered HTTP {status} without an incident");
        }

        return (await rt.PageReceived(BenchRuntime.LatencyPhone, number).WaitAsync(PageTimeout, ct) - t).TotalMilliseconds;
    }

    private (string Path, string Body) StormAlert(int i)
    {
        var key = $"storm-{_run}-{i % options.StormKeys}";
        var title = $"Storm {i % options.StormKeys}";
        var group = new
        {
            version = "4",
            status = "firing",
            receiver = "bench",
            groupKey = "{}:{alertname=\"" + title + "\"}",
            alerts = new[]
            {
                new
                {
                    status = "firing",
                    labels = new Dictionary<string, string> { ["alertname"] = title, ["severity"] = "warning", ["instance"] = "bench" },
                    annotations = new Dictionary<string, string> { ["summary"] = title },
                    startsAt = "2026-01-01T00:00:00Z",
                    fingerprint = key,
                },
            },
        };
        return (i % 4) switch
        {
            0 => ($"api/alerts/alertmanager?key={BenchRuntime.StormKeys[0]}", JsonSerializer.Serialize(group)),
            1 => ($"api/alerts/grafana?key={BenchRuntime.StormKeys[1]}", JsonSerializer.Serialize(group)),
            2 => ($"api/alerts/generic?key={BenchRuntime.StormKeys[2]}", BenchRuntime.Generic(key, title)),
            _ => ("api/v2/enqueue", JsonSerializer.Serialize(new
            {
                routing_key = BenchRuntime.StormKeys[3],
                event_action = "trigger",
                dedup_key = key,
                payload = new { summary = title, source = "bench", severity = "warning" },
            })),
        };
    }

    private async Task<(double Rate, Stats Latency, int Count)> TableInsertFloorAsync(CancellationToken ct)
    {
        var table = rt.Tables.GetTableClient(rt.TaskHub + "Floor");
        await table.CreateIfNotExistsAsync(ct);
        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.StormSenders).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.StormAlerts)
            {
                var entity = new TableEntity("p" + (i % options.StormKeys).ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture))
                {
                    ["Title"] = "floor",
                };
                var t = Stopwatch.GetTimestamp();
                await table.AddEntityAsync(entity, ct);
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }, ct)));
        var rate = options.StormAlerts / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync(ct);
        return (rate, new Stats(latencies), options.StormAlerts);
    }

    private async Task<int> CountInstancesAsync(string name, DateTimeOffset since, CancellationToken ct)
    {
        var count = 0;
        await foreach (var instance in _client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = since, PageSize = 1000 }).WithCancellation(ct))
        {
            if (instance.Name == name)
            {
                count++;
            }
        }

        return count;
    }

    // ---- 3. timer accuracy under load ----------------------------------------------------------------------

    public async Task TimerAsync(CancellationToken ct)
    {
        const string name = "3. timers";
        var numbers = await OpenAsync("bench-timer", "timer", options.TimerIncidents, ct);
        // Generous: a late page is the figure being measured, so the wait must not end the scenario before it arrives.
        var timeout = options.TimerDelay + PageTimeout + TimeSpan.FromSeconds(options.TimerIncidents);
        var pages = await WaitAllAsync("timers: second-tier pages", numbers.Select(n => rt.PageReceived(BenchRuntime.TimerSecondPhone, n)).ToList(), timeout, ct);

        var history = rt.Tables.GetTableClient(rt.TaskHub + "History");
        var lateness = new List<double>();
        var unread = new List<string>();
        var earlySamples = new List<string>();
        var withoutTimer = 0;
        for (var i = 0; i < numbers.Count; i++)
        {
            var instance = IncidentIds.InstanceId(numbers[i]);
            var (deadline, timer, why) = await TierDeadlineAsync(history, instance, ct);
            if (deadline is not { } d)
            {
                unread.Add($"{instance}: {why}");
                continue;
            }

            // No timer: the orchestration ran again only after the deadline had passed (a backlog longer than the tier),
            // so it escalated at once. That page is late, not early, and is measured against the same deadline.
            withoutTimer += timer ? 0 : 1;
            lateness.Add((pages[i] - d).TotalMilliseconds);
            if (pages[i] < d && earlySamples.Count < 3)
            {
                var timeline = await rt.Host.Services.GetRequiredService<TimelineStore>().GetAsync(numbers[i], ct);
                earlySamples.Add($"{instance}: deadline {d:HH:mm:ss.fff}, page {pages[i]:HH:mm:ss.fff}; timeline: {string.Join(" | ", timeline.Select(t => $"{t.At:HH:mm:ss.fff} {t.Kind} {t.Summary}"))}");
            }
        }

        foreach (var e in earlySamples)
        {
            Console.WriteLine($"bench: timers: paged before the deadline: {e}");
        }

        if (unread.Count > 0)
        {
            Console.WriteLine($"bench: timers: no deadline read for {unread.Count}: {string.Join("; ", unread.Take(3))}");
            report.Broken($"timers: no deadline in the History of {unread.Count} of {numbers.Count} incidents (the first: {unread[0]})");
        }

        if (withoutTimer > 0)
        {
            report.Note($"3: {withoutTimer} of {numbers.Count} orchestrations ran again only after tier 1's deadline had passed, so escalated without a timer.");
        }

        var s = new Stats(lateness);
        var earlyCount = lateness.Count(x => x < 0);
        report.Add(new Row(name, $"2nd-tier page − deadline, min ({numbers.Count} open, {options.TimerDelay.TotalSeconds:0} s tier)", Stats.Ms(s.Min), Goal: "never early (≥ 0)", Met: earlyCount == 0));
        report.Add(new Row(name, "p50", Stats.Ms(s.P(50))));
        report.Add(new Row(name, "p99", Stats.Ms(s.P(99)), Goal: "≤ 2 s late", Met: s.P(99) <= 2000));
        report.Add(new Row(name, "max", Stats.Ms(s.Max)));
        report.Note("3: the deadline is tier 1's: the orchestration's clock (its `OrchestratorStarted` event, read from the task hub's " +
            "History table) when it learnt tier 1 was paged, plus the tier's delay; when the orchestration waited, the `FireAt` of its timer. " +
            "The page time is when the fake Twilio received the second tier's SMS.");
        if (earlyCount > 0)
        {
            report.Broken($"timers: {earlyCount} second-tier pages before their deadline (earliest {Stats.Ms(s.Min)})");
        }
    }

    /// <summary>
    /// Tier 1's deadline as the orchestrator computed it: its clock (the <c>OrchestratorStarted</c> event of the episode
    /// that handled the first <c>PageTierActivity</c>'s result) plus the tier's delay. Whether it then waited on a timer
    /// for it (the timer's <c>FireAt</c> must be the same instant), or the deadline had passed by the time it ran again.
    /// </summary>
    private async Task<(DateTimeOffset? Deadline, bool Timer, string Why)> TierDeadlineAsync(TableClient history, string instance, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instance}"),
            select: ["RowKey", "EventType", "Name", "EventId", "TaskScheduledId", "_Timestamp", "FireAt"], cancellationToken: ct))
        {
            if (e.GetString("EventType") is not null)
            {
                rows.Add(e);
            }
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        var page = rows.FindIndex(e => e.GetString("EventType") == "TaskScheduled" && e.GetString("Name") == "PageTierActivity");
        var pageId = page < 0 ? null : rows[page].GetInt32("EventId");
        var done = rows.FindIndex(e => e.GetString("EventType") == "TaskCompleted" && e.GetInt32("TaskScheduledId") == pageId);
        var episode = done < 0 ? -1 : rows.FindLastIndex(done, e => e.GetString("EventType") == "OrchestratorStarted");
        if (episode < 0 || rows[episode].GetDateTimeOffset("_Timestamp") is not { } clock)
        {
            return (null, false, $"{rows.Count} events: {string.Join(", ", rows.Select(e => e.GetString("EventType")))}");
        }

        var deadline = clock + options.TimerDelay;
        var timer = rows.Skip(done).FirstOrDefault(e => e.GetString("EventType") == "TimerCreated")?.GetDateTimeOffset("FireAt");
        return (deadline, timer is { } at && Math.Abs((at - deadline).TotalMilliseconds) < 1, "");
    }

    // ---- 4. scale -------------------------------------------------------------------------------------------

    public async Task ScaleAsync(CancellationToken ct)
    {
        const string name = "4. scale";
        var rowsBefore = await CountRowsAsync(ct);
        var opsBefore = rt.Counter.Snapshot();
        var clock = Stopwatch.StartNew();
        var numbers = await OpenAsync("bench-scale", "scale", options.ScaleIncidents, ct);
        var opened = clock.Elapsed;
        Console.WriteLine($"bench: scale: {numbers.Count} opened in {opened.TotalSeconds:0.0} s");
        await WaitAllAsync("scale: pages", numbers.Select(n => rt.PageReceived(BenchRuntime.ScalePhone, n)).ToList(),
            // Generous, as for timers: how long paging takes is the figure, not a reason to give up on it.
            PageTimeout + TimeSpan.FromSeconds(options.ScaleIncidents), ct);
        var paged = clock.Elapsed;
        await SettleAsync(TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(200 * options.ScaleIncidents), ct);
        var settled = clock.Elapsed;
        var ops = StorageCounter.Difference(rt.Counter.Snapshot(), opsBefore);

        // Everything is now waiting on a timer: a fixed window is what is measured here (the idle polling rate), not a wait.
        var (rss, peak) = Report.Memory();
        var idleBefore = rt.Counter.Snapshot();
        var idleWindow = TimeSpan.FromSeconds(10);
        await Task.Delay(idleWindow, ct);
        var idle = StorageCounter.Difference(rt.Counter.Snapshot(), idleBefore).Values.Sum() / idleWindow.TotalSeconds;
        var rowsAfter = await CountRowsAsync(ct);

        var n = (double)options.ScaleIncidents;
        var rows = rowsAfter.Where(kv => kv.Value - rowsBefore.GetValueOrDefault(kv.Key) > 0)
            .Select(kv => $"{kv.Key.Substring(rt.TaskHub.Length)} {Stats.N((kv.Value - rowsBefore.GetValueOrDefault(kv.Key)) / n, "0.#")}");
        var totalRows = rowsAfter.Sum(kv => kv.Value - rowsBefore.GetValueOrDefault(kv.Key)) / n;
        report.Add(new Row(name, $"time to open {options.ScaleIncidents} incidents ({options.OpenSenders} senders)", $"{opened.TotalSeconds:0.0} s ({n / opened.TotalSeconds:0}/s)"));
        report.Add(new Row(name, "time until all paged", $"{paged.TotalSeconds:0.0} s ({n / paged.TotalSeconds:0}/s)"));
        report.Add(new Row(name, "time until all wait on their timer (activities done)", $"{settled.TotalSeconds:0.0} s"));
        report.Add(new Row(name, "host RSS, all waiting on timers (peak)", $"{Report.Mib(rss)} ({Report.Mib(peak)})", Goal: "≤ 1.5 GB", Met: peak <= 1536L * 1024 * 1024));
        report.Add(new Row(name, "table rows per incident", $"{Stats.N(totalRows, "0.#")}: {string.Join(", ", rows)}"));
        report.Add(new Row(name, "storage operations per incident (open → paged → waiting)",
            $"{Stats.N(ops.Values.Sum() / n, "0.#")}: {string.Join(", ", ops.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {Stats.N(kv.Value / n, "0.#")}"))}"));
        report.Add(new Row(name, "storage operations/s while all wait (idle polling)", Stats.N(idle, "0.#")));
        report.Note("4: RSS is this benchmark process's (the runtime, the senders and the fake Twilio together), an upper bound on the runtime's; " +
            "operations are counted from the first alert until every orchestration waits (the Durable backend's polling meanwhile included); rows counted per table before and after.");
    }

    /// <summary>
    /// Polls until no activity has touched the application's storage for 2 s: every orchestration has paged,
    /// published its events and is waiting on its timer. Throws past <paramref name="deadline"/>.
    /// </summary>
    private async Task SettleAsync(TimeSpan deadline, CancellationToken ct)
    {
        static long AppOps(IReadOnlyDictionary<string, long> counts) => counts.Where(kv => kv.Key.StartsWith("app ", StringComparison.Ordinal)).Sum(kv => kv.Value);
        var clock = Stopwatch.StartNew();
        var last = AppOps(rt.Counter.Snapshot());
        var quietSince = clock.Elapsed;
        while (clock.Elapsed - quietSince < TimeSpan.FromSeconds(2))
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"scale: the application was still writing to storage after {deadline}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            var now = AppOps(rt.Counter.Snapshot());
            if (now != last)
            {
                last = now;
                quietSince = clock.Elapsed;
            }
        }
    }

    /// <summary>Awaits every task, saying how many are done every 10 s; a <see cref="TimeoutException"/> says how many were.</summary>
    private static async Task<T[]> WaitAllAsync<T>(string what, IReadOnlyList<Task<T>> tasks, TimeSpan timeout, CancellationToken ct)
    {
        var all = Task.WhenAll(tasks);
        var clock = Stopwatch.StartNew();
        while (!all.IsCompleted)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{what}: {tasks.Count(t => t.IsCompleted)} of {tasks.Count} after {timeout}");
            }

            await Task.WhenAny(all, Task.Delay(left < TimeSpan.FromSeconds(10) ? left : TimeSpan.FromSeconds(10), ct));
            ct.ThrowIfCancellationRequested();
            if (!all.IsCompleted)
            {
                Console.WriteLine($"bench: {what}: {tasks.Count(t => t.IsCompleted)} of {tasks.Count} after {clock.Elapsed.TotalSeconds:0} s");
            }
        }

        return await all;
    }

    /// <summary>Opens <paramref name="count"/> incidents with distinct dedup keys, <see cref="BenchOptions.OpenSenders"/> at a time.</summary>
    private async Task<List<long>> OpenAsync(string integrationKey, string prefix, int count, CancellationToken ct)
    {
        var numbers = new long[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.OpenSenders).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (status, incident) = await rt.PostAsync($"api/alerts/generic?key={integrationKey}",
                    BenchRuntime.Generic($"{prefix}-{_run}-{i}", $"{prefix} {i}"), ct);
                numbers[i] = status == 202 && incident is long n
                    ? n
                    : throw new InvalidOperationException($"{prefix}: alert {i} answered HTTP {status} without an incident");
            }
        }, ct)));
        return [.. numbers];
    }

    private async Task<Dictionary<string, long>> CountRowsAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var table in rt.Tables.QueryAsync(maxPerPage: 1000, cancellationToken: ct))
        {
            if (!table.Name.StartsWith(rt.TaskHub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            long rows = 0;
            await foreach (var page in rt.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1000, cancellationToken: ct).AsPages())
            {
                rows += page.Values.Count;
            }

            counts[table.Name] = rows;
        }

        return counts;
    }
}
