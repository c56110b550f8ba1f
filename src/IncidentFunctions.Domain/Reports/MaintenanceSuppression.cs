namespace IncidentFunctions.Domain.Reports;

/// <summary>
/// The alert report's line for one maintenance window: what it held back. A window that suppresses a lot is either
/// doing its job during noisy work or hiding an alert rule that should be fixed; the report shows both sides.
/// </summary>
/// <param name="SuppressedAlerts">Alert identities (service, dedup key) the window held back.</param>
/// <param name="SuppressedDeliveries">Every firing delivery of them, repeats included.</param>
/// <param name="ResolvedDuringWindow">Of the identities, those that cleared before the window ended (nothing opened).</param>
/// <param name="OpenedAtEnd">Of the identities, those still firing at the end and now on an incident.</param>
public sealed record MaintenanceSuppression(
    string WindowId,
    IReadOnlyList<string> Services,
    string Reason,
    string CreatedBy,
    DateTimeOffset Start,
    DateTimeOffset End,
    int SuppressedAlerts,
    int SuppressedDeliveries,
    int ResolvedDuringWindow,
    int OpenedAtEnd);
