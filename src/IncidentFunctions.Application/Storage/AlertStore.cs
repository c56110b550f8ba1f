using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The alerts of an incident: one row per alert identity (format and dedup key) in the incident's own partition of
/// the Incidents table, written once with what the alert said when first seen. How each alert behaves afterwards
/// (count, last seen, resolved at its source) is kept on the incident row (<see cref="Incident.AlertTallies"/>), so a
/// repeat delivery is one write of one row (AlertStore.Counting.cs), and that row is also where "still open" is decided.
/// </summary>
/// <param name="store">The incident row, which a delivery's commit reads again when someone else moved it.</param>
public sealed partial class AlertStore(TableServiceClient service, string tablePrefix, IncidentStore store)
{
    private readonly TableClient _incidents = TableNames.Open(service, tablePrefix, n => n.Incidents);

    /// <summary>
    /// The alerts of an incident: what each said when first seen (its row) and how it has behaved since (the
    /// incident's <see cref="Incident.AlertTallies"/>, which every delivery updates).
    /// </summary>
    public async Task<IReadOnlyList<StoredAlert>> GetAlertsAsync(long number, CancellationToken ct)
    {
        var pk = IncidentIds.PartitionKey(number);
        // Only the tallies of the incident row, read while the alert rows are.
        var talliesRow = _incidents.GetEntityIfExistsAsync<TableEntity>(pk, IncidentRows.IncidentRowKey, [nameof(IncidentEntity.AlertTalliesJson)], ct);
        var rows = new List<AlertEntity>();
        await foreach (var e in _incidents.QueryAsync<AlertEntity>(IncidentRows.AlertRowsFilter(pk), cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(e);
        }

        var tallies = IncidentRows.ParseTallies((await talliesRow.ConfigureAwait(false)) is { HasValue: true } found ? found.Value!.GetString(nameof(IncidentEntity.AlertTalliesJson)) : null);
        var list = new List<StoredAlert>(rows.Count);
        foreach (var e in rows)
        {
            var t = tallies.GetValueOrDefault(e.Format);
            list.Add(new StoredAlert(
                e.Format, e.DedupKey, e.Title, e.Severity, e.SourceSeverity,
                t is null ? e.Status : t.ResolvedAtSource ? nameof(AlertStatus.Resolved) : nameof(AlertStatus.Firing),
                e.Source, e.Description,
                e.LabelsJson is null ? new Dictionary<string, string>() : StoredJson.Deserialize<Dictionary<string, string>>(e.LabelsJson),
                e.LinksJson is null ? [] : StoredJson.Deserialize<List<AlertLink>>(e.LinksJson),
                t?.Fired ?? e.Count, t?.FirstSeenAt ?? e.FirstSeenAt, t?.LastSeenAt ?? e.LastSeenAt, e.StartsAt, t is null ? e.EndsAt : t.EndsAt));
        }

        return list;
    }
}

public sealed record StoredAlert(
    string Format, string DedupKey, string Title, string Severity, string? SourceSeverity, string Status, string? Source, string? Description,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyList<AlertLink> Links, int Count,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);
