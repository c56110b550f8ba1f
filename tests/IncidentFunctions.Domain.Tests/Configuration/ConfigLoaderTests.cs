using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Escalation;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class ConfigLoaderTests
{
    [Fact]
    public void A_valid_full_file_round_trips_into_the_model()
    {
        var config = ConfigFixture.Valid();

        Assert.Equal("test-admin-key-0001", config.AdminApiKey);
        Assert.Equal(new RateLimitConfig(60), config.RateLimit);
        Assert.Equal(
            [new ResponderConfig("Alice", "+15550100001"), new ResponderConfig("Bob", "+15550100002"), new ResponderConfig("Carol", "+447700900003")],
            config.Responders);

        var schedule = Assert.Single(config.Schedules);
        Assert.Equal("primary", schedule.Name);
        Assert.Equal("Europe/London", schedule.TimeZone);
        Assert.Equal(["Alice", "Bob"], schedule.Rotation.Responders);
        Assert.Equal(new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Unspecified), schedule.Rotation.Start);
        Assert.Equal(DateTimeKind.Unspecified, schedule.Rotation.Start.Kind);
        Assert.Equal(Duration.FromDays(7), schedule.Rotation.Length);
        var @override = Assert.Single(schedule.Overrides);
        Assert.Equal("Carol", @override.Responder);
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero), @override.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 27, 9, 0, 0, TimeSpan.Zero), @override.End);

        var policy = Assert.Single(config.EscalationPolicies);
        Assert.Equal("checkout", policy.Name);
        Assert.Equal(2, policy.Repeat);
        Assert.Equal(2, policy.Tiers.Count);
        Assert.Equal([EscalationTarget.ForResponder("Alice")], policy.Tiers[0].Targets);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.Tiers[0].Delay);
        Assert.Equal([EscalationTarget.ForSchedule("primary"), EscalationTarget.ForResponder("Carol")], policy.Tiers[1].Targets);
        Assert.Equal(TimeSpan.FromMinutes(90), policy.Tiers[1].Delay);

        Assert.Equal(2, config.Services.Count);
        var checkout = config.Services[0];
        Assert.Equal("checkout", checkout.Name);
        Assert.Equal(["key-checkout-1", "key-checkout-2"], checkout.IntegrationKeys);
        Assert.Equal("checkout", checkout.EscalationPolicy);
        Assert.Equal("https://wiki.example.com/checkout", checkout.PlaybookUrl);
        Assert.True(checkout.AutoResolve);
    }

    [Fact]
    public void Optional_fields_take_their_defaults()
    {
        var config = ConfigLoader.Parse(ConfigFixture.With(root =>
        {
            root.Remove("rateLimit");
            root.Remove("schedules");
            root.At("escalationPolicies[0]").Remove("repeat");
            root.At("escalationPolicies[0].tiers[1]")["targets"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["responder"] = "Bob" });
        }), ConfigFixture.FileName);

        Assert.Equal(120, config.RateLimit.PerKeyPerMinute);
        Assert.Empty(config.Schedules);
        Assert.Equal(0, config.EscalationPolicies[0].Repeat);
        var search = config.Services[1];
        Assert.Null(search.PlaybookUrl);
        Assert.False(search.AutoResolve);
    }

    [Fact]
    public void An_empty_rate_limit_object_means_the_default()
    {
        var config = ConfigLoader.Parse(ConfigFixture.With(root => root["rateLimit"] = new System.Text.Json.Nodes.JsonObject()), ConfigFixture.FileName);

        Assert.Equal(new RateLimitConfig(120), config.RateLimit);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        const string json = """
            // leading comment
            {
              /* block comment */
              "adminApiKey": "a-long-enough-key", // trailing comment
              "responders": [ { "name": "Alice", "phone": "+15550100001", }, ],
              "escalationPolicies": [ { "name": "p", "tiers": [ { "targets": [ { "responder": "Alice" }, ], "delay": "1m", }, ], }, ],
              "services": [ { "name": "s", "integrationKeys": [ "k", ], "escalationPolicy": "p", }, ],
            }
            """;

        var config = ConfigLoader.Parse(json, "comments.json");

        Assert.Equal("Alice", Assert.Single(config.Responders).Name);
        Assert.Equal("s", Assert.Single(config.Services).Name);
    }

    [Fact]
    public void A_syntax_error_reports_its_line_and_column()
    {
        const string json = "{\n  \"adminApiKey\": \"a-long-enough-key\",\n  \"responders\": ]\n}";

        var problem = Assert.Single(ConfigFixture.ProblemsOf(json));

        Assert.Equal("$", problem.Path);
        Assert.StartsWith("invalid JSON at line 3, column 17: ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_column_counts_characters_not_utf8_bytes()
    {
        const string json = "{\n  \"adminApiKey\": \"clé-très-longue\" \"x\"\n}";

        var problem = Assert.Single(ConfigFixture.ProblemsOf(json));

        // The stray "x" is character 36 of line 2, although it starts at UTF-8 byte 38.
        Assert.StartsWith("invalid JSON at line 2, column 36: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_a_syntax_error_at_line_1_column_1()
    {
        var problem = Assert.Single(ConfigFixture.ProblemsOf(""));

        Assert.StartsWith("invalid JSON at line 1, column 1: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_that_is_not_an_object_is_reported_at_the_root()
    {
        ConfigFixture.SingleProblem("[]", "$", "must be an object, not an array");
    }

    [Fact]
    public void The_exception_message_lists_every_problem_one_per_line()
    {
        var json = ConfigFixture.With(root =>
        {
            root["adminApiKey"] = "short";
            root.At("responders[0]")["phone"] = "555";
        });

        var exception = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Parse(json, "incidents.json"));

        Assert.Equal(
            [
                "incidents.json: adminApiKey: must be at least 12 characters long (it has 5)",
                "incidents.json: responders[0].phone: '555' is not an E.164 phone number like +15550100001 (a '+', the country code, then 7 to 15 digits in all, no spaces)",
            ],
            exception.Message.Split(Environment.NewLine));
        Assert.Equal(exception.Problems.Select(p => p.ToString()), exception.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void A_problem_prints_as_file_path_and_message()
    {
        Assert.Equal("a.json: services[0].name: is required", new ConfigProblem("a.json", "services[0].name", "is required").ToString());
    }

    [Fact]
    public void Load_reads_the_file_and_names_it_in_problems()
    {
        var path = Path.Combine(Path.GetTempPath(), $"incidents-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, ConfigFixture.ValidJson);
            Assert.Equal("checkout", ConfigLoader.Load(path).Services[0].Name);

            File.WriteAllText(path, ConfigFixture.With(root => root.Remove("adminApiKey")));
            var exception = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(path));
            var problem = Assert.Single(exception.Problems);
            Assert.Equal(path, problem.File);
            Assert.Equal("adminApiKey", problem.Path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_reports_a_missing_file_as_a_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var exception = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(path));

        var problem = Assert.Single(exception.Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal("$", problem.Path);
        Assert.StartsWith("cannot read the file", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_is_ignored()
    {
        Assert.Equal("Alice", ConfigLoader.Parse("\uFEFF" + ConfigFixture.ValidJson, "bom.json").Responders[0].Name);
    }

    [Fact]
    public void A_json_schema_reference_at_the_root_is_allowed()
    {
        var config = ConfigLoader.Parse(ConfigFixture.With(root => root["$schema"] = "./incidents.schema.json"), ConfigFixture.FileName);

        Assert.Equal("checkout", config.Services[0].Name);
    }
}
