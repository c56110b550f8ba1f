using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

public class ConfigValidationTests
{
    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once_in_file_order()
    {
        var json = With(root =>
        {
            root["adminApiKey"] = "too-short";
            root.At("rateLimit")["perKeyPerMinute"] = 0;
            root.At("responders[1]")["phone"] = "0555 0100";
            root["responders"]!.AsArray().Add(new JsonObject { ["name"] = "alice", ["phone"] = "+15550100004" });
            root.At("schedules[0]")["timeZone"] = "Mars/Olympus_Mons";
            root.At("schedules[0].overrides[0]")["end"] = "2026-12-24T18:00:00Z";
            root.At("escalationPolicies[0]")["repeat"] = 11;
            root.At("escalationPolicies[0].tiers[0]")["delay"] = "0s";
            root.At("escalationPolicies[0].tiers[1].targets[0]")["schedule"] = "primray";
            root.At("services[0]")["escalationPolicy"] = "checkot";
            root.At("services[1]")["integrationKeys"] = new JsonArray("key-checkout-2");
        });

        var problems = ProblemsOf(json);

        Assert.Equal(
            [
                "adminApiKey",
                "rateLimit.perKeyPerMinute",
                "responders[1].phone",
                "responders[3].name",
                "schedules[0].timeZone",
                "schedules[0].overrides[0].end",
                "escalationPolicies[0].repeat",
                "escalationPolicies[0].tiers[0].delay",
                "escalationPolicies[0].tiers[1].targets[0].schedule",
                "services[0].escalationPolicy",
                "services[1].integrationKeys[0]",
            ],
            problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(FileName, p.File));
    }

    [Fact]
    public void Problems_in_the_incident_response_sections_are_reported_together_with_the_rest()
    {
        var json = With(root =>
        {
            root.At("responders[1]")["phone"] = "0555 0100";
            root["severity"] = JsonNode.Parse("""{ "default": { "critical": "SEV0" }, "bySource": { "datadgo": {} } }""");
            root["leadership"] = new JsonArray("Alice", "Zed");
            root["response"] = JsonNode.Parse("""{ "reminderBefore": "1h", "updateCadence": { "SEV5": "1h" }, "repeatWindow": "0d" }""");
            root["playbooks"] = JsonNode.Parse("""[ { "service": "billing", "urls": ["wiki"], "owners": ["Zed"] }, { "urls": ["https://x.example.com"] } ]""");
        });

        var problems = ProblemsOf(json);

        Assert.Equal(
            [
                "responders[1].phone",
                "severity.default.critical",
                "severity.bySource.datadgo",
                "leadership[1]",
                "response.updateCadence.SEV5",
                "response.repeatWindow",
                "response.reminderBefore",
                "playbooks[0].service",
                "playbooks[0].urls[0]",
                "playbooks[0].owners[0]",
                "playbooks[1]",
            ],
            problems.Select(p => p.Path));
        Assert.All(problems, p => Assert.Equal(FileName, p.File));
    }

    [Fact]
    public void Problems_in_every_item_of_a_list_are_reported_not_just_the_first()
    {
        var json = With(root =>
        {
            root.At("responders[0]").Remove("phone");
            root.At("responders[1]").Remove("phone");
            root.At("responders[2]").Remove("phone");
        });

        Assert.Equal(["responders[0].phone", "responders[1].phone", "responders[2].phone"], ProblemsOf(json).Select(p => p.Path));
    }

    // ---- admin key and rate limit ----

    [Fact]
    public void The_admin_api_key_is_required()
    {
        SingleProblem(With(root => root.Remove("adminApiKey")), "adminApiKey", "is required");
    }

    [Fact]
    public void An_admin_api_key_shorter_than_12_characters_is_rejected()
    {
        SingleProblem(With(root => root["adminApiKey"] = "elevenchars"), "adminApiKey", "must be at least 12 characters long (it has 11)");
    }

    [Theory]
    [InlineData("twelve-chars")]
    [InlineData("local-admin-key")]
    public void An_admin_api_key_of_12_or_more_characters_is_accepted(string key)
    {
        Assert.Equal(key, ConfigLoader.Parse(With(root => root["adminApiKey"] = key), FileName).AdminApiKey);
    }

