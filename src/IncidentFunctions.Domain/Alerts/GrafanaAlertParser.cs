namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Grafana unified alerting webhook: the Alertmanager group shape plus per-alert dashboard, panel, silence and image
/// links and rendered values. Grafana's fingerprint is used as sent: it is taken over labels that include ones the
/// webhook leaves out, so recomputing it from the visible labels would give a different key.
/// </summary>
public sealed class GrafanaAlertParser : IAlertParser
{
    public string Format => "grafana";

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json) =>
        AlertParsers.Parse(utf8Json, root => AlertGroupReader.Read(root, Format, grafana: true));
}
