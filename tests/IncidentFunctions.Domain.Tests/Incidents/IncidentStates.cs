using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Domain.Tests.Incidents;

/// <summary>One incident in each state, reached through its own rules (state cannot be set from outside).</summary>
internal static class IncidentStates
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Cadence = TimeSpan.FromMinutes(30);

    public static Incident Triggered() =>
        Incident.Open(12, "checkout", "Checkout 5xx above 2%", IncidentSeverity.Sev2, "checkout-5xx", "primary", T0);

    /// <summary>Alice acknowledged five minutes in and leads; an update is due a cadence later.</summary>
    public static Incident Acknowledged() => Triggered().Acknowledge("Alice", becomesLead: true, Cadence, T0.AddMinutes(5));

    public static Incident Resolved() => Acknowledged().Resolve("Alice", T0.AddHours(1), "rolled back");

    public static Incident Closed() => Resolved().Close(T0.AddDays(1));

    public static Incident In(IncidentStatus status) => status switch
    {
        IncidentStatus.Triggered => Triggered(),
        IncidentStatus.Acknowledged => Acknowledged(),
        IncidentStatus.Resolved => Resolved(),
        _ => Closed(),
    };

    public static IncidentAction Action(Incident incident) =>
        incident.RecordAction("a1", "Alice", "Restart web-1", "it stopped answering", "health green", "nothing to undo", irreversible: false, T0.AddMinutes(10));
}
