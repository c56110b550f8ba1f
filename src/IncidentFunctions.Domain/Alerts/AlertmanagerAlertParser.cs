namespace IncidentFunctions.Domain.Alerts;

/// <summary>
/// Prometheus Alertmanager webhook (version 4). Dedup key: each alert's fingerprint, or for Alertmanagers older than
/// 0.19 the same fingerprint computed from its labels (<see cref="LabelFingerprint"/>).
/// </summary>
public sealed class AlertmanagerAlertParser : IAlertParser
{
    public string Format => "alertmanager";

    public AlertParseResult Parse(ReadOnlySpan<byte> utf8Json) =>
        AlertParsers.Parse(utf8Json, root => AlertGroupReader.Read(root, Format, grafana: false));
}
