namespace IncidentFunctions.Importer.Draft;

/// <summary>
/// The configuration an import builds, before it is written: each item carries the comments written above it, so
/// what could not be carried over is said where it matters rather than in a list nobody reads.
/// </summary>
public sealed class DraftConfig(string vendor)
{
    /// <summary>"Opsgenie" or "PagerDuty", for the comments.</summary>
    public string Vendor { get; } = vendor;

    /// <summary>Comments at the top of the file: missing optional exports, what the whole account had that is not carried.</summary>
    public List<string> Notes { get; } = [];

    public List<DraftResponder> Responders { get; } = [];

    public List<DraftSchedule> Schedules { get; } = [];

    public List<DraftPolicy> Policies { get; } = [];

    public List<DraftService> Services { get; } = [];

    /// <summary>The "heartbeats" section: each on the service of its owner team's integration.</summary>
    public List<DraftHeartbeat> Heartbeats { get; } = [];

    /// <summary>Whether the account had a heartbeats export at all (an empty one still gets its section).</summary>
    public bool HasHeartbeatExport { get; set; }
}

/// <param name="Phone">E.164, or null when the export has no number for them (a TODO placeholder is written instead).</param>
/// <param name="Voice">A separate number for calls, when the vendor had one apart from the texting number.</param>
public sealed record DraftResponder(string Name, string? Phone, string? Voice, IReadOnlyList<string> Emails)
{
    public List<string> Notes { get; } = [];
}

/// <param name="Start">The first hand-off, local time in <paramref name="TimeZone"/>.</param>
/// <param name="Length">In config duration syntax: "7d", "12h".</param>
public sealed record DraftSchedule(string Name, string TimeZone, IReadOnlyList<string> Responders, DateTime Start, string Length)
{
    public List<string> Notes { get; } = [];

    public List<DraftOverride> Overrides { get; } = [];

    /// <summary>Written commented out: a further layer or rotation kept for reference, not in effect.</summary>
    public bool CommentedOut { get; init; }
}

public sealed record DraftOverride(string Responder, DateTimeOffset Start, DateTimeOffset End);

public sealed record DraftPolicy(string Name, IReadOnlyList<DraftTier> Tiers, int Repeat)
{
    public List<string> Notes { get; } = [];
}

/// <param name="Delay">How long the tier waits for an acknowledgement before the next.</param>
public sealed record DraftTier(IReadOnlyList<DraftTarget> Targets, TimeSpan Delay);

/// <summary>Exactly one of the two is set.</summary>
public sealed record DraftTarget(string? Responder, string? Schedule);

public sealed record DraftService(string Name, IReadOnlyList<string> IntegrationKeys, string Policy, bool AutoResolve)
{
    public List<string> Notes { get; } = [];
}

/// <param name="Interval">In config duration syntax.</param>
/// <param name="Severity">critical, error, warning or info, from the vendor's alert priority.</param>
public sealed record DraftHeartbeat(string Name, string Service, string Interval, bool Enabled, string Severity)
{
    public List<string> Notes { get; } = [];
}
