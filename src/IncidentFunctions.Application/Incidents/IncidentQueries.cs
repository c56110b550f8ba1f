using IncidentFunctions.Application.Storage;

namespace IncidentFunctions.Application.Incidents;

/// <summary>
/// What the doors read, the way <see cref="IncidentCommandService"/> is what they change: the API, the console and
/// SMS ask here and never open a store themselves, so a change of how something is stored stays inside Storage/.
/// </summary>
public sealed class IncidentQueries(
    IncidentStore incidents, TimelineStore timeline, AlertStore alerts, IncidentRecordStore records, SendLedger ledger, RoomStore rooms, StorageTables tables)
{
    public Task<IReadOnlyList<Incident>> ListAsync(IncidentStatus? status, int max, CancellationToken ct) => incidents.ListIncidentsAsync(status, max, ct);

    public async Task<Incident?> GetAsync(long number, CancellationToken ct) => (await incidents.GetIncidentAsync(number, ct))?.Incident;

    /// <summary>Everything known about one incident, read at once; null when it does not exist.</summary>
    public async Task<IncidentDetail?> GetDetailAsync(long number, CancellationToken ct)
    {
        if (await GetAsync(number, ct) is not { } incident)
        {
            return null;
        }

        var timelineRead = timeline.GetAsync(number, ct);
        var alertsRead = alerts.GetAlertsAsync(number, ct);
        var notesRead = records.GetNotesAsync(number, ct);
        var actionsRead = records.GetActionsAsync(number, ct);
        var updatesRead = records.GetUpdatesAsync(number, ct);
        var scopeRead = records.GetScopeAsync(number, ct);
        return new IncidentDetail(incident, await timelineRead, await alertsRead, await notesRead, await actionsRead, await updatesRead, await scopeRead);
    }

    public Task<IReadOnlyList<IncidentAction>> GetActionsAsync(long number, CancellationToken ct) => records.GetActionsAsync(number, ct);

    public async Task<Postmortem?> GetPostmortemAsync(long number, CancellationToken ct) => (await records.GetPostmortemAsync(number, ct))?.Postmortem;

    /// <summary>The incident last paged to this phone: what a bare "a" answers.</summary>
    public Task<long?> LastPagedAsync(string phone, CancellationToken ct) => ledger.GetLastPagedAsync(phone, ct);

    /// <summary>The incident whose Slack channel this is, or null: what a command or message from the channel is about.</summary>
    /// <summary>The open incident of (service, dedup key), or null: the dedup index, as the ingestor reads it.</summary>
    public Task<long?> FindOpenIncidentAsync(string service, string dedupKey, CancellationToken ct) => incidents.FindOpenIncidentAsync(service, dedupKey, ct);

    public Task<long?> FindIncidentByChannelAsync(string channelId, CancellationToken ct) => rooms.FindIncidentByChannelAsync(channelId, ct);

    public Task<bool> StorageReachableAsync(CancellationToken ct) => tables.PingAsync(ct);
}

/// <summary>One incident with its timeline, alerts and the records responders keep on it.</summary>
public sealed record IncidentDetail(
    Incident Incident, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<StoredAlert> Alerts, IReadOnlyList<IncidentNote> Notes,
    IReadOnlyList<IncidentAction> Actions, IReadOnlyList<StatusUpdate> Updates, IncidentScope? Scope);
