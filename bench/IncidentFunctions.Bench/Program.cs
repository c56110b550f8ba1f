using System.Diagnostics;
using IncidentFunctions.Bench;
using IncidentFunctions.Testing;

// ./bench.sh runs this (see README, Performance). Exit codes: 0 all invariants held (speed goals are only reported),
// 1 an invariant broke or a scenario failed, 2 bad options.
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (args is ["--delete-leftovers"])
{
    // After a run that could not clean up (killed): every table, queue and container named like a benchmark hub.
    // Never while another benchmark runs against the same Azurite.
    await Leftovers.DeleteAsync();
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var root = RepoRoot.Find();
var output = options.Output ?? Path.Combine(root, "bench", "results", "latest.md");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var report = new Report();
var failed = false;
Console.WriteLine($"bench: {options.Describe()}");
await using (var rt = await BenchRuntime.StartAsync(options, cancel.Token))
{
    Console.WriteLine($"bench: task hub, table prefix and event queue {rt.TaskHub} (deleted at the end, Ctrl-C included)");
    var scenarios = new Scenarios(rt, options, report);
    (string Name, Func<CancellationToken, Task> Run)[] all =
    [
        ("latency", scenarios.LatencyAsync),
        ("storm", scenarios.StormAsync),
        ("timer", scenarios.TimerAsync),
        ("scale", scenarios.ScaleAsync),
    ];
    foreach (var (name, run) in all.Where(s => options.Runs(s.Name)))
    {
        Console.WriteLine($"bench: {name}… ({clock.Elapsed.TotalSeconds:0} s)");
        try
        {
            await run(cancel.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            // One scenario failing (a page that never came) fails the run, but the others still report.
            failed = true;
            report.Broken($"{name}: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine($"bench: {name} failed: {e}");
        }
    }

    Console.WriteLine("bench: storage operations with the most time (all scenarios):");
    foreach (var line in rt.Counter.Hotspots(15))
    {
        Console.WriteLine("  " + line);
    }

    Console.WriteLine($"bench: cleaning up task hub {rt.TaskHub}");
}

var markdown = report.ToMarkdown(options, startedAt, clock.Elapsed, root);
Console.WriteLine();
Console.WriteLine(markdown);

// Written beside and then moved, so an interrupted run never leaves half a table in latest.md.
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
var temp = output + ".tmp";
await File.WriteAllTextAsync(temp, markdown);
File.Move(temp, output, overwrite: true);
Console.WriteLine($"bench: table written to {output}");

return failed || report.BrokenInvariants.Count > 0 ? 1 : 0;

internal static class Leftovers
{
    private static readonly System.Text.RegularExpressions.Regex BenchHub = new("^bench[0-9a-f]{12}", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    public static async Task DeleteAsync()
    {
        var storage = TestStorage.ConnectionString;
        var tables = new Azure.Data.Tables.TableServiceClient(storage);
        await foreach (var t in tables.QueryAsync())
        {
            if (BenchHub.IsMatch(t.Name))
            {
                await tables.DeleteTableAsync(t.Name);
                Console.WriteLine($"table {t.Name}");
            }
        }

        var queues = new Azure.Storage.Queues.QueueServiceClient(storage);
        await foreach (var q in queues.GetQueuesAsync())
        {
            if (BenchHub.IsMatch(q.Name))
            {
                await queues.DeleteQueueAsync(q.Name);
                Console.WriteLine($"queue {q.Name}");
            }
        }

        var blobs = new Azure.Storage.Blobs.BlobServiceClient(storage);
        await foreach (var c in blobs.GetBlobContainersAsync())
        {
            if (BenchHub.IsMatch(c.Name))
            {
                await blobs.DeleteBlobContainerAsync(c.Name);
                Console.WriteLine($"container {c.Name}");
            }
        }
    }
}
