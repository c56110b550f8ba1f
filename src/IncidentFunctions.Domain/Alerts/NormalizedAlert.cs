namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// One alert as every source format reduces to it. The service is not part of the alert:
/// it comes from the integration key the alert arrived with.
/// </summary>
public sealed record NormalizedAlert
{
    /// <summary>Source format name, e.g. "alertmanager", "pagerduty".</summary>
    public required string Format { get; init; }

    /// <summary>Stable identity of the alert at its source; equal keys join the same open incident.</summary>
    public required string DedupKey { get; init; }

    public required string Title { get; init; }

    public required AlertSeverity Severity { get; init; }

    /// <summary>The severity exactly as the source wrote it (e.g. "Sev2", "warning", "P1").</summary>
    public string? SourceSeverity { get; init; }

    public required AlertStatus Status { get; init; }

    public string? Description { get; init; }

    /// <summary>Where the alert came from: host, component or rule, as the source names it.</summary>
    public string? Source { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    public DateTimeOffset? StartsAt { get; init; }

    public DateTimeOffset? EndsAt { get; init; }
}

public sealed record AlertLink(string Href, string? Text);
