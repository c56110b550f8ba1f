using System.Diagnostics.Metrics;

namespace IncidentFunctions.Application.Telemetry;

/// <summary>
/// Every measurement the pipeline makes of itself, with units and few label values (service, format, medium, result),
/// so a dashboard can show alert rate, page latency, acknowledgements and failures without a label per incident.
/// </summary>
/// <remarks>
/// The instruments are the process's, on <see cref="IncidentTelemetry.Meter"/>, not one set per container: OpenTelemetry
/// listens to meters by name across the process, so two hosts in one process (tests run several) with instruments of
/// the same names would make duplicate registrations, of which the SDK keeps one.
/// </remarks>
public sealed class IncidentMetrics
{
    private static readonly Counter<long> _alerts;
    private static readonly Counter<long> _opened;
    private static readonly Counter<long> _messages;
    private static readonly Histogram<double> _pageLatency;
    private static readonly Histogram<double> _ackTime;
    private static readonly Counter<long> _escalations;
    private static readonly Counter<long> _heartbeatsLate;
    private static readonly Counter<long> _providerErrors;

#pragma warning disable CA1810 // one place creates every instrument, in order, with its description
    static IncidentMetrics()
#pragma warning restore CA1810
    {
        var meter = IncidentTelemetry.Meter;
        _alerts = meter.CreateCounter<long>("incidentfunctions.alerts", "{alert}", "Alerts received, by format, service and what became of them (created, appended, resolved, acknowledged, ignored, suppressed, refused).");
        _opened = meter.CreateCounter<long>("incidentfunctions.incidents.opened", "{incident}", "Incidents opened, by service and severity.");
        _messages = meter.CreateCounter<long>("incidentfunctions.messages", "{message}", "Messages to people, by medium (sms, voice, email), purpose (page, notify, pagertest) and result (sent, failed, held, already-sent).");
        _pageLatency = meter.CreateHistogram<double>("incidentfunctions.page.latency", "s", "From an incident's opening alert to each page of its first tier accepted by the provider, by service and medium.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120] });
        _ackTime = meter.CreateHistogram<double>("incidentfunctions.ack.duration", "s", "From an incident's opening to its first acknowledgement, by service and severity.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200] });
        _escalations = meter.CreateCounter<long>("incidentfunctions.escalations", "{escalation}", "Tiers paged after the first (timeouts, requests, repeats), by service.");
        _heartbeatsLate = meter.CreateCounter<long>("incidentfunctions.heartbeats.late", "{heartbeat}", "Heartbeats that missed their deadline, by service.");
        _providerErrors = meter.CreateCounter<long>("incidentfunctions.provider.errors", "{error}", "Refusals and failures of Twilio, SMTP, Slack and Teams, by provider and code.");
    }

    /// <summary>For code built outside a container (unit tests): the same instruments; nothing listens there.</summary>
    public static IncidentMetrics Unobserved { get; } = new();

    public void Alert(string format, string service, string result) =>
        _alerts.Add(1, new("format", format), new("service", service), new("result", result));

    public void IncidentOpened(string service, IncidentSeverity severity) =>
        _opened.Add(1, new("service", service), new("severity", $"SEV{(int)severity}"));

    public void Message(ContactMethodType medium, string purpose, string result) =>
        _messages.Add(1, new("medium", Medium(medium)), new("purpose", purpose), new("result", result));

    public void FirstTierPage(string service, ContactMethodType medium, TimeSpan sinceOpened) =>
        _pageLatency.Record(Math.Max(0, sinceOpened.TotalSeconds), new("service", service), new("medium", Medium(medium)));

    public void Acknowledged(string service, IncidentSeverity severity, TimeSpan sinceOpened) =>
        _ackTime.Record(Math.Max(0, sinceOpened.TotalSeconds), new("service", service), new("severity", $"SEV{(int)severity}"));

    public void Escalated(string service) => _escalations.Add(1, new KeyValuePair<string, object?>("service", service));

    public void HeartbeatLate(string service) => _heartbeatsLate.Add(1, new KeyValuePair<string, object?>("service", service));

    public void ProviderError(string provider, string code) => _providerErrors.Add(1, new("provider", provider), new("code", code));

    private static string Medium(ContactMethodType medium) => medium.ToString().ToLowerInvariant();
}
