using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace IncidentFunctions.Bench;

/// <summary>One line of the table: a figure, its floor from the same run (if it has one), the goal and whether it was met.</summary>
internal sealed record Row(string Scenario, string Figure, string Measured, string Floor = "", string Ratio = "", string Goal = "", bool? Met = null);

/// <summary>An invariant broke (lost alerts, an incident per duplicate, an early timer): the run fails, whatever the speed.</summary>
internal sealed class InvariantBrokenException(string message) : Exception(message);

internal sealed class Report
{
    private readonly List<Row> _rows = [];
    private readonly List<string> _notes = [];
    private readonly List<string> _broken = [];

    public void Add(Row row) => _rows.Add(row);

    public void Note(string note) => _notes.Add(note);

    public void Broken(string invariant) => _broken.Add(invariant);

    public IReadOnlyList<string> BrokenInvariants => _broken;

    public string ToMarkdown(BenchOptions options, DateTimeOffset startedAt, TimeSpan total, string repoRoot)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark: {startedAt:yyyy-MM-dd HH:mm} UTC, {total.TotalMinutes:0.0} min in all");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Sizes:** {options.Describe()}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Machine:** {Environment.ProcessorCount} cores ({CpuModel()}), {MemTotal()} memory, {OsName()}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Versions:** {RuntimeInformation.FrameworkDescription}, Azurite {AzuriteVersion(repoRoot)} with patches/azurite+*.patch, " +
            $"DurableTask.AzureStorage {Version(typeof(DurableTask.AzureStorage.AzureStorageOrchestrationService))}, " +
            $"DurableTask.Core {Version(typeof(DurableTask.Core.TaskOrchestration))}, " +
            $"Microsoft.DurableTask.Worker {Version(typeof(Microsoft.DurableTask.Worker.DurableTaskWorkerOptions))}, " +
            $"Azure.Data.Tables {Version(typeof(Azure.Data.Tables.TableClient))}");
        md.AppendLine("- **Setup:** the local runtime in-process (`LocalRuntimeHost`, Server GC as in the runtime's own build) on Azurite " +
            "(task hub, tables and queue of its own, deleted afterwards), paging the fake Twilio from tests/IncidentFunctions.Testing on loopback; " +
            "the event queue drained by a subscriber of the benchmark's own (not counted); " +
            "storage operations counted by an `HttpPipelinePolicy` on every storage client of the runtime (Durable backend and application).");
        md.AppendLine();
        md.AppendLine("| scenario | figure | measured | floor (same run) | ratio | goal | |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in _rows)
        {
            var met = r.Met switch { true => "met", false => "**missed**", null => "" };
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Figure} | {r.Measured} | {r.Floor} | {r.Ratio} | {r.Goal} | {met} |");
        }

        if (_notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in _notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        md.AppendLine();
        md.AppendLine(_broken.Count == 0
            ? "Invariants: all held (incidents = keys, no alert unaccounted for, one orchestration per incident, no early timer)."
            : "**Invariants broken:** " + string.Join("; ", _broken));
        return md.ToString();
    }

    private static string Version(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? type.Assembly.GetName().Version?.ToString() ?? "?";

    private static string MemTotal()
    {
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? "? " : Gib(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
    }

    public static string Gib(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";

    public static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture) + " MiB";

    private static string CpuModel() =>
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";

    private static string OsName()
    {
        var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"');
        return $"{pretty ?? RuntimeInformation.OSDescription}, kernel {Environment.OSVersion.Version}";
    }

    private static string AzuriteVersion(string repoRoot)
    {
        // The version npm installed, else the one package.json pins.
        foreach (var file in new[] { Path.Combine(repoRoot, "node_modules", "azurite", "package.json"), Path.Combine(repoRoot, "package.json") })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            if (file.Contains("node_modules", StringComparison.Ordinal) && doc.RootElement.TryGetProperty("version", out var v))
            {
                return v.GetString() ?? "?";
            }

            if (doc.RootElement.TryGetProperty("devDependencies", out var dev) && dev.TryGetProperty("azurite", out var pinned))
            {
                return pinned.GetString() + " (package.json)";
            }
        }

        return "?";
    }

    /// <summary>VmRSS and VmHWM (peak) of this process, in bytes.</summary>
    public static (long Rss, long Peak) Memory()
    {
        long Field(string name) =>
            ReadLines("/proc/self/status").Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024)
                .FirstOrDefault(Process.GetCurrentProcess().WorkingSet64);
        return (Field("VmRSS"), Field("VmHWM"));
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
