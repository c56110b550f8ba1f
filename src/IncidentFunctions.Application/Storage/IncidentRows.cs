using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

/// <summary>
/// The Incidents table's key scheme and row mapping. An incident's partition (its zero-padded number) holds the
/// incident row and one row per alert identity; <see cref="IncidentStore"/> writes the first, <see cref="AlertStore"/>
/// the others and the tallies on the incident row, both through here.
/// </summary>
internal static class IncidentRows
{
    public const string IncidentRowKey = "incident";

    // Every alert row key starts with the prefix, so they all sort before AlertRowsTo (';' follows ':').
    private const string AlertRowPrefix = "alert:";
    private const string AlertRowsTo = "alert;";

    public static string AlertRowKey(NormalizedAlert alert) => AlertRowPrefix + StorageKeys.HashKey(alert.Format + "\n" + alert.DedupKey);

    public static string AlertRowsFilter(string pk) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {AlertRowPrefix} and RowKey lt {AlertRowsTo}");

    public static IncidentEntity ToEntity(Incident i) => new()
    {
        PartitionKey = IncidentIds.PartitionKey(i.Number),
        RowKey = IncidentRowKey,
        Number = i.Number,
        Service = i.Service,
        Title = i.Title,
        Severity = i.Severity.ToString(),
        DedupKey = i.DedupKey,
        EscalationPolicy = i.EscalationPolicy,
        PlaybookUrlsJson = ListJson(i.PlaybookUrls),
        RespondersJson = ListJson(i.Responders),
        RepeatOfJson = i.RepeatOf.Count == 0 ? null : StoredJson.Serialize(i.RepeatOf),
        RepeatSummary = i.RepeatSummary,
        NextUpdateDue = i.NextUpdateDue,
        LastUpdateAt = i.LastUpdateAt,
        UpdatesOnTime = i.UpdatesOnTime,
        UpdatesLate = i.UpdatesLate,
        UpdatesMissed = i.UpdatesMissed,
        ResolutionSummary = i.ResolutionSummary,
        ClosedAt = i.ClosedAt,
        Status = i.Status.ToString(),
        Lead = i.Lead,
        AcknowledgedBy = i.AcknowledgedBy,
        AlertCount = i.AlertCount,
        AlertTalliesJson = TalliesJson(i.AlertTallies),
        OpenedAt = i.OpenedAt,
        LastAlertAt = i.LastAlertAt,
        AcknowledgedAt = i.AcknowledgedAt,
        ResolvedAt = i.ResolvedAt,
        ResolvedBy = i.ResolvedBy,
    };

    public static Incident ToIncident(IncidentEntity e) => Incident.Restore(
        number: e.Number,
        service: e.Service,
        title: e.Title,
        severity: Enum.Parse<IncidentSeverity>(e.Severity),
        dedupKey: e.DedupKey,
        escalationPolicy: e.EscalationPolicy,
        playbookUrls: e.PlaybookUrlsJson is null ? [] : StoredJson.Deserialize<List<string>>(e.PlaybookUrlsJson),
        responders: e.RespondersJson is null ? [] : StoredJson.Deserialize<List<string>>(e.RespondersJson),
        repeatOf: e.RepeatOfJson is null ? [] : StoredJson.Deserialize<List<long>>(e.RepeatOfJson),
        repeatSummary: e.RepeatSummary,
        status: Enum.Parse<IncidentStatus>(e.Status),
        lead: e.Lead,
        acknowledgedBy: e.AcknowledgedBy,
        openedAt: e.OpenedAt,
        acknowledgedAt: e.AcknowledgedAt,
        resolvedAt: e.ResolvedAt,
        resolvedBy: e.ResolvedBy,
        resolutionSummary: e.ResolutionSummary,
        closedAt: e.ClosedAt,
        nextUpdateDue: e.NextUpdateDue,
        lastUpdateAt: e.LastUpdateAt,
        updatesOnTime: e.UpdatesOnTime,
        updatesLate: e.UpdatesLate,
        updatesMissed: e.UpdatesMissed,
        alertCount: e.AlertCount,
        alertTallies: ParseTallies(e.AlertTalliesJson),
        lastAlertAt: e.LastAlertAt);

    /// <summary>An alert's row: what it said when first seen, bounded so a huge annotation cannot make it unstorable.</summary>
    public static AlertEntity ToAlertEntity(string pk, NormalizedAlert a, DateTimeOffset at) => new()
    {
        PartitionKey = pk,
        RowKey = AlertRowKey(a),
        Format = a.Format,
        DedupKey = StorageKeys.Truncate(a.DedupKey, 1024),
        Title = StorageKeys.Truncate(a.Title, 1024),
        Severity = a.Severity.ToString(),
        SourceSeverity = a.SourceSeverity is null ? null : StorageKeys.Truncate(a.SourceSeverity, 64),
        Status = (a.Status == AlertStatus.Resolved ? AlertStatus.Resolved : AlertStatus.Firing).ToString(),
        Source = a.Source is null ? null : StorageKeys.Truncate(a.Source, 1024),
        Description = a.Description is null ? null : StorageKeys.Truncate(a.Description, 8192),
        LabelsJson = a.Labels.Count == 0 ? null : StorageKeys.Truncate(StoredJson.Serialize(a.Labels), 30_000),
        LinksJson = a.Links.Count == 0 ? null : StorageKeys.Truncate(StoredJson.Serialize(a.Links), 8_000),
        Count = 1,
        FirstSeenAt = at,
        LastSeenAt = at,
        StartsAt = a.StartsAt,
        EndsAt = a.EndsAt,
    };

    public static Dictionary<string, AlertTally> ParseTallies(string? json) =>
        json is null ? new Dictionary<string, AlertTally>() : StoredJson.Deserialize<Dictionary<string, AlertTally>>(json);

    public static string? TalliesJson(IReadOnlyDictionary<string, AlertTally> tallies) => tallies.Count == 0 ? null : StoredJson.Serialize(tallies);

    private static string? ListJson(IReadOnlyList<string> list) => list.Count == 0 ? null : StoredJson.Serialize(list);
}