    [Fact]
    public void A_blank_admin_api_key_is_rejected()
    {
        SingleProblem(With(root => root["adminApiKey"] = "   "), "adminApiKey", "must not be empty");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100_001)]
    public void A_rate_limit_outside_1_to_100000_is_rejected(int perMinute)
    {
        SingleProblem(With(root => root.At("rateLimit")["perKeyPerMinute"] = perMinute),
            "rateLimit.perKeyPerMinute", $"must be between 1 and 100000 (it is {perMinute})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public void A_rate_limit_at_either_bound_is_accepted(int perMinute)
    {
        Assert.Equal(perMinute, ConfigLoader.Parse(With(root => root.At("rateLimit")["perKeyPerMinute"] = perMinute), FileName).RateLimit.PerKeyPerMinute);
    }

    [Fact]
    public void A_fractional_rate_limit_is_rejected()
    {
        SingleProblem(With(root => root.At("rateLimit")["perKeyPerMinute"] = 1.5), "rateLimit.perKeyPerMinute", "must be a whole number, not 1.5");
    }

    // ---- required fields ----

    [Theory]
    [InlineData("", "responders")]
    [InlineData("", "escalationPolicies")]
    [InlineData("", "services")]
    [InlineData("responders[0]", "name")]
    [InlineData("schedules[0]", "name")]
    [InlineData("schedules[0]", "timeZone")]
    [InlineData("schedules[0]", "rotation")]
    [InlineData("schedules[0].rotation", "responders")]
    [InlineData("schedules[0].rotation", "start")]
    [InlineData("schedules[0].rotation", "length")]
    [InlineData("schedules[0].overrides[0]", "responder")]
    [InlineData("schedules[0].overrides[0]", "start")]
    [InlineData("schedules[0].overrides[0]", "end")]
    [InlineData("escalationPolicies[0]", "name")]
    [InlineData("escalationPolicies[0]", "tiers")]
    [InlineData("escalationPolicies[0].tiers[0]", "targets")]
    [InlineData("escalationPolicies[0].tiers[0]", "delay")]
    [InlineData("services[0]", "name")]
    [InlineData("services[0]", "integrationKeys")]
    [InlineData("services[0]", "escalationPolicy")]
    public void A_missing_required_field_is_reported_at_its_path(string parent, string field)
    {
        // Removing a section or a name leaves references to it dangling, which are problems too; the first is the missing field.
        var json = With(root => (parent.Length == 0 ? root : root.At(parent)).Remove(field));
        var path = parent.Length == 0 ? field : $"{parent}.{field}";

        var problems = ProblemsOf(json);

        Assert.Equal(path, problems[0].Path);
        Assert.Equal("is required", problems[0].Message);
        if (parent.Length > 0 && field != "name")
        {
            Assert.Single(problems);
        }
    }

    [Fact]
    public void A_null_required_field_counts_as_missing()
    {
        SingleProblem(With(root => root.At("services[0]")["escalationPolicy"] = null), "services[0].escalationPolicy", "is required");
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_the_type_it_got()
    {
        SingleProblem(With(root => root.At("responders[0]")["phone"] = 15550100001), "responders[0].phone", "must be a string, not a number");
    }

    [Fact]
    public void A_list_that_is_not_an_array_is_rejected()
    {
        SingleProblem(With(root => root.At("services[0]")["integrationKeys"] = "key-checkout-1"), "services[0].integrationKeys", "must be an array, not a string");
    }

    [Fact]
    public void An_unknown_property_is_rejected_so_typos_do_not_pass_silently()
    {
        SingleProblem(With(root => root.At("services[0]")["autoResolv"] = true), "services[0].autoResolv", "unknown property (expected one of: name, integrationKeys, escalationPolicy, playbookUrl, autoResolve)");
    }

    [Fact]
    public void A_wrongly_cased_property_suggests_the_right_spelling_and_the_right_one_is_still_missing()
    {
        var problems = ProblemsOf(With(root =>
        {
            var service = root.At("services[0]");
            var policy = service["escalationPolicy"]!.GetValue<string>();
            service.Remove("escalationPolicy");
            service["EscalationPolicy"] = policy;
        }));

        Assert.Equal(
            [
                new ConfigProblem(FileName, "services[0].EscalationPolicy", "unknown property; did you mean 'escalationPolicy'? (names are case-sensitive)"),
                new ConfigProblem(FileName, "services[0].escalationPolicy", "is required"),
            ],
            problems);
    }

    [Fact]
    public void A_removed_name_also_reports_each_reference_that_no_longer_resolves()
    {
        var problems = ProblemsOf(With(root => root.At("responders[0]").Remove("name")));

        Assert.Equal(
            [
                new ConfigProblem(FileName, "responders[0].name", "is required"),
                new ConfigProblem(FileName, "schedules[0].rotation.responders[0]", "no responder named 'Alice'"),
                new ConfigProblem(FileName, "escalationPolicies[0].tiers[0].targets[0].responder", "no responder named 'Alice'"),
            ],
            problems);
    }

    [Fact]
    public void A_property_written_twice_is_rejected()
    {
        var json = ValidJson.Replace("\"autoResolve\": true", "\"autoResolve\": true, \"autoResolve\": false", StringComparison.Ordinal);

        SingleProblem(json, "services[0].autoResolve", "appears more than once");
    }

    // ---- unique names and keys ----

    [Theory]
    [InlineData("responders", "responder", "ALICE")]
    [InlineData("schedules", "schedule", "Primary")]
    [InlineData("escalationPolicies", "escalation policy", "CheckOut")]
    [InlineData("services", "service", "CHECKOUT")]
    public void Names_must_be_unique_ignoring_case(string section, string kind, string duplicate)
    {
        var json = With(root =>
        {
            var copy = root[section]![0]!.DeepClone().AsObject();
            copy["name"] = duplicate;
            if (section == "responders")
            {
                copy["phone"] = "+15550100099";
            }

            if (section == "services")
            {
                copy["integrationKeys"] = new JsonArray("another-key");
            }

            root[section]!.AsArray().Add(copy);
        });
        var index = section == "responders" ? 3 : section == "services" ? 2 : 1;

        SingleProblem(json, $"{section}[{index}].name", $"duplicate {kind} name '{duplicate}' (names are case-insensitive; {section}[0] has it already)");
    }

    [Fact]
    public void An_integration_key_may_belong_to_only_one_service()
    {
        SingleProblem(With(root => root.At("services[1]")["integrationKeys"] = new JsonArray("key-search", "key-checkout-1")),
            "services[1].integrationKeys[1]", "integration key 'key-checkout-1' is already used by services[0] ('checkout')");
    }

    [Fact]
    public void An_integration_key_may_not_repeat_within_a_service()
    {
        SingleProblem(With(root => root.At("services[1]")["integrationKeys"] = new JsonArray("key-search", "key-search")),
            "services[1].integrationKeys[1]", "integration key 'key-search' is already used by services[1] ('search')");
    }

    [Fact]
    public void Integration_keys_are_compared_exactly_so_case_variants_are_distinct()
    {
        var config = ConfigLoader.Parse(With(root => root.At("services[1]")["integrationKeys"] = new JsonArray("KEY-CHECKOUT-1")), FileName);

        Assert.Equal("search", config.FindServiceByIntegrationKey("KEY-CHECKOUT-1")!.Name);
    }

    [Fact]
    public void A_service_needs_at_least_one_integration_key()
    {
        SingleProblem(With(root => root.At("services[1]")["integrationKeys"] = new JsonArray()), "services[1].integrationKeys", "must have at least one integration key");
    }

    [Fact]
    public void A_blank_integration_key_is_rejected()
    {
        SingleProblem(With(root => root.At("services[1]")["integrationKeys"] = new JsonArray("")), "services[1].integrationKeys[0]", "must not be empty");
    }

    [Fact]
    public void Two_responders_may_not_share_a_phone_number()
    {
        SingleProblem(With(root => root.At("responders[2]")["phone"] = "+15550100001"),
            "responders[2].phone", "phone number '+15550100001' is already used by responders[0] ('Alice')");
    }

    // ---- phones ----

    [Theory]
    [InlineData("15550100001")]       // no +
    [InlineData("+05550100001")]      // country code cannot start with 0
    [InlineData("+1 555 010 0001")]   // spaces
    [InlineData("+1-555-010-0001")]   // dashes
    [InlineData("+123456")]           // 6 digits: too short
    [InlineData("+1234567890123456")] // 16 digits: too long
    [InlineData("+1555010000a")]
    public void A_phone_that_is_not_E164_is_rejected(string phone)
    {
        SingleProblem(With(root => root.At("responders[0]")["phone"] = phone), "responders[0].phone", $"'{phone}' is not an E.164 phone number");
    }

    [Theory]
    [InlineData("+1234567")]          // 7 digits: shortest
    [InlineData("+123456789012345")]  // 15 digits: longest
    [InlineData("+447700900123")]
    public void A_phone_in_E164_is_accepted(string phone)
    {
        Assert.Equal(phone, ConfigLoader.Parse(With(root => root.At("responders[0]")["phone"] = phone), FileName).Responders[0].Phone);
    }

    // ---- references ----

    [Fact]
    public void A_service_naming_an_unknown_policy_is_reported_at_its_path()
    {
        SingleProblem(With(root => root.At("services[0]")["escalationPolicy"] = "checkot"),
            "services[0].escalationPolicy", "no escalation policy named 'checkot'");
    }

    [Fact]
    public void A_tier_target_naming_an_unknown_responder_is_reported_at_its_path()
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[1].targets[1]")["responder"] = "Dave"),
            "escalationPolicies[0].tiers[1].targets[1].responder", "no responder named 'Dave'");
    }

    [Fact]
    public void A_tier_target_naming_an_unknown_schedule_is_reported_at_its_path()
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[1].targets[0]")["schedule"] = "secondary"),
            "escalationPolicies[0].tiers[1].targets[0].schedule", "no schedule named 'secondary'");
    }

    [Fact]
    public void A_rotation_naming_an_unknown_responder_is_reported_at_its_path()
    {
        SingleProblem(With(root => root.At("schedules[0].rotation")["responders"] = new JsonArray("Alice", "Bobby")),
            "schedules[0].rotation.responders[1]", "no responder named 'Bobby'");
    }

    [Fact]
    public void An_override_naming_an_unknown_responder_is_reported_at_its_path()
    {
        SingleProblem(With(root => root.At("schedules[0].overrides[0]")["responder"] = "Mallory"),
            "schedules[0].overrides[0].responder", "no responder named 'Mallory'");
    }

    [Fact]
    public void References_ignore_case()
    {
        var config = ConfigLoader.Parse(With(root => root.At("escalationPolicies[0].tiers[0].targets[0]")["responder"] = "aLiCe"), FileName);

        Assert.Equal("aLiCe", config.EscalationPolicies[0].Tiers[0].Targets[0].Responder);
    }

    [Fact]
    public void References_resolve_regardless_of_section_order_in_the_file()
    {
        var json = With(root =>
        {
            var responders = root["responders"]!;
            root.Remove("responders");
            root["responders"] = responders; // now after services
        });

        Assert.Equal(3, ConfigLoader.Parse(json, FileName).Responders.Count);
    }

    // ---- tiers and targets ----

    [Fact]
    public void A_target_with_both_responder_and_schedule_is_rejected()
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[1].targets[0]")["responder"] = "Alice"),
            "escalationPolicies[0].tiers[1].targets[0]", "must have exactly one of 'responder' or 'schedule', not both");
    }

    [Fact]
    public void A_target_with_neither_responder_nor_schedule_is_rejected()
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[0].targets[0]").Remove("responder")),
            "escalationPolicies[0].tiers[0].targets[0]", "must have exactly one of 'responder' or 'schedule'");
    }

    [Fact]
    public void A_policy_needs_at_least_one_tier()
    {
        SingleProblem(With(root => root.At("escalationPolicies[0]")["tiers"] = new JsonArray()), "escalationPolicies[0].tiers", "must have at least one tier");
    }

    [Fact]
    public void A_tier_needs_at_least_one_target()
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[1]")["targets"] = new JsonArray()),
            "escalationPolicies[0].tiers[1].targets", "must have at least one target");
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("0m")]
    [InlineData("PT0S")]
    public void A_zero_delay_is_rejected(string delay)
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[1]")["delay"] = delay), "escalationPolicies[0].tiers[1].delay", "must be longer than zero");
    }

    [Theory]
    [InlineData("5 minutes", "is not a duration")]
    [InlineData("-5m", "is not a duration")]
    [InlineData("P1M", "uses years or months")]
    public void An_unreadable_delay_is_rejected(string delay, string message)
    {
        SingleProblem(With(root => root.At("escalationPolicies[0].tiers[1]")["delay"] = delay), "escalationPolicies[0].tiers[1].delay", message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void A_repeat_outside_0_to_10_is_rejected(int repeat)
    {
        SingleProblem(With(root => root.At("escalationPolicies[0]")["repeat"] = repeat), "escalationPolicies[0].repeat", $"must be between 0 and 10 (it is {repeat})");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void A_repeat_at_either_bound_is_accepted(int repeat)
    {
        Assert.Equal(repeat, ConfigLoader.Parse(With(root => root.At("escalationPolicies[0]")["repeat"] = repeat), FileName).EscalationPolicies[0].Repeat);
    }

    // ---- schedules ----

    [Theory]
    [InlineData("Europe/Londres")]
    [InlineData("GMT Standard Time")] // a Windows id: not portable
    [InlineData("+01:00")]
    public void A_time_zone_that_is_not_a_known_IANA_id_is_rejected(string zone)
    {
        SingleProblem(With(root => root.At("schedules[0]")["timeZone"] = zone), "schedules[0].timeZone", $"'{zone}' is not a known IANA time zone id");
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    public void A_known_IANA_time_zone_is_accepted(string zone)
    {
        Assert.Equal(zone, ConfigLoader.Parse(With(root => root.At("schedules[0]")["timeZone"] = zone), FileName).Schedules[0].TimeZone);
    }

    [Fact]
    public void A_rotation_needs_at_least_one_responder()
    {
        SingleProblem(With(root => root.At("schedules[0].rotation")["responders"] = new JsonArray()), "schedules[0].rotation.responders", "must list at least one responder");
    }

    [Fact]
    public void A_rotation_length_must_be_longer_than_zero()
    {
        SingleProblem(With(root => root.At("schedules[0].rotation")["length"] = "0d"), "schedules[0].rotation.length", "must be longer than zero");
    }

    [Fact]
    public void A_rotation_start_with_an_offset_is_rejected_because_it_is_local_time()
    {
        SingleProblem(With(root => root.At("schedules[0].rotation")["start"] = "2026-01-05T09:00:00Z"),
            "schedules[0].rotation.start", "has a UTC offset; write the local date-time");
    }

    [Theory]
    [InlineData("2026-01-05")]
    [InlineData("05/01/2026 09:00")]
    [InlineData("2026-02-30T09:00")]
    [InlineData("2026-01-05T24:00")]
    public void A_rotation_start_that_is_not_a_local_date_time_is_rejected(string start)
    {
        SingleProblem(With(root => root.At("schedules[0].rotation")["start"] = start), "schedules[0].rotation.start", "is not a local date-time");
    }

    [Theory]
    [InlineData("2026-01-05T09:00", 0)]
    [InlineData("2026-01-05T09:00:30", 30)]
    public void A_rotation_start_may_include_seconds(string start, int seconds)
    {
        var parsed = ConfigLoader.Parse(With(root => root.At("schedules[0].rotation")["start"] = start), FileName).Schedules[0].Rotation.Start;

        Assert.Equal(new DateTime(2026, 1, 5, 9, 0, seconds), parsed);
    }

    [Theory]
    [InlineData("2026-12-24T18:00:00Z")]
    [InlineData("2026-12-24T17:00:00Z")]
    public void An_override_must_end_after_it_starts(string end)
    {
        SingleProblem(With(root => root.At("schedules[0].overrides[0]")["end"] = end), "schedules[0].overrides[0].end", "must be after start");
    }

    [Fact]
    public void An_override_without_a_UTC_offset_is_rejected()
    {
        SingleProblem(With(root => root.At("schedules[0].overrides[0]")["start"] = "2026-12-24T18:00"),
            "schedules[0].overrides[0].start", "has no UTC offset; add 'Z' or '+hh:mm'");
    }

    [Fact]
    public void An_override_with_a_non_zero_offset_keeps_its_instant()
    {
        var config = ConfigLoader.Parse(With(root => root.At("schedules[0].overrides[0]")["start"] = "2026-12-24T19:00:00+01:00"), FileName);

        Assert.Equal(new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero), config.Schedules[0].Overrides[0].Start);
    }

    // ---- services ----

    [Theory]
    [InlineData("wiki/checkout")]
    [InlineData("ftp://wiki.example.com/checkout")]
    public void A_playbook_url_must_be_an_absolute_http_url(string url)
    {
        SingleProblem(With(root => root.At("services[0]")["playbookUrl"] = url), "services[0].playbookUrl", "is not an absolute http(s) URL");
    }

    [Fact]
    public void Auto_resolve_must_be_a_boolean()
    {
        SingleProblem(With(root => root.At("services[0]")["autoResolve"] = "yes"), "services[0].autoResolve", "must be true or false, not a string");
    }
}
