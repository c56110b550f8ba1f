using System.Diagnostics;
using IncidentFunctions.LocalRuntime;

// Ctrl-C before the runtime is up cancels the start; afterwards the runtime's own console lifetime handles it.
using var startup = new CancellationTokenSource();
ConsoleCancelEventHandler cancelStart = (_, e) => { e.Cancel = true; startup.Cancel(); };
Console.CancelKeyPress += cancelStart;

var clock = Stopwatch.StartNew();
LocalRuntimeHost host;
try
{
    host = await LocalRuntimeHost.StartAsync(new LocalRuntimeOptions { HandleConsoleSignals = true }, startup.Token);
}
catch (OperationCanceledException) when (startup.IsCancellationRequested)
{
    return 130;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The local runtime did not start: {e.Message}");
    return 1;
}
finally
{
    Console.CancelKeyPress -= cancelStart;
}

await using (host)
{
    LocalRuntimeBanner.Write(Console.Out, host, clock.Elapsed);
    await host.WaitForShutdownAsync();
    Console.WriteLine("Stopping...");
    clock.Restart();
    await host.StopAsync();
    Console.WriteLine($"Stopped in {clock.ElapsedMilliseconds} ms.");
}

return 0;
