using IncidentFunctions.Domain.Notifications;

namespace IncidentFunctions.Importer.Tests;

public sealed class PagerDutyImportTests
{
    private static readonly string Exports = Path.Combine(AppContext.BaseDirectory, "Exports", "pagerduty");

    [Fact]
    public void Round_trip_loads_with_the_accounts_responders_schedules_policies_and_services()
    {
        var run = ImportRun.Of("pagerduty", Exports);

        Assert.True(run.ExitCode == 0, run.Errors);
        var config = run.Load();

        // Users of both pages, numbers in E.164 from country_code + address; Bob texts and is called on different numbers.
        Assert.Equal(["Alice Archer", "Bob Baker", "Carol Cooper"], config.Responders.Select(r => r.Name));
        Assert.Equal("+15550100001", config.FindResponder("Alice Archer")!.Phone);
        var bob = config.FindResponder("Bob Baker")!;
        Assert.Equal("+447700900002", bob.Phone);
        Assert.Contains(bob.ContactMethods, m => m.Type == ContactMethodType.Voice && m.To == "+442079460002");
        Assert.Contains(config.FindResponder("Carol Cooper")!.ContactMethods, m => m.Type == ContactMethodType.Email && m.To == "carol@example.com");

        // The first layer; the weekend layer is only a comment.
        var weekly = config.FindSchedule("Payments Weekly")!;
        Assert.Equal("Europe/London", weekly.TimeZone);
        Assert.Equal(["Alice Archer", "Bob Baker", "Carol Cooper"], weekly.Rotation.Responders);
        Assert.Equal(new DateTime(2026, 1, 5, 9, 0, 0), weekly.Rotation.Start);
        Assert.Equal(7, weekly.Rotation.Length.Days);
        var christmas = Assert.Single(weekly.Overrides);
        Assert.Equal(("Bob Baker", DateTimeOffset.Parse("2026-12-24T18:00:00Z"), DateTimeOffset.Parse("2026-12-27T09:00:00Z")), (christmas.Responder, christmas.Start, christmas.End));
        var nights = config.FindSchedule("Nights")!;
        Assert.Equal(new DateTime(2026, 3, 2, 20, 0, 0), nights.Rotation.Start); // 20:00 New York, as PagerDuty had it
        Assert.Equal(2, config.Schedules.Count);

        var checkout = config.GetPolicy("Checkout");
        Assert.Equal(1, checkout.Repeat);
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)], checkout.Tiers.Select(t => t.Delay));
        var payments = config.GetPolicy("Payments");
        Assert.Equal(2, payments.Repeat);
        Assert.Equal("Payments Weekly", Assert.Single(payments.Tiers[0].Targets).Schedule);
        Assert.Equal(["Alice Archer", "Bob Baker", "Carol Cooper"], payments.Tiers[1].Targets.Select(t => t.Responder));

        // A new key per integration, each unique.
        var checkoutService = config.FindService("Checkout")!;
        Assert.Equal(2, checkoutService.IntegrationKeys.Count);
        Assert.Equal("Checkout", checkoutService.EscalationPolicy);
        Assert.Equal("Payments", config.FindService("Payments API")!.EscalationPolicy);
        Assert.Equal(3, config.Services.SelectMany(s => s.IntegrationKeys).Distinct().Count());
        Assert.DoesNotContain("8c9d2e1f0a3b4c5d6e7f8a9b0c1d2e3f", run.Config);

        // What was not carried is said.
        Assert.Contains("layer 'Weekend cover'", run.Comments);
        Assert.True(run.HasCommentedOut("\"name\": \"Payments Weekly - Weekend cover\""));
        Assert.Contains("restriction on call only from 20:00:00 for 12h each day", run.Comments);
        Assert.Contains("push notifications", run.Comments);
        Assert.Contains("urgency by support hours", run.Comments);
        Assert.Contains("auto_resolve_timeout (4h)", run.Comments);
        Assert.Contains("point that monitoring tool at the new key", run.Comments);
        Assert.Contains("/api/v2/enqueue", run.Comments);
        Assert.Contains("Key for the admin API. TODO: replace this placeholder", run.Comments);
    }

    [Fact]
    public void Writes_to_the_out_file_and_says_so()
    {
        using var folder = new ExportCopy("pagerduty");
        var output = folder.PathOf("incidents.json");

        var run = ImportRun.Of("pagerduty", folder.Root, "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Config);
        Assert.Contains("it loads", run.Errors);
        Assert.Equal(3, IncidentFunctions.Domain.Configuration.ConfigLoader.Load(output).Responders.Count);
    }

    [Fact]
    public void Without_the_optional_files_it_imports_what_there_is_and_says_what_was_missing()
    {
        using var folder = new ExportCopy("pagerduty");
        folder.Delete("schedules");
        folder.Delete("overrides");
        folder.Delete("services.json");

        var run = ImportRun.Of("pagerduty", folder.Root);

        Assert.True(run.ExitCode == 0, run.Errors);
        var config = run.Load();
        Assert.Empty(config.Schedules);
        // The schedule tier could not be carried; the everyone tier is now tier 1.
        Assert.Equal(["Alice Archer", "Bob Baker", "Carol Cooper"], Assert.Single(config.GetPolicy("Payments").Tiers).Targets.Select(t => t.Responder));
        Assert.Equal(["Checkout", "Payments"], config.Services.Select(s => s.Name));
        Assert.Contains("schedules.json (GET /schedules/{id}", run.Comments);
        Assert.Contains("services.json (GET /services?include[]=integrations) was not in the folder", run.Comments);
        Assert.Contains("schedule PSCHED1 ('Payments Weekly'", run.Comments);
    }

    [Fact]
    public void A_user_without_a_number_gets_a_placeholder_the_loader_flags()
    {
        using var folder = new ExportCopy("pagerduty");
        folder.Write("users.2.json", """
            { "users": [ { "id": "PUSER03", "name": "Carol Cooper", "email": "carol@example.com",
                           "contact_methods": [ { "id": "PCM0021", "type": "email_contact_method", "address": "carol@example.com" } ] } ],
              "limit": 2, "offset": 2, "more": false }
            """);

        var run = ImportRun.Of("pagerduty", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TODO: Carol Cooper has no phone or SMS contact method", run.Comments);
        Assert.Contains("responders[2].phone", run.Errors);
        Assert.Contains("\"phone\": \"TODO: +<country code><number>\"", run.Config);
    }

    [Fact]
    public void Users_are_required()
    {
        using var folder = new ExportCopy("pagerduty");
        folder.Delete("users.json");
        folder.Delete("users.2.json");

        var run = ImportRun.Of("pagerduty", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("users.json: $: is required: save GET /users?include[]=contact_methods", run.Errors);
        Assert.Empty(run.Config);
    }

    [Fact]
    public void A_file_that_is_not_json_is_named_with_its_line()
    {
        using var folder = new ExportCopy("pagerduty");
        folder.Write("escalation_policies.json", "{\n  \"escalation_policies\": [\n    { \"id\": \"PPOL001\", }\n  ]\n  \"limit\": 25\n}");

        var run = ImportRun.Of("pagerduty", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{folder.PathOf("escalation_policies.json")}: $: invalid JSON at line 5", run.Errors);
        Assert.Empty(run.Config);
    }

    [Fact]
    public void A_field_of_the_wrong_shape_is_named_by_its_file_and_json_path()
    {
        using var folder = new ExportCopy("pagerduty");
        folder.Write("users.2.json", """
            { "users": [ { "id": "PUSER03", "name": "Carol Cooper",
                           "contact_methods": [ { "type": "sms_contact_method", "address": 2025550103, "country_code": 1 } ] } ] }
            """);

        var run = ImportRun.Of("pagerduty", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{folder.PathOf("users.2.json")}: $.users[0].contact_methods[0].address: must be a string, not a number", run.Errors);
    }

    [Fact]
    public void A_response_of_another_call_is_refused_with_what_was_expected()
    {
        using var folder = new ExportCopy("pagerduty");
        folder.Write("services.json", """{ "error": { "message": "Unauthorized", "code": 2006 } }""");

        var run = ImportRun.Of("pagerduty", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("services.json: $: has neither \"services\" nor \"service\": expected the response of GET /services?include[]=integrations", run.Errors);
    }

    [Theory]
    [InlineData]
    [InlineData("pagerduty")]
    [InlineData("zenduty", ".")]
    [InlineData("pagerduty", ".", "--frobnicate")]
    public void Bad_arguments_print_the_usage_and_exit_2(params string[] args)
    {
        var run = ImportRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("usage: scripts/import.sh opsgenie|pagerduty <folder> [--out FILE]", run.Errors);
    }
}
