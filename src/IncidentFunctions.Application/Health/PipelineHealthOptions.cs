namespace IncidentFunctions.Application.Health;

/// <summary>
/// When the pipeline calls itself degraded (section "PipelineHealth"). The defaults are the issue's; tests shorten them
/// to exercise the real paths in seconds.
/// </summary>
public sealed class PipelineHealthOptions
{
    public const string Section = "PipelineHealth";

    /// <summary>Every Twilio send failing for this long, none delivered, is "twilio-failing".</summary>
    public TimeSpan TwilioFailingAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>…with at least this many failures: one slow retry is not an outage.</summary>
    public int TwilioFailingFailures { get; set; } = 3;

    /// <summary>A durable timer handled later than this after it was due is "timers-late".</summary>
    public TimeSpan TimersLateAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the pipeline watch's durable timer fires (and re-tells what was not told).</summary>
    public TimeSpan WatchEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often storage is probed (the local runtime; the Functions app's timer runs every 30 s).</summary>
    public TimeSpan StorageProbeEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Storage failing every probe for this long is "storage-unreachable".</summary>
    public TimeSpan StorageUnreachableAfter { get; set; } = TimeSpan.FromMinutes(1);
}
