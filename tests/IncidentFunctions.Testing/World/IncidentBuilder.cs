using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Testing.World;

/// <summary>
/// Test data for the domain's <see cref="Incident"/>: opened with <see cref="Incident.Open"/> (defaults for every fact a
/// test does not name), then moved into its state by the incident's own rule methods, in the order the test calls them.
/// State is never set directly: a builder that could would build incidents the rules never allow, and a test on one
/// would check nothing real.
/// </summary>
/// <remarks>
/// Immutable: each method returns a new builder, so a test class can keep a base incident in a static field and vary it
/// per test without one test's change leaking into another's.
/// </remarks>
public sealed record IncidentBuilder
{
    /// <summary>When an incident opens unless a test says otherwise; the moves' default times count from the opening.</summary>
    private static readonly DateTimeOffset DefaultOpenedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private long _number = 1;
    private string _service = "checkout";
    private string _title = "Checkout 5xx above 2%";
    private IncidentSeverity _severity = IncidentSeverity.Sev2;
    private string? _dedupKey;
    private string _policy = "primary";
    private DateTimeOffset _openedAt = DefaultOpenedAt;
    private string? _firstAlertFormat;
    private IReadOnlyList<Func<Incident, Incident>> _moves = [];

    public IncidentBuilder Number(long number) => this with { _number = number };

    public IncidentBuilder Service(string service) => this with { _service = service };

    public IncidentBuilder Title(string title) => this with { _title = title };

    public IncidentBuilder Severity(IncidentSeverity severity) => this with { _severity = severity };

    /// <summary>Without one, each number gets a key of its own, so incidents a test stores together never dedupe into one.</summary>
    public IncidentBuilder DedupKey(string dedupKey) => this with { _dedupKey = dedupKey };

    public IncidentBuilder Policy(string escalationPolicy) => this with { _policy = escalationPolicy };

    public IncidentBuilder OpenedAt(DateTimeOffset at) => this with { _openedAt = at };

    /// <summary>The opening alert came from <paramref name="format"/> and is tallied as ingestion tallies it.</summary>
    public IncidentBuilder FirstAlertFrom(string format) => this with { _firstAlertFormat = format };

    /// <summary>Acknowledged five minutes after opening unless <paramref name="at"/> says when.</summary>
    /// <param name="updateCadence">The severity's update cadence; null (none) sets no update deadline.</param>
    public IncidentBuilder Acknowledged(string by = "Alice", bool becomesLead = true, TimeSpan? updateCadence = null, DateTimeOffset? at = null) =>
        Then(i => i.Acknowledge(by, becomesLead, updateCadence, at ?? i.OpenedAt.AddMinutes(5)));

    /// <summary>Resolved an hour after opening unless <paramref name="at"/> says when.</summary>
    public IncidentBuilder Resolved(string by = "Alice", string? summary = null, DateTimeOffset? at = null) =>
        Then(i => i.Resolve(by, at ?? i.OpenedAt.AddHours(1), summary));

    /// <summary>Closed a day after opening unless <paramref name="at"/> says when; the rules want it resolved first.</summary>
    public IncidentBuilder Closed(DateTimeOffset? at = null) => Then(i => i.Close(at ?? i.OpenedAt.AddDays(1)));

    /// <summary>The incident, after every move in order; a move the rules refuse throws as it would in the application.</summary>
    public Incident Build()
    {
        var opened = Incident.Open(_number, _service, _title, _severity, _dedupKey ?? $"dedup-{_number}", _policy, _openedAt);
        if (_firstAlertFormat is { } format)
        {
            opened = opened with { AlertTallies = new Dictionary<string, AlertTally> { [format] = AlertTally.FirstFiring(_openedAt, null) } };
        }

        return _moves.Aggregate(opened, (incident, move) => move(incident));
    }

    private IncidentBuilder Then(Func<Incident, Incident> move) => this with { _moves = [.. _moves, move] };
}
