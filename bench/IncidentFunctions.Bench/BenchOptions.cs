using System.Globalization;

namespace IncidentFunctions.Bench;

/// <summary>Sizes of the four scenarios. Defaults are the full run; <c>--quick</c> is a few-minute smoke.</summary>
internal sealed record BenchOptions
{
    public int LatencyAlerts { get; init; } = 200;
    public int StormAlerts { get; init; } = 20_000;
    public int StormKeys { get; init; } = 100;
    public int StormSenders { get; init; } = 20;
    public int TimerIncidents { get; init; } = 500;
    public TimeSpan TimerDelay { get; init; } = TimeSpan.FromSeconds(30);
    public int ScaleIncidents { get; init; } = 10_000;

    /// <summary>Senders used to open incidents in the timer and scale scenarios.</summary>
    public int OpenSenders { get; init; } = 20;

    /// <summary>Control queues of the benchmark's task hub; null keeps the local runtime's default.</summary>
    public int? Partitions { get; init; }

    public bool Quick { get; init; }
    public string? Output { get; init; }
    public HashSet<string> Only { get; init; } = [];

    public const string Usage = """
        usage: IncidentFunctions.Bench [--quick] [--only latency,storm,timer,scale] [--out FILE]
                                       [--latency-alerts N] [--storm-alerts N] [--storm-keys N] [--storm-senders N]
                                       [--timer-incidents N] [--timer-delay-seconds N] [--scale-incidents N] [--open-senders N]
                                       [--partitions N]
        Defaults are the full sizes (200; 20000 over 100 keys by 20 senders; 500 with a 30 s tier; 10000).
        --partitions: the task hub's control queues (LocalRuntime:PartitionCount; the runtime's default is 1).
        --quick: 20; 2000 over 20 keys by 20 senders; 20 with a 30 s tier; 200. Options after --quick override it.
        IncidentFunctions.Bench --delete-leftovers: delete the tables, queues and containers of benchmark runs that were
        killed before cleaning up (names bench + 12 hex digits); never while another benchmark runs on the same Azurite.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{name} needs a positive whole number");
            o = name switch
            {
                "--quick" => o with { Quick = true, LatencyAlerts = 20, StormAlerts = 2_000, StormKeys = 20, TimerIncidents = 20, ScaleIncidents = 200 },
                "--only" => o with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase) },
                "--out" => o with { Output = Value() },
                "--latency-alerts" => o with { LatencyAlerts = Int() },
                "--storm-alerts" => o with { StormAlerts = Int() },
                "--storm-keys" => o with { StormKeys = Int() },
                "--storm-senders" => o with { StormSenders = Int() },
                "--timer-incidents" => o with { TimerIncidents = Int() },
                "--timer-delay-seconds" => o with { TimerDelay = TimeSpan.FromSeconds(Int()) },
                "--scale-incidents" => o with { ScaleIncidents = Int() },
                "--open-senders" => o with { OpenSenders = Int() },
                "--partitions" => o with { Partitions = Int() },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        var unknown = o.Only.Except(["latency", "storm", "timer", "scale"], StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--only: unknown scenario(s) {string.Join(", ", unknown)}");
        }

        if (o.StormKeys > o.StormAlerts)
        {
            throw new ArgumentException("--storm-keys must not exceed --storm-alerts (every key gets at least one alert)");
        }

        return o;
    }

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public string Describe() =>
        $"{(Quick ? "--quick: " : "")}latency {LatencyAlerts}; storm {StormAlerts} alerts / {StormKeys} keys / {StormSenders} senders; " +
        $"timer {TimerIncidents} incidents, tier {TimerDelay.TotalSeconds:0} s; scale {ScaleIncidents} incidents; {OpenSenders} senders open incidents; " +
        $"{Partitions ?? IncidentFunctions.LocalRuntime.LocalRuntimeOptions.DefaultPartitionCount} control queue(s)";
}
