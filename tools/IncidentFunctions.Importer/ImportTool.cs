using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Importer.Draft;
using IncidentFunctions.Importer.Exports;
using IncidentFunctions.Importer.Opsgenie;
using IncidentFunctions.Importer.PagerDuty;

namespace IncidentFunctions.Importer;

/// <summary>
/// <c>import opsgenie|pagerduty &lt;folder&gt; [--out FILE]</c>: reads the exports, writes the configuration (to stdout or
/// FILE), then loads what it wrote with <see cref="ConfigLoader"/>, exactly as the app will. Exit codes: 0 it loads;
/// 1 an export could not be read, or the configuration was written but does not load yet (its problems are printed
/// with their paths: typically a TODO to fill in); 2 bad arguments.
/// </summary>
public static class ImportTool
{
    public const int Loads = 0;
    public const int Problems = 1;
    public const int Usage = 2;

    public const string UsageText = """
        usage: scripts/import.sh opsgenie|pagerduty <folder> [--out FILE]

        Converts an Opsgenie or PagerDuty account's REST API exports (the saved responses in <folder>; README "Coming
        from Opsgenie or PagerDuty" lists the files and the curl lines that make them) into this product's on-call
        configuration, written to stdout or FILE, then validates it. Exits 0 when it loads, 1 when an export cannot be
        read or the written configuration still has problems (printed with their paths), 2 on bad arguments.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        string? vendor = null, folder = null, output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    stdout.WriteLine(UsageText);
                    return Loads;
                case "--out" or "-o" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                case var arg when arg.StartsWith('-'):
                    return Fail(stderr, $"unknown option '{arg}'");
                case var arg when vendor is null:
                    vendor = arg.ToLowerInvariant();
                    break;
                case var arg when folder is null:
                    folder = arg;
                    break;
                default:
                    return Fail(stderr, $"unexpected argument '{args[i]}'");
            }
        }

        if (vendor is not ("opsgenie" or "pagerduty"))
        {
            return Fail(stderr, vendor is null ? "name the vendor: opsgenie or pagerduty" : $"unknown vendor '{vendor}': opsgenie or pagerduty");
        }

        if (folder is null || !Directory.Exists(folder))
        {
            return Fail(stderr, folder is null ? "name the folder of exports" : $"no folder '{folder}'");
        }

        DraftConfig draft;
        try
        {
            var exports = new ExportFolder(folder);
            draft = vendor == "opsgenie" ? OpsgenieImporter.Import(exports) : PagerDutyImporter.Import(exports);
        }
        catch (ExportFormatException e)
        {
            stderr.WriteLine($"import: {e.Message}");
            return Problems;
        }

        var text = ConfigWriter.Write(draft);
        var label = output ?? "(stdout)";
        if (output is null)
        {
            stdout.Write(text);
        }
        else
        {
            File.WriteAllText(output, text);
        }

        var summary = $"{draft.Responders.Count} responders, {draft.Schedules.Count(s => !s.CommentedOut)} schedules, "
            + $"{draft.Policies.Count} escalation policies, {draft.Services.Count} services";
        try
        {
            ConfigLoader.Parse(text, label);
        }
        catch (ConfigValidationException e)
        {
            stderr.WriteLine($"import: wrote {label} ({summary}), but it does not load yet; fix these (each TODO comment says what is needed):");
            foreach (var problem in e.Problems)
            {
                stderr.WriteLine($"  {problem}");
            }

            return Problems;
        }

        var todos = text.Split('\n').Count(line => line.TrimStart().StartsWith("//", StringComparison.Ordinal) && line.Contains("TODO", StringComparison.Ordinal));
        stderr.WriteLine($"import: wrote {label} ({summary}); it loads. Read its comments: {todos} TODO lines, and what was not carried over.");
        return Loads;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"import: {message}");
        stderr.WriteLine(UsageText);
        return Usage;
    }
}
