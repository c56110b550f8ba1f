using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentFunctions.Application.Orchestrations;
using IncidentFunctions.Application.Orchestrations.Activities;
using IncidentFunctions.Domain.Escalation;
using IncidentFunctions.Domain.Incidents;
using IncidentFunctions.Domain.Response;
using Microsoft.DurableTask.Converters;

namespace IncidentFunctions.Application.Tests.Orchestrations;

/// <summary>
/// Page reasons and statuses were strings in the activity contracts, and stored orchestration histories replay with
/// whatever those strings were: the enums that replaced them must write the same words and read the old JSON.
/// Checked under the Durable Task SDK's default converter (the local runtime) and web defaults (camel-case names, as a
/// Functions worker serializer may be set up), since the converters ride on the types, not on either serializer.
/// </summary>
public sealed class ActivityWireFormatTests
{
    public static TheoryData<PageReason, string> Reasons => new()
    {
        { PageReason.Opened, "opened" },
        { PageReason.Loud, "loud" },
        { PageReason.Timeout, "timeout" },
        { PageReason.Requested, "requested" },
        { PageReason.Help, "help" },
        { PageReason.Repeat, "repeat" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void A_page_reason_is_written_as_the_word_it_was_and_read_back(PageReason reason, string word)
    {
        foreach (var serializer in Serializers)
        {
            var input = new PageTierInput(7, 1, 0, At, reason, "Alice", "s2");

            var json = Serialize(serializer, input);

            Assert.Equal(word, Property(json, "Reason").GetValue<string>());
            Assert.Equal(input, Deserialize<PageTierInput>(serializer, json));
        }
    }

    [Fact]
    public void Every_page_reason_has_its_word()
    {
        // A member added without a JsonStringEnumMemberName would be written as its C# name; this fails first.
        Assert.Equal(Enum.GetValues<PageReason>().Length, Reasons.Count);
    }

    [Theory]
    [InlineData("""{"IncidentNumber":7,"TierIndex":1,"Loop":0,"At":"2026-03-01T10:00:00+00:00","Reason":"timeout","RequestedBy":null,"Step":"s2"}""")]
    // Histories written before Step existed.
    [InlineData("""{"IncidentNumber":7,"TierIndex":1,"Loop":0,"At":"2026-03-01T10:00:00+00:00","Reason":"timeout","RequestedBy":null}""")]
    public void A_page_step_from_an_old_history_is_read(string stored)
    {
        var input = JsonDataConverter.Default.Deserialize<PageTierInput>(stored)!;

        Assert.Equal((7L, 1, 0, PageReason.Timeout, At), (input.IncidentNumber, input.TierIndex, input.Loop, input.Reason, input.At));
    }

    [Theory]
    [InlineData("Triggered", IncidentStatus.Triggered)]
    [InlineData("Acknowledged", IncidentStatus.Acknowledged)]
    [InlineData("Resolved", IncidentStatus.Resolved)]
    [InlineData("Closed", IncidentStatus.Closed)]
    public void A_page_result_keeps_the_status_name_it_had_as_a_string(string stored, IncidentStatus status)
    {
        var old = JsonDataConverter.Default.Deserialize<PageTierResult>(
            $$"""{"IncidentStatus":"{{stored}}","Delivered":1,"Paged":["Alice"],"Failed":[]}""")!;
        Assert.Equal((status, 1, "Alice"), (old.IncidentStatus, old.Delivered, Assert.Single(old.Paged)));

        foreach (var serializer in Serializers)
        {
            var result = new PageTierResult(status, 0, [], []);
            var json = Serialize(serializer, result);

            Assert.Equal(stored, Property(json, "IncidentStatus").GetValue<string>());
            Assert.Equal(status, Deserialize<PageTierResult>(serializer, json).IncidentStatus);
        }
    }

    [Fact]
    public void An_outcome_keeps_the_final_status_name_it_had_as_a_string()
    {
        var old = JsonDataConverter.Default.Deserialize<IncidentOutcome>(
            """{"IncidentNumber":7,"FinalStatus":"Closed","PagesSent":2,"EndedUnacknowledged":false,"UpdatesOnTime":1,"UpdatesLate":0,"UpdatesMissed":0}""")!;
        Assert.Equal((IncidentStatus.Closed, 2, 1), (old.FinalStatus, old.PagesSent, old.UpdatesOnTime));

        var json = Serialize(nameof(JsonDataConverter), new IncidentOutcome(7, IncidentStatus.Closed, 2, false));
        Assert.Equal("Closed", Property(json, "FinalStatus").GetValue<string>());
    }

    [Fact]
    public void Signals_notifications_and_agenda_effects_travel_by_name_and_old_numbers_still_read()
    {
        foreach (var serializer in Serializers)
        {
            var signal = new IncidentSignal(IncidentSignalKind.RespondersAdded, "Alice", At);
            var notify = new NotifyInput(7, NotifyKind.LeadershipSev1, At, null);
            var effect = new AgendaEffect(AgendaEffectKind.GoneQuiet, At);

            Assert.Equal("RespondersAdded", Property(Serialize(serializer, signal), "Kind").GetValue<string>());
            Assert.Equal("LeadershipSev1", Property(Serialize(serializer, notify), "Kind").GetValue<string>());
            Assert.Equal("GoneQuiet", Property(Serialize(serializer, effect), "Kind").GetValue<string>());
            Assert.Equal(notify, Deserialize<NotifyInput>(serializer, Serialize(serializer, notify)));
        }

        // As histories written before the converters hold them: numbers, by position.
        Assert.Equal(IncidentSignalKind.RespondersAdded,
            JsonDataConverter.Default.Deserialize<IncidentSignal>("""{"Kind":9,"By":"Alice","At":"2026-03-01T10:00:00+00:00"}""")!.Kind);
        Assert.Equal(NotifyKind.LeadershipSev1,
            JsonDataConverter.Default.Deserialize<NotifyInput>("""{"IncidentNumber":7,"Kind":5,"At":"2026-03-01T10:00:00+00:00","Actor":null}""")!.Kind);
        Assert.Equal(AgendaEffectKind.GoneQuiet,
            JsonDataConverter.Default.Deserialize<AgendaEffect>("""{"Kind":2,"DueAt":"2026-03-01T10:00:00+00:00"}""")!.Kind);
    }

    private static readonly string[] Serializers = [nameof(JsonDataConverter), nameof(JsonSerializerDefaults.Web)];

    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static string Serialize<T>(string serializer, T value) =>
        serializer == nameof(JsonDataConverter) ? JsonDataConverter.Default.Serialize(value)! : JsonSerializer.Serialize(value, Web);

    private static T Deserialize<T>(string serializer, string json) =>
        (serializer == nameof(JsonDataConverter) ? JsonDataConverter.Default.Deserialize<T>(json) : JsonSerializer.Deserialize<T>(json, Web))!;

    /// <summary>A property by name whatever its casing (web defaults write camel case).</summary>
    private static JsonNode Property(string json, string name) =>
        JsonNode.Parse(json)!.AsObject().Single(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value!;
}
