using IncidentFunctions.Application.Http;
using IncidentFunctions.Application.Storage;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;

namespace IncidentFunctions.Application.Tests.Storage;

/// <summary>
/// What is stored is spelled by storage's own options: pinned here, so a change to the API's spelling (or to these
/// options) that would change stored rows fails a test instead of leaving old rows unreadable.
/// </summary>
public sealed class StoredJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stored_records_have_options_of_their_own()
    {
        Assert.NotSame(ApiJson.Options, StoredJson.Options);
        Assert.True(StoredJson.Options.IsReadOnly);
    }

    [Fact]
    public void A_note_is_stored_as_it_always_was()
    {
        var note = new IncidentNote("ab12cd34", T0, "Alice", NoteKind.RootCause, "disk full on db-1 <after> deploy");

        var json = StoredJson.Serialize(note);

        Assert.Equal("""{"id":"ab12cd34","at":"2026-11-24T10:00:00+00:00","by":"Alice","kind":"root-cause","text":"disk full on db-1 <after> deploy"}""", json);
        Assert.Equal(note, StoredJson.Deserialize<IncidentNote>(json));
    }

    [Fact]
    public void Tallies_written_with_default_options_before_still_read()
    {
        // The incident row's tallies as written before stored JSON had options of its own (PascalCase names).
        const string old = """{"generic":{"Fired":3,"FirstSeenAt":"2026-11-24T10:00:00+00:00","LastSeenAt":"2026-11-24T10:05:00+00:00","ResolvedAtSource":true,"EndsAt":null}}""";

        var tallies = IncidentRows.ParseTallies(old);

        Assert.Equal(new AlertTally(3, T0, T0.AddMinutes(5), true, null), tallies["generic"]);
        Assert.Equal(tallies, IncidentRows.ParseTallies(IncidentRows.TalliesJson(tallies)));
    }

    [Fact]
    public void A_stored_incident_row_reads_back_as_it_was_written()
    {
        var incident = Incident.Open(42, "checkout", "Checkout 5xx", IncidentSeverity.Sev2, "k42", "primary", T0)
            .Acknowledge("Alice", becomesLead: true, updateCadence: TimeSpan.FromMinutes(30), T0.AddMinutes(2));

        var read = IncidentRows.ToIncident(IncidentRows.ToEntity(incident));

        Assert.Equal((incident.Number, incident.Status, incident.Lead, incident.NextUpdateDue, incident.Responders.Count),
            (read.Number, read.Status, read.Lead, read.NextUpdateDue, read.Responders.Count));
    }
}
