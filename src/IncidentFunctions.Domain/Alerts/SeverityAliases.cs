namespace IncidentFunctions.Domain.Alerts;

/// <summary>Severity words used by monitoring tools, mapped onto PagerDuty's four levels.</summary>
internal static class SeverityAliases
{
    private static readonly Dictionary<string, AlertSeverity> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = AlertSeverity.Critical,
        ["crit"] = AlertSeverity.Critical,
        ["page"] = AlertSeverity.Critical,
        ["fatal"] = AlertSeverity.Critical,
        ["emergency"] = AlertSeverity.Critical,
        ["emerg"] = AlertSeverity.Critical,
        ["alert"] = AlertSeverity.Critical,
        ["disaster"] = AlertSeverity.Critical,
        ["p1"] = AlertSeverity.Critical,
        ["sev0"] = AlertSeverity.Critical,

        ["error"] = AlertSeverity.Error,
        ["err"] = AlertSeverity.Error,
        ["high"] = AlertSeverity.Error,
        ["major"] = AlertSeverity.Error,
        ["severe"] = AlertSeverity.Error,
        ["p2"] = AlertSeverity.Error,
        ["sev1"] = AlertSeverity.Error,

        ["warning"] = AlertSeverity.Warning,
        ["warn"] = AlertSeverity.Warning,
        ["medium"] = AlertSeverity.Warning,
        ["average"] = AlertSeverity.Warning,
        ["minor"] = AlertSeverity.Warning,
        ["p3"] = AlertSeverity.Warning,
        ["sev2"] = AlertSeverity.Warning,

        ["info"] = AlertSeverity.Info,
        ["informational"] = AlertSeverity.Info,
        ["information"] = AlertSeverity.Info,
        ["notice"] = AlertSeverity.Info,
        ["low"] = AlertSeverity.Info,
        ["none"] = AlertSeverity.Info,
        ["debug"] = AlertSeverity.Info,
        ["ok"] = AlertSeverity.Info,
        ["success"] = AlertSeverity.Info,
        ["p4"] = AlertSeverity.Info,
        ["p5"] = AlertSeverity.Info,
        ["sev3"] = AlertSeverity.Info,
        ["sev4"] = AlertSeverity.Info,
    };

    /// <summary>
    /// What an alert is treated as when its source gives no severity, or one we do not know: loud enough to page,
    /// without claiming the alert is critical. The source's own word is still kept in SourceSeverity.
    /// </summary>
    public const AlertSeverity Default = AlertSeverity.Warning;

    public static AlertSeverity? Find(string? word) =>
        word is not null && Map.TryGetValue(word.Trim(), out var severity) ? severity : null;

    /// <summary>The exact PagerDuty word ("critical", "error", "warning", "info"), case-sensitive as PagerDuty checks it.</summary>
    public static AlertSeverity? FindExact(string? word) => word switch
    {
        "critical" => AlertSeverity.Critical,
        "error" => AlertSeverity.Error,
        "warning" => AlertSeverity.Warning,
        "info" => AlertSeverity.Info,
        _ => null,
    };
}
