using System.Text.Json;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class ResponsePolicyTests
{
    private static ResponsePolicy Policy(string responseSection) => ConfigLoader.Parse(WithSection("response", responseSection), FileName).Response;

    private static string Response(string responseSection) => WithSection("response", responseSection);

    // ---- defaults ----

    [Fact]
    public void Without_a_response_section_the_documented_defaults_apply()
    {
        var policy = Valid().Response;

        Assert.Equal(TimeSpan.FromMinutes(30), policy.UpdateCadence(IncidentSeverity.Sev1));
        Assert.Equal(TimeSpan.FromMinutes(60), policy.UpdateCadence(IncidentSeverity.Sev2));
        Assert.Equal(TimeSpan.FromHours(4), policy.UpdateCadence(IncidentSeverity.Sev3));
        Assert.Null(policy.UpdateCadence(IncidentSeverity.Sev4));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.ReminderBefore);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.QuietGrace);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.IrreversibleActionReminder);
        Assert.Equal(TimeSpan.FromDays(3), policy.RetrospectiveDue(IncidentSeverity.Sev1));
        Assert.Equal(TimeSpan.FromDays(5), policy.RetrospectiveDue(IncidentSeverity.Sev2));
        Assert.Equal(TimeSpan.FromDays(10), policy.RetrospectiveDue(IncidentSeverity.Sev3));
        Assert.Null(policy.RetrospectiveDue(IncidentSeverity.Sev4));
        Assert.Equal(TimeSpan.FromDays(1), policy.RetrospectiveReminderEvery);
        Assert.Equal(TimeSpan.FromDays(30), policy.RepeatWindow);
        Assert.Equal(ResponsePolicy.Default, policy);
    }

    [Fact]
    public void An_empty_response_section_means_the_defaults()
    {
        Assert.Equal(ResponsePolicy.Default, Policy("{}"));
    }

    [Fact]
    public void The_defaults_written_out_load_as_the_defaults()
    {
        var policy = Policy("""
            {
              "updateCadence": { "SEV1": "30m", "SEV2": "60m", "SEV3": "4h", "SEV4": null },
              "reminderBefore": "5m",
              "quietGrace": "15m",
              "irreversibleActionReminder": "15m",
              "retrospectiveDue": { "SEV1": "3d", "SEV2": "5d", "SEV3": "10d", "SEV4": null },
              "retrospectiveReminderEvery": "1d",
              "repeatWindow": "30d"
            }
            """);

        Assert.Equal(ResponsePolicy.Default, policy);
    }

    // ---- configured ----

    [Fact]
    public void Each_setting_is_read_from_the_file()
    {
        var policy = Policy("""
            {
              "updateCadence": { "SEV1": "15m", "SEV2": "45m", "SEV3": "PT2H", "SEV4": "1d" },
              "reminderBefore": "2m",
              "quietGrace": "10m",
              "irreversibleActionReminder": "20m",
              "retrospectiveDue": { "SEV1": "2d", "SEV2": "1w", "SEV3": null, "SEV4": "30d" },
              "retrospectiveReminderEvery": "12h",
              "repeatWindow": "7d"
            }
            """.Replace("1w", "P1W", StringComparison.Ordinal));

        Assert.Equal(TimeSpan.FromMinutes(15), policy.UpdateCadence(IncidentSeverity.Sev1));
        Assert.Equal(TimeSpan.FromMinutes(45), policy.UpdateCadence(IncidentSeverity.Sev2));
        Assert.Equal(TimeSpan.FromHours(2), policy.UpdateCadence(IncidentSeverity.Sev3));
        Assert.Equal(TimeSpan.FromDays(1), policy.UpdateCadence(IncidentSeverity.Sev4));
        Assert.Equal(TimeSpan.FromMinutes(2), policy.ReminderBefore);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.QuietGrace);
        Assert.Equal(TimeSpan.FromMinutes(20), policy.IrreversibleActionReminder);
        Assert.Equal(TimeSpan.FromDays(2), policy.RetrospectiveDue(IncidentSeverity.Sev1));
        Assert.Equal(TimeSpan.FromDays(7), policy.RetrospectiveDue(IncidentSeverity.Sev2));
        Assert.Null(policy.RetrospectiveDue(IncidentSeverity.Sev3));
        Assert.Equal(TimeSpan.FromDays(30), policy.RetrospectiveDue(IncidentSeverity.Sev4));
        Assert.Equal(TimeSpan.FromHours(12), policy.RetrospectiveReminderEvery);
        Assert.Equal(TimeSpan.FromDays(7), policy.RepeatWindow);
    }

    [Fact]
    public void A_partial_section_keeps_the_default_of_everything_it_leaves_out()
    {
        var policy = Policy("""{ "quietGrace": "20m", "updateCadence": { "SEV2": "90m" } }""");

        Assert.Equal(ResponsePolicy.Default with
        {
            QuietGrace = TimeSpan.FromMinutes(20),
            UpdateCadences = new Dictionary<IncidentSeverity, TimeSpan?>
            {
                [IncidentSeverity.Sev1] = TimeSpan.FromMinutes(30),
                [IncidentSeverity.Sev2] = TimeSpan.FromMinutes(90),
                [IncidentSeverity.Sev3] = TimeSpan.FromHours(4),
            },
        }, policy);
    }

    [Fact]
    public void An_explicit_null_turns_a_severitys_cadence_or_retrospective_off()
    {
        var policy = Policy("""{ "updateCadence": { "SEV3": null }, "retrospectiveDue": { "SEV1": null } }""");

        Assert.Null(policy.UpdateCadence(IncidentSeverity.Sev3));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.UpdateCadence(IncidentSeverity.Sev1));
        Assert.Null(policy.RetrospectiveDue(IncidentSeverity.Sev1));
        Assert.Equal(TimeSpan.FromDays(5), policy.RetrospectiveDue(IncidentSeverity.Sev2));
    }

    [Theory]
    [InlineData("sev1")]
    [InlineData("Sev1")]
    [InlineData("SEV1")]
    public void Severity_keys_are_read_ignoring_case(string key)
    {
        Assert.Equal(TimeSpan.FromMinutes(10), Policy($$"""{ "updateCadence": { "{{key}}": "10m" } }""").UpdateCadence(IncidentSeverity.Sev1));
    }

    [Fact]
    public void A_null_cadence_puts_no_limit_on_the_reminder()
    {
        var policy = Policy("""{ "reminderBefore": "5h", "updateCadence": { "SEV1": "6h", "SEV2": "6h", "SEV3": null, "SEV4": null } }""");

        Assert.Equal(TimeSpan.FromHours(5), policy.ReminderBefore);
    }

    // ---- validation ----

    [Theory]
    [InlineData("reminderBefore")]
    [InlineData("quietGrace")]
    [InlineData("irreversibleActionReminder")]
    [InlineData("retrospectiveReminderEvery")]
    [InlineData("repeatWindow")]
    public void A_zero_duration_is_reported_at_its_path(string setting)
    {
        SingleProblem(Response($$"""{ "{{setting}}": "0m" }"""), $"response.{setting}", "must be longer than zero");
    }

    [Theory]
    [InlineData("updateCadence")]
    [InlineData("retrospectiveDue")]
    public void A_zero_duration_for_a_severity_is_reported_at_its_path(string table)
    {
        SingleProblem(Response($$"""{ "{{table}}": { "SEV2": "0s" } }"""), $"response.{table}.SEV2", "must be longer than zero");
    }

    [Theory]
    [InlineData("-5m", "is not a duration")]
    [InlineData("soon", "is not a duration")]
    [InlineData("P1M", "uses years or months")]
    public void An_unreadable_duration_is_reported_at_its_path(string text, string message)
    {
        SingleProblem(Response($$"""{ "quietGrace": "{{text}}" }"""), "response.quietGrace", message);
    }

    [Fact]
    public void A_duration_of_the_wrong_type_is_reported_with_its_type()
    {
        SingleProblem(Response("""{ "updateCadence": { "SEV1": 30 } }"""), "response.updateCadence.SEV1", "must be a string, not a number");
    }

    [Theory]
    [InlineData("updateCadence", "SEV5")]
    [InlineData("updateCadence", "SEV0")]
    [InlineData("retrospectiveDue", "P1")]
    [InlineData("retrospectiveDue", "critical")]
    public void An_unknown_severity_key_is_reported_at_its_path(string table, string key)
    {
        SingleProblem(Response($$"""{ "{{table}}": { "{{key}}": "1d" } }"""), $"response.{table}.{key}", "unknown severity (expected SEV1, SEV2, SEV3 or SEV4)");
    }

    [Fact]
    public void A_severity_written_twice_in_different_case_is_rejected()
    {
        SingleProblem(Response("""{ "updateCadence": { "SEV1": "30m", "sev1": "20m" } }"""),
            "response.updateCadence.sev1", "appears more than once (severity names are case-insensitive; response.updateCadence.SEV1 has it already)");
    }

    [Fact]
    public void A_severity_table_that_is_not_an_object_is_rejected()
    {
        SingleProblem(Response("""{ "retrospectiveDue": "3d" }"""), "response.retrospectiveDue", "must be an object, not a string");
    }

    [Fact]
    public void An_unknown_response_setting_is_rejected()
    {
        SingleProblem(Response("""{ "quietGrase": "15m" }"""), "response.quietGrase", "unknown property (expected one of: updateCadence, reminderBefore, quietGrace,");
    }

    [Fact]
    public void A_reminder_as_long_as_a_cadence_is_reported_at_the_reminder()
    {
        SingleProblem(Response("""{ "reminderBefore": "30m" }"""),
            "response.reminderBefore", "must be shorter than every update cadence, but 30m is not shorter than SEV1's 30m");
    }

    [Fact]
    public void A_reminder_longer_than_several_cadences_names_each_of_them_in_one_problem()
    {
        SingleProblem(Response("""{ "reminderBefore": "2h", "updateCadence": { "SEV1": "30m" } }"""),
            "response.reminderBefore", "must be shorter than every update cadence, but 2h is not shorter than SEV1's 30m, SEV2's 1h");
    }

    [Fact]
    public void A_reminder_just_shorter_than_the_shortest_cadence_is_accepted()
    {
        Assert.Equal(TimeSpan.FromMinutes(29), Policy("""{ "reminderBefore": "29m" }""").ReminderBefore);
    }

    [Fact]
    public void A_cadence_too_short_for_the_default_reminder_is_reported_at_the_cadence()
    {
        SingleProblem(Response("""{ "updateCadence": { "SEV1": "5m" } }"""),
            "response.updateCadence.SEV1", "must be longer than reminderBefore (5m by default), or null for no cadence; it is 5m");
    }

    [Fact]
    public void A_cadence_that_is_itself_a_problem_is_not_also_compared_with_the_reminder()
    {
        SingleProblem(Response("""{ "reminderBefore": "40m", "updateCadence": { "SEV1": "0m", "SEV2": "2h", "SEV3": "4h" } }"""),
            "response.updateCadence.SEV1", "must be longer than zero");
    }

    [Fact]
    public void Every_response_problem_is_reported_at_once()
    {
        var problems = ProblemsOf(Response("""
            {
              "updateCadence": { "SEV1": "10m", "SEV9": "1h" },
              "reminderBefore": "10m",
              "quietGrace": "0s",
              "irreversibleActionReminder": "later",
              "retrospectiveDue": { "sev2": "0d" },
              "retrospectiveReminderEvery": 1,
              "repeatWindow": ""
            }
            """));

        Assert.Equal(
            [
                "response.updateCadence.SEV9",
                "response.quietGrace",
                "response.irreversibleActionReminder",
                "response.retrospectiveDue.sev2",
                "response.retrospectiveReminderEvery",
                "response.repeatWindow",
                "response.reminderBefore",
            ],
            problems.Select(p => p.Path));
    }

    // ---- the model ----

    [Fact]
    public void A_missing_table_entry_means_none_and_equals_an_explicit_null()
    {
        var sparse = ResponsePolicy.Default with { UpdateCadences = new Dictionary<IncidentSeverity, TimeSpan?> { [IncidentSeverity.Sev1] = TimeSpan.FromMinutes(30) } };
        var explicitNulls = sparse with
        {
            UpdateCadences = new Dictionary<IncidentSeverity, TimeSpan?>
            {
                [IncidentSeverity.Sev1] = TimeSpan.FromMinutes(30), [IncidentSeverity.Sev2] = null, [IncidentSeverity.Sev3] = null, [IncidentSeverity.Sev4] = null,
            },
        };

        Assert.Null(sparse.UpdateCadence(IncidentSeverity.Sev2));
        Assert.Equal(explicitNulls, sparse);
        Assert.Equal(explicitNulls.GetHashCode(), sparse.GetHashCode());
        Assert.NotEqual(ResponsePolicy.Default, sparse);
    }

    public static TheoryData<string> SerializerDefaults => ["General", "Web"];

    [Theory]
    [MemberData(nameof(SerializerDefaults))]
    public void The_policy_round_trips_through_System_Text_Json_as_an_orchestration_input(string defaults)
    {
        var options = new JsonSerializerOptions(Enum.Parse<JsonSerializerDefaults>(defaults));
        var policy = Policy("""{ "updateCadence": { "SEV4": "1d" }, "retrospectiveDue": { "SEV1": null }, "repeatWindow": "1d12h" }""");

        var json = JsonSerializer.Serialize(policy, options);
        var back = JsonSerializer.Deserialize<ResponsePolicy>(json, options);

        Assert.Equal(policy, back);
        Assert.Equal(TimeSpan.FromDays(1), back!.UpdateCadence(IncidentSeverity.Sev4));
        Assert.Null(back.RetrospectiveDue(IncidentSeverity.Sev1));
        Assert.Equal(TimeSpan.FromHours(36), back.RepeatWindow);
        Assert.Contains("\"Sev1\"", json, StringComparison.Ordinal);
    }
}
