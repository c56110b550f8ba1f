using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IncidentFunctions.Application.Telemetry;

/// <summary>
/// The names the pipeline's traces and metrics go by, and its one <see cref="ActivitySource"/>. Attributes are the
/// incident's number and service, never a person's number or a message's text.
/// </summary>
public static class IncidentTelemetry
{
    /// <summary>The ActivitySource's and the Meter's name: what an OpenTelemetry pipeline subscribes to.</summary>
    public const string Name = "IncidentFunctions";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// The process's one meter: <see cref="IncidentMetrics"/>'s instruments and what orchestrators measure (they are made
    /// by the Durable Task SDK, not the container, so they record through the static methods here).
    /// </summary>
    internal static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> TimerLatenessHistogram = Meter.CreateHistogram<double>(
        "incidentfunctions.timer.lateness", "s", "How long after it was due a durable timer's wake-up was handled (an escalation, a heartbeat's deadline), by kind.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });

    private static readonly Counter<long> UpdatesOverdue = Meter.CreateCounter<long>(
        "incidentfunctions.updates.overdue", "{update}", "Status updates that passed their deadline (the lead and team were told), by service.");

    private static readonly Counter<long> UpdatesMissed = Meter.CreateCounter<long>(
        "incidentfunctions.updates.missed", "{update}", "Incidents that went quiet: an update never came and leadership was told, by service.");

    /// <summary>What the response agenda found due in one step of an incident's orchestration (called when not replaying: once each).</summary>
    public static void AgendaDue(string service, IEnumerable<Domain.Response.AgendaEffectKind> effects)
    {
        foreach (var effect in effects)
        {
            var counter = effect switch
            {
                Domain.Response.AgendaEffectKind.UpdateOverdue => UpdatesOverdue,
                Domain.Response.AgendaEffectKind.GoneQuiet => UpdatesMissed,
                _ => null,
            };
            counter?.Add(1, new KeyValuePair<string, object?>("service", service));
        }
    }

    /// <summary>
    /// A durable timer of <paramref name="kind"/> due at <paramref name="due"/> was handled at <paramref name="handled"/>
    /// (the orchestration's clock). Orchestrators call this only when not replaying, so each wake-up counts once.
    /// </summary>
    public static void TimerFired(string kind, DateTime due, DateTime handled) =>
        TimerLatenessHistogram.Record(Math.Max(0, (handled - due).TotalSeconds), new KeyValuePair<string, object?>("kind", kind));

    public const string IncidentAttribute = "incident.number";
    public const string ServiceAttribute = "incident.service";
    public const string FormatAttribute = "alert.format";
    public const string MediumAttribute = "notification.medium";
}
