using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Testing.World;

namespace IncidentFunctions.Domain.Tests.Incidents;

/// <summary>One incident in each state, reached through its own rules (state cannot be set from outside).</summary>
internal static class IncidentStates
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Cadence = TimeSpan.FromMinutes(30);

    // The number and severity are named because the rules' refusals quote them ("INC 12 is already SEV2").
    private static readonly IncidentBuilder Checkout = new IncidentBuilder().Number(12).Severity(IncidentSeverity.Sev2).OpenedAt(T0);

    private static readonly IncidentBuilder AcknowledgedByAlice = Checkout.Acknowledged("Alice", becomesLead: true, Cadence, T0.AddMinutes(5));

    private static readonly IncidentBuilder RolledBack = AcknowledgedByAlice.Resolved("Alice", "rolled back", T0.AddHours(1));

    public static Incident Triggered() => Checkout.Build();

    /// <summary>Alice acknowledged five minutes in and leads; an update is due a cadence later.</summary>
    public static Incident Acknowledged() => AcknowledgedByAlice.Build();

    public static Incident Resolved() => RolledBack.Build();

    public static Incident Closed() => RolledBack.Closed(T0.AddDays(1)).Build();

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
