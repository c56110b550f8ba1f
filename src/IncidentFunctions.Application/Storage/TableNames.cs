using Azure.Data.Tables;

namespace IncidentFunctions.Application.Storage;

internal sealed record TableNames(string Prefix)
{
    public string Incidents => Prefix + "Incidents";
    public string Timeline => Prefix + "Timeline";
    /// <summary>(service, dedup key) → open incident; the row exists exactly while the incident is open.</summary>
    public string OpenIncidents => Prefix + "OpenIncidents";
    public string Counters => Prefix + "Counters";
    /// <summary>Service → its incidents by resolve time: the repeat check reads a range instead of scanning every incident.</summary>
    public string Resolved => Prefix + "ResolvedIncidents";
    /// <summary>Phone → last incident paged, so a bare "a" knows what it answers; and the pager test an "ok" answers.</summary>
    public string SmsContexts => Prefix + "SmsContexts";
    /// <summary>Idempotency ledger of outbound texts: one row per (incident, step, recipient).</summary>
    public string Sends => Prefix + "Sends";

    /// <summary>Notes, actions, status updates, scope, post-mortem, alert feedback: what responders keep on an incident.</summary>
    public string Records => Prefix + "IncidentRecords";

    /// <summary>
    /// One row per timeline entry handed to the event stream (same partition and row key as the entry). Kept apart
    /// so the timeline itself stays append-only.
    /// </summary>
    public string Published => Prefix + "PublishedEvents";

    /// <summary>Pager tests: a partition per responder, a row per test with each method's state.</summary>
    public string PagerTests => Prefix + "PagerTests";

    /// <summary>
    /// The incidents' chat rooms (Slack, Teams): per incident, each room's state and one row per timeline entry it has
    /// handled; beside them, Slack channel → incident and the Slack event ids already taken.
    /// </summary>
    public string Rooms => Prefix + "Rooms";

    /// <summary>
    /// Maintenance windows: partition "windows" holds one row per window (a single-partition read lists them all, which
    /// the ingestion path does for every alert that would open an incident); each window's own partition holds one row
    /// per alert identity it suppressed.
    /// </summary>
    public string Maintenance => Prefix + "Maintenance";
    /// <summary>Heartbeats: each one's definition, last ping and lateness.</summary>
    public string Heartbeats => Prefix + "Heartbeats";

    /// <summary>The pipeline's own conditions (credentials refused…), for /api/health on every instance.</summary>
    public string Health => Prefix + "PipelineHealth";

    /// <summary>Sign-in: each responder's current one-time code, the code requests per person and per address, personal API tokens.</summary>
    public string Identity => Prefix + "Identity";

    /// <summary>The client of one table of <paramref name="prefix"/>, picked by name: how every store opens its tables.</summary>
    public static TableClient Open(TableServiceClient service, string prefix, Func<TableNames, string> table) => service.GetTableClient(table(new TableNames(prefix)));

    public IEnumerable<string> All => [Incidents, Timeline, OpenIncidents, Counters, Resolved, SmsContexts, Sends, Records, Published, PagerTests, Rooms, Heartbeats, Maintenance, Health, Identity];
}
