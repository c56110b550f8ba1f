using IncidentFunctions.Domain.Notifications;

namespace IncidentFunctions.Domain.Tests.Notifications;

/// <summary>What a call says: written for the ear, the keys as PagerDuty and GoAlert have them.</summary>
public sealed class VoiceScriptTests
{
    [Fact]
    public void A_page_says_severity_number_service_title_repeat_note_and_keys()
    {
        var said = VoiceScript.Page(42, "SEV2", "checkout", "5xx above 2%", "Third time this week");

        Assert.Equal("Incident alert. severity 2 incident 42, on checkout: 5xx above 2%. Third time this week. " +
            "Press 4 to acknowledge incident 42 and take the lead. Press 5 to escalate to the next tier. Press 6 to resolve.", said);
    }

    [Theory]
    [InlineData("Disk full https://grafana.example/d/abc?from=now-1h on db-1", "Disk full on db-1")]
    [InlineData("[FIRING:1] HighLatency {job=\"api\"} ==> p99>2s", "FIRING:1 HighLatency job api p99 2s")]
    [InlineData("   spaced\tout\n title  ", "spaced out title")]
    public void A_title_loses_what_a_voice_reads_badly(string title, string expected) =>
        Assert.Equal(expected, VoiceScript.SpokenTitle(title));

    [Fact]
    public void A_long_title_is_cut_at_a_word_and_says_so()
    {
        var title = string.Join(' ', Enumerable.Repeat("replication", 30));
        var said = VoiceScript.SpokenTitle(title);

        Assert.True(said.Length <= VoiceScript.MaxSpokenTitle + ", and more".Length, said);
        Assert.EndsWith("replication, and more", said, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_for_several_incidents_says_how_many_and_where_first()
    {
        var said = VoiceScript.Page(43, "SEV1", "checkout", "Down", null, waiting: 2, waitingServices: ["payments", "checkout", "checkout"]);

        Assert.StartsWith("Incident alert. 3 incidents are waiting for you, on payments and checkout. Pressing 4 acknowledges them all. The newest: severity 1 incident 43", said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4", VoiceKey.Acknowledge)]
    [InlineData("5", VoiceKey.Escalate)]
    [InlineData(" 6 ", VoiceKey.Resolve)]
    [InlineData("1", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Keys_map_to_what_they_do(string? digits, VoiceKey? expected) => Assert.Equal(expected, VoiceScript.KeyOf(digits));

    [Fact]
    public void A_command_s_answer_is_said_as_a_sentence_with_incident_spelled_out() =>
        Assert.Equal("Incident 42 is already acknowledged by Bob.", VoiceScript.Sentence(VoiceScript.Spoken("INC 42 is already acknowledged by Bob")));

    [Theory]
    [InlineData("busy", true)]
    [InlineData("no-answer", true)]
    [InlineData("failed", true)]
    [InlineData("canceled", true)]
    [InlineData("machine", true)]
    [InlineData("completed", false)]
    [InlineData(null, false)]
    public void Endings_that_mean_nobody_took_the_call(string? status, bool unanswered) => Assert.Equal(unanswered, CallStatuses.Unanswered(status));

    [Theory]
    [InlineData("machine_start", true)]
    [InlineData("machine_end_beep", true)]
    [InlineData("fax", true)]
    [InlineData("human", false)]
    [InlineData("unknown", false)]
    public void Machines_are_told_apart_from_people(string answeredBy, bool machine) => Assert.Equal(machine, CallStatuses.IsMachine(answeredBy));
}
