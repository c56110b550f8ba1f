using System.Diagnostics.CodeAnalysis;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// How an alert's severity becomes an incident's: the source's own word, looked up for its format (Azure Monitor's
/// "Sev0", Datadog's "P1"), wins; otherwise the alert's normalised <see cref="AlertSeverity"/> decides.
/// Formats and source words are matched case-insensitively.
/// </summary>
public sealed class SeverityPolicy
{
    /// <summary>critical → SEV1, error → SEV2, warning → SEV3, info → SEV4.</summary>
    public static IReadOnlyDictionary<AlertSeverity, IncidentSeverity> DefaultByAlertSeverity { get; } = new Dictionary<AlertSeverity, IncidentSeverity>
    {
        [AlertSeverity.Critical] = IncidentSeverity.Sev1,
        [AlertSeverity.Error] = IncidentSeverity.Sev2,
        [AlertSeverity.Warning] = IncidentSeverity.Sev3,
        [AlertSeverity.Info] = IncidentSeverity.Sev4,
    }.AsReadOnly();

    /// <summary>azure-monitor Sev0..Sev4 and datadog P1..P5; they apply unless the configuration maps that format itself.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IncidentSeverity>> DefaultBySource { get; } =
        CopyBySource(new Dictionary<string, IReadOnlyDictionary<string, IncidentSeverity>>
        {
            ["azure-monitor"] = new Dictionary<string, IncidentSeverity>
            {
                ["Sev0"] = IncidentSeverity.Sev1,
                ["Sev1"] = IncidentSeverity.Sev2,
                ["Sev2"] = IncidentSeverity.Sev3,
                ["Sev3"] = IncidentSeverity.Sev4,
                ["Sev4"] = IncidentSeverity.Sev4,
            },
            ["datadog"] = new Dictionary<string, IncidentSeverity>
            {
                ["P1"] = IncidentSeverity.Sev1,
                ["P2"] = IncidentSeverity.Sev2,
                ["P3"] = IncidentSeverity.Sev3,
                ["P4"] = IncidentSeverity.Sev4,
                ["P5"] = IncidentSeverity.Sev4,
            },
            ["opsgenie"] = new Dictionary<string, IncidentSeverity>
            {
                ["P1"] = IncidentSeverity.Sev1,
                ["P2"] = IncidentSeverity.Sev2,
                ["P3"] = IncidentSeverity.Sev3,
                ["P4"] = IncidentSeverity.Sev4,
                ["P5"] = IncidentSeverity.Sev4,
            },
        });

    /// <summary>The policy used when the configuration has no "severity" section.</summary>
    public static SeverityPolicy Default { get; } = new(DefaultByAlertSeverity, DefaultBySource);

    /// <param name="byAlertSeverity">An alert severity missing here keeps its <see cref="DefaultByAlertSeverity"/> mapping.</param>
    /// <param name="bySource">Format → source word → severity. Copied with case-insensitive keys; this is the whole
    /// by-source table (the built-in one is not merged in here; <see cref="ConfigLoader"/> does that per format).</param>
    public SeverityPolicy(
        IReadOnlyDictionary<AlertSeverity, IncidentSeverity> byAlertSeverity,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IncidentSeverity>> bySource)
    {
        ArgumentNullException.ThrowIfNull(byAlertSeverity);
        ArgumentNullException.ThrowIfNull(bySource);
        var defaults = new Dictionary<AlertSeverity, IncidentSeverity>(DefaultByAlertSeverity);
        foreach (var (alertSeverity, incidentSeverity) in byAlertSeverity)
        {
            defaults[alertSeverity] = incidentSeverity;
        }

        ByAlertSeverity = defaults.AsReadOnly();
        BySource = CopyBySource(bySource);
    }

    /// <summary>One entry for every <see cref="AlertSeverity"/>.</summary>
    public IReadOnlyDictionary<AlertSeverity, IncidentSeverity> ByAlertSeverity { get; }

    /// <summary>Format → source word → severity, both keys case-insensitive.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IncidentSeverity>> BySource { get; }

    /// <summary>
    /// The incident severity for an alert of <paramref name="format"/> (e.g. <see cref="NormalizedAlert.Format"/>)
    /// whose source called it <paramref name="sourceSeverity"/> and which was normalised to <paramref name="severity"/>.
    /// </summary>
    public IncidentSeverity Map(string format, AlertSeverity severity, string? sourceSeverity)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (sourceSeverity is not null
            && BySource.TryGetValue(format.Trim(), out var words)
            && words.TryGetValue(sourceSeverity.Trim(), out var mapped))
        {
            return mapped;
        }

        return ByAlertSeverity.TryGetValue(severity, out var byAlert)
            ? byAlert
            : throw new ArgumentOutOfRangeException(nameof(severity), severity, "Not an alert severity.");
    }

    /// <summary>Parses "SEV1".."SEV4", any case, surrounding blanks ignored; nothing else (not "1", not "Sev01").</summary>
    public static bool TryParseSeverity(string? text, [NotNullWhen(true)] out IncidentSeverity? severity)
    {
        severity = text?.Trim().ToUpperInvariant() switch
        {
            "SEV1" => IncidentSeverity.Sev1,
            "SEV2" => IncidentSeverity.Sev2,
            "SEV3" => IncidentSeverity.Sev3,
            "SEV4" => IncidentSeverity.Sev4,
            _ => null,
        };
        return severity is not null;
    }

    /// <summary>"SEV1".."SEV4", as the configuration and people write it.</summary>
    public static string Format(IncidentSeverity severity) => $"SEV{(int)severity}";

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IncidentSeverity>> CopyBySource(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, IncidentSeverity>> bySource)
    {
        var copy = new Dictionary<string, IReadOnlyDictionary<string, IncidentSeverity>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (format, words) in bySource)
        {
            ArgumentNullException.ThrowIfNull(words);
            copy[format.Trim()] = words.ToDictionary(pair => pair.Key.Trim(), pair => pair.Value, StringComparer.OrdinalIgnoreCase).AsReadOnly();
        }

        return copy.AsReadOnly();
    }
}
