namespace IncidentFunctions.Domain.Configuration;

/// <summary>
/// Where responders find what to do about an alert. A playbook applies to an alert when every criterion it has matches:
/// <see cref="Service"/> (by name, ignoring case) and/or <see cref="AlertPattern"/> (a <see cref="Glob"/> matched against
/// the alert title or its "alertname" label; either is enough). The loader guarantees at least one criterion.
/// </summary>
/// <param name="Urls">Absolute http(s) URLs, at least one.</param>
/// <param name="Owners">Responder names who keep the playbook current; may be empty.</param>
public sealed record PlaybookConfig(string? Service, string? AlertPattern, IReadOnlyList<string> Urls, IReadOnlyList<string> Owners)
{
    /// <summary>The label Prometheus and Alertmanager name an alert rule by.</summary>
    public const string AlertNameLabel = "alertname";

    /// <summary>A service's legacy <c>playbookUrl</c> as a playbook: that service, every alert, no owners.</summary>
    public static PlaybookConfig ForServiceUrl(string service, string url) => new(service, null, [url], []);

    public bool Matches(string service, string title, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(labels);
        if (Service is null && AlertPattern is null)
        {
            return false;
        }

        if (Service is not null && !IncidentConfig.NameEquals(Service, service))
        {
            return false;
        }

        return AlertPattern is null
            || Glob.IsMatch(AlertPattern, title)
            || (labels.TryGetValue(AlertNameLabel, out var alertName) && Glob.IsMatch(AlertPattern, alertName));
    }

    public bool Equals(PlaybookConfig? other) =>
        other is not null
        && string.Equals(Service, other.Service, StringComparison.Ordinal)
        && string.Equals(AlertPattern, other.AlertPattern, StringComparison.Ordinal)
        && Urls.SequenceEqual(other.Urls, StringComparer.Ordinal)
        && Owners.SequenceEqual(other.Owners, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Service, AlertPattern, Urls.Count, Owners.Count);
}
