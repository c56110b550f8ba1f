namespace IncidentFunctions.Domain.Timeline;

/// <summary>
/// One append-only fact about an incident. <see cref="Key"/> makes the write idempotent:
/// the same fact recorded twice (a retried activity) has the same key.
/// </summary>
/// <param name="Actor">Who caused it: a responder name, "system", or "integration:&lt;service&gt;".</param>
/// <param name="Data">Small per-kind details (recipient, Twilio SID, tier, error code…).</param>
public sealed record TimelineEntry(
    long IncidentNumber,
    DateTimeOffset At,
    TimelineEntryKind Kind,
    string Actor,
    string Summary,
    string Key,
    IReadOnlyDictionary<string, string>? Data = null);
