using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Incidents;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The alerts of an incident live in the incident's own partition of the Incidents table, one row per alert
/// identity (format and dedup key) beside the incident row, so counting a repeat delivery on both is one entity
/// group transaction: atomic, and one round trip (./bench.sh, storm).
/// </summary>
public sealed partial class IncidentStore
{
    private const string AlertRowPrefix = "alert:";

    // Every alert row key sorts between these two: ';' follows ':'.
    private const string AlertRowsFrom = "alert:";
    private const string AlertRowsTo = "alert;";

    internal static string AlertRowKey(NormalizedAlert alert) => AlertRowPrefix + HashKey(alert.Format + "\n" + alert.DedupKey);

    private static string AlertRowsFilter(string pk) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {AlertRowsFrom} and RowKey lt {AlertRowsTo}");

    /// <summary>
    /// Inserts a new incident with its first alert, both or neither. False when the incident row already exists (a
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
    /// Records one delivery of an alert on its incident, without touching the incident row: resolutions at the
    /// source, which do not count as firings. Returns whether the alert identity is new to the incident and whether,
    /// after this delivery, every alert of the incident is resolved at its source.
    /// </summary>
    public async Task<AlertRecordOutcome> RecordAlertAsync(long number, NormalizedAlert alert, DateTimeOffset at, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        var rk = AlertRowKey(alert);
        var status = alert.Status == AlertStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing;
        bool isNew;
        while (true)
        {
            var existing = await _incidents.GetEntityIfExistsAsync<AlertEntity>(pk, rk, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue)
                {
                    await _incidents.AddEntityAsync(ToAlertEntity(pk, rk, alert, status, at), ct).ConfigureAwait(false);
                    isNew = true;
                }
                else
                {
                    var row = existing.Value!;
                    row.Count++;
                    row.LastSeenAt = at > row.LastSeenAt ? at : row.LastSeenAt;
                    row.Status = status.ToString();
                    row.EndsAt = alert.EndsAt ?? row.EndsAt;
                    await _incidents.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                    isNew = false;
                }

                break;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
            }
        }

        var allResolved = true;
        if (status == AlertStatus.Resolved)
        {
            await foreach (var row in _incidents.QueryAsync<AlertEntity>(AlertRowsFilter(pk), select: ["Status"], cancellationToken: ct).ConfigureAwait(false))
            {
                if (row.Status != nameof(AlertStatus.Resolved))
                {
                    allResolved = false;
                    break;
                }
            }
        }
        else
        {
            allResolved = false;
        }

        return new AlertRecordOutcome(isNew, allResolved);
    }

    public async Task<IReadOnlyList<StoredAlert>> GetAlertsAsync(long number, CancellationToken ct)
    {
        var list = new List<StoredAlert>();
        await foreach (var e in _incidents.QueryAsync<AlertEntity>(AlertRowsFilter(IncidentIds.PartitionKey(number)), cancellationToken: ct).ConfigureAwait(false))
        {
            list.Add(new StoredAlert(
                e.Format, e.DedupKey, e.Title, e.Severity, e.SourceSeverity, e.Status, e.Source, e.Description,
                e.LabelsJson is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(e.LabelsJson)!,
                e.LinksJson is null ? [] : JsonSerializer.Deserialize<List<AlertLink>>(e.LinksJson)!,
                e.Count, e.FirstSeenAt, e.LastSeenAt, e.StartsAt, e.EndsAt));
        }

        return list;
    }
}
