namespace IncidentFunctions.Application.Maintenance;

/// <summary>
/// An alert identity a window suppressed: its latest delivery (what is re-ingested at the window's end if it is still
/// firing), how often it came, and what became of it at the end.
/// </summary>
/// <param name="ReleasedAs">At the window's end: "created" or "appended" (an incident now has it), "suppressed" (another
/// window took it), or "resolved" (cleared during the window, nothing opened). Null until the end is handled.</param>
public sealed record SuppressedAlert(
    string WindowId,
    string Service,
    NormalizedAlert Alert,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    int Count,
    bool Resolved,
    DateTimeOffset? ResolvedAt,
    bool Published,
    DateTimeOffset? ReleasedAt = null,
    string? ReleasedAs = null,
    long? ReleasedIncident = null)
{
    public string DedupKey => Alert.DedupKey;

    /// <summary>Still to be opened when its window ends: firing, and not yet handed on.</summary>
    public bool StillFiring => !Resolved && ReleasedAt is null;
}
