using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The alerts of an incident: one row per alert identity (format and dedup key) in the incident's own partition of
/// the Incidents table, written once with what the alert said when first seen. How each alert behaves afterwards
/// (count, last seen, resolved at its source) is kept on the incident row (<see cref="Incident.AlertTallies"/>), so a
/// repeat delivery is one write of one row, and that row is also where "still open" is decided.
/// </summary>
public sealed partial class IncidentStore
{
    // Every alert row key starts with the prefix, so they all sort before AlertRowsTo (';' follows ':').
    private const string AlertRowPrefix = "alert:";
    private const string AlertRowsTo = "alert;";

    internal static string AlertRowKey(NormalizedAlert alert) => AlertRowPrefix + HashKey(alert.Format + "\n" + alert.DedupKey);

    private static string AlertRowsFilter(string pk) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {AlertRowPrefix} and RowKey lt {AlertRowsTo}");

    /// <summary>
    /// Inserts a new incident (its <see cref="Incident.AlertTallies"/> already counting the first alert) with the
    /// first alert's row, both or neither. False when the incident row already exists (a
    /// retried or concurrent opening).
    /// </summary>
    public async Task<bool> TryOpenIncidentAsync(Incident incident, NormalizedAlert firstAlert, DateTimeOffset at, CancellationToken ct)
    {
        var entity = ToEntity(incident);
        var status = firstAlert.Status == AlertStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing;
        try
        {
            await _incidents.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, entity),
                new TableTransactionAction(TableTransactionActionType.Add, ToAlertEntity(entity.PartitionKey, AlertRowKey(firstAlert), firstAlert, status, at)),
            ], ct).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict && e.FailedTransactionActionIndex is 0 or null)
        {
            return false;
        }
    }

    /// <summary>
    /// The alerts of an incident: what each said when first seen (its row) and how it has behaved since (the
    /// incident's <see cref="Incident.AlertTallies"/>, which every delivery updates).
    /// </summary>
    public async Task<IReadOnlyList<StoredAlert>> GetAlertsAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        // Only the tallies of the incident row, read while the alert rows are.
        var talliesRow = _incidents.GetEntityIfExistsAsync<TableEntity>(pk, IncidentRowKey, [nameof(IncidentEntity.AlertTalliesJson)], ct);
        var rows = new List<AlertEntity>();
        await foreach (var e in _incidents.QueryAsync<AlertEntity>(AlertRowsFilter(pk), cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(e);
        }

        var tallies = ParseTallies((await talliesRow.ConfigureAwait(false)) is { HasValue: true } found ? found.Value!.GetString(nameof(IncidentEntity.AlertTalliesJson)) : null);
        var list = new List<StoredAlert>(rows.Count);
        foreach (var e in rows)
        {
            var t = tallies.GetValueOrDefault(e.Format);
            list.Add(new StoredAlert(
                e.Format, e.DedupKey, e.Title, e.Severity, e.SourceSeverity,
                t is null ? e.Status : t.ResolvedAtSource ? nameof(AlertStatus.Resolved) : nameof(AlertStatus.Firing),
                e.Source, e.Description,
                e.LabelsJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(e.LabelsJson)!,
                e.LinksJson is null ? [] : JsonSerializer.Deserialize<List<AlertLink>>(e.LinksJson)!,
                t?.Fired ?? e.Count, t?.FirstSeenAt ?? e.FirstSeenAt, t?.LastSeenAt ?? e.LastSeenAt, e.StartsAt, t is null ? e.EndsAt : t.EndsAt));
        }

        return list;
    }
}
