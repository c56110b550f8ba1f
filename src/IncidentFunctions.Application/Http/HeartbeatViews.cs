using IncidentFunctions.Application.Heartbeats;
using IncidentFunctions.Domain.Heartbeats;

namespace IncidentFunctions.Application.Http;

/// <summary>A heartbeat as the API and the console show it: its definition and where it stands.</summary>
/// <param name="Status">"waiting-first-ping", "healthy", "late" or "disabled".</param>
/// <param name="NextDeadline">When it becomes late without another ping (healthy ones only).</param>
/// <param name="PingPath">Where its monitor pings (with one of its service's integration keys).</param>
/// <param name="Incident">The incident open on its key, if any.</param>
public sealed record HeartbeatView(
    string Name,
    string Service,
    string Interval,
    string Grace,
    bool Enabled,
    string Severity,
    string Source,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastPingAt,
    string? LastPingFrom,
    DateTimeOffset? NextDeadline,
    DateTimeOffset? LateSince,
    string PingPath,
    long? Incident = null)
{
    public static HeartbeatView From(HeartbeatListing listing) => From(listing.Heartbeat) with { Incident = listing.OpenIncident };

    public static HeartbeatView From(Heartbeat heartbeat) => new(
        heartbeat.Name,
        heartbeat.Definition.Service,
        HeartbeatAlerts.Text(heartbeat.Definition.Interval),
        HeartbeatAlerts.Text(heartbeat.Definition.Grace),
        heartbeat.Definition.Enabled,
        heartbeat.Definition.Severity.ToString().ToLowerInvariant(),
        heartbeat.Source == HeartbeatSource.Configuration ? "configuration" : "api",
        StatusText(heartbeat.Status),
        heartbeat.CreatedAt,
        heartbeat.LastPingAt,
        heartbeat.LastPingFrom,
        heartbeat.Deadline,
        heartbeat.LateSince,
        $"/api/heartbeats/{Uri.EscapeDataString(heartbeat.Name)}/ping");

    public static string StatusText(HeartbeatStatus status) => status switch
    {
        HeartbeatStatus.WaitingFirstPing => "waiting-first-ping",
        HeartbeatStatus.Healthy => "healthy",
        HeartbeatStatus.Late => "late",
        _ => "disabled",
    };
}
