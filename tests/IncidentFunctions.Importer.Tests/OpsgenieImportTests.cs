using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Heartbeats;
using IncidentFunctions.Domain.Notifications;

namespace IncidentFunctions.Importer.Tests;

public sealed class OpsgenieImportTests
{
    private static readonly string Exports = Path.Combine(AppContext.BaseDirectory, "Exports", "opsgenie");

    [Fact]
    public void Round_trip_loads_with_the_accounts_responders_schedules_policies_and_services()
    {
        var run = ImportRun.Of("opsgenie", Exports);

        Assert.True(run.ExitCode == 0, run.Errors);
        var config = run.Load();

        // Numbers from each user's contacts file ("1-5550100001" → E.164), found by username or by id; the username is an email method.
        Assert.Equal(["Alice Archer", "Bob Baker", "Carol Cooper"], config.Responders.Select(r => r.Name));
        var alice = config.FindResponder("Alice Archer")!;
        Assert.Equal("+15550100001", alice.Phone);
        Assert.Contains(alice.ContactMethods, m => m.Type == ContactMethodType.Email && m.To == "alice@example.com");
        Assert.Contains(config.FindResponder("Bob Baker")!.ContactMethods, m => m.Type == ContactMethodType.Voice && m.To == "+442079460002");
        Assert.Equal("+12025550103", config.FindResponder("Carol Cooper")!.Phone);

        var payments = config.FindSchedule("Payments_schedule")!;
        Assert.Equal("Europe/London", payments.TimeZone);
        Assert.Equal(["Alice Archer", "Bob Baker", "Carol Cooper"], payments.Rotation.Responders);
        Assert.Equal(new DateTime(2026, 1, 5, 9, 0, 0), payments.Rotation.Start);
        Assert.Equal(7, payments.Rotation.Length.Days);
        Assert.Equal("Bob Baker", Assert.Single(payments.Overrides).Responder);
        // 01:00Z is 20:00 the evening before in New York.
        Assert.Equal(new DateTime(2026, 3, 2, 20, 0, 0), config.FindSchedule("Platform_schedule")!.Rotation.Start);

        // Rules timed from the alert (0, 5, 15, 15 minutes) → tiers with the gaps as delays; the last waits the repeat's waitInterval.
        var escalation = config.GetPolicy("Payments_escalation");
        Assert.Equal(1, escalation.Repeat);
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)], escalation.Tiers.Select(t => t.Delay));
        Assert.Equal("Payments_schedule", Assert.Single(escalation.Tiers[0].Targets).Schedule);
        Assert.Equal("Bob Baker", Assert.Single(escalation.Tiers[2].Targets).Responder);

        // Each integration → a service paging its team's escalation.
        Assert.Equal(["Prometheus", "Default API", "Datadog"], config.Services.Select(s => s.Name));
        Assert.Equal("Payments_escalation", config.FindService("Prometheus")!.EscalationPolicy);
        Assert.Equal("Platform_escalation", config.FindService("Datadog")!.EscalationPolicy);
        Assert.Equal(3, config.Services.SelectMany(s => s.IntegrationKeys).Distinct().Count());

        // Heartbeats on their team's service, with their priority as the alert's severity; Opsgenie had no grace.
        Assert.Equal(
            [
                new HeartbeatDefinition("nightly-backup", "Datadog", TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), Enabled: true, AlertSeverity.Warning),
                new HeartbeatDefinition("payments-worker", "Prometheus", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), Enabled: false, AlertSeverity.Critical),
            ],
            config.Heartbeats);
        Assert.Contains("On the service of its team 'Platform'", run.Comments);
        Assert.Contains("The backup job pings when it finishes", run.Comments);
        Assert.Contains("/v2/heartbeats/<name>/ping", run.Comments);

        // What was not carried is said.
        Assert.Contains("rotation 'Business hours backup'", run.Comments);
        Assert.Contains("time restriction (on call only 20:00-08:00 each day)", run.Comments);
        Assert.Contains("notified team 'Payments' (all)", run.Comments);
        Assert.Contains("next on-call of 'Platform_schedule'", run.Comments);
        Assert.Contains("routing rules", run.Comments);
        Assert.Contains("TODO: choose its escalation policy", run.Comments);
        Assert.Contains("the disabled sms contact 44-7700900099", run.Comments);
        Assert.Contains("the integration was disabled in Opsgenie", run.Comments);
    }

    [Fact]
    public void Without_contacts_each_user_gets_a_phone_placeholder_the_loader_flags_and_their_email()
    {
        using var folder = new ExportCopy("opsgenie");
        folder.Delete("contacts");

        var run = ImportRun.Of("opsgenie", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("TODO: Opsgenie's user list has no phone numbers: write Alice Archer's in E.164", run.Comments);
        Assert.Contains("save GET /v2/users/alice@example.com/contacts as contacts/alice@example.com.json", run.Comments);
        Assert.Contains("{ \"name\": \"Alice Archer\", \"phone\": \"TODO: +<country code><number>\", \"contactMethods\": [{ \"type\": \"email\", \"to\": \"alice@example.com\" }] }", run.Config);
        foreach (var index in new[] { 0, 1, 2 })
        {
            Assert.Contains($"responders[{index}].phone: 'TODO: +<country code><number>' is not an E.164 phone number", run.Errors);
        }

        // Once the numbers are written in, it loads.
        var numbered = run.Config;
        foreach (var number in new[] { "+15550100001", "+447700900002", "+12025550103" })
        {
            var at = numbered.IndexOf("\"TODO: +<country code><number>\"", StringComparison.Ordinal);
            numbered = string.Concat(numbered.AsSpan(0, at), $"\"{number}\"", numbered.AsSpan(at + "\"TODO: +<country code><number>\"".Length));
        }

        Assert.Equal(3, (run with { Config = numbered }).Load().Responders.Count);
    }

    [Fact]
    public void Without_the_optional_files_it_imports_the_users_and_says_what_was_missing()
    {
        using var folder = new ExportCopy("opsgenie");
        foreach (var optional in new[] { "teams.json", "schedules.json", "overrides", "escalations.json", "integrations.json", "heartbeats.json" })
        {
            folder.Delete(optional);
        }

        var run = ImportRun.Of("opsgenie", folder.Root);

        Assert.True(run.ExitCode == 0, run.Errors);
        var config = run.Load();
        Assert.Equal(3, config.Responders.Count);
        Assert.Empty(config.Schedules);
        Assert.Empty(config.EscalationPolicies);
        Assert.Empty(config.Services);
        foreach (var missing in new[] { "teams.json (GET /v2/teams)", "schedules.json (GET /v2/schedules?expand=rotation)", "escalations.json (GET /v2/escalations)",
                     "integrations.json (GET /v2/integrations)", "heartbeats.json (GET /v2/heartbeats)" })
        {
            Assert.Contains($"{missing} was not in the folder", run.Comments);
        }

        Assert.DoesNotContain("\"heartbeats\"", run.Config);
    }

    [Fact]
    public void Without_integrations_each_escalation_gets_a_service()
    {
        using var folder = new ExportCopy("opsgenie");
        folder.Delete("integrations.json");

        var run = ImportRun.Of("opsgenie", folder.Root);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Equal(["Payments_escalation", "Platform_escalation"], run.Load().Services.Select(s => s.EscalationPolicy));
    }

    [Fact]
    public void A_malformed_schedule_is_named_by_its_file_and_json_path()
    {
        using var folder = new ExportCopy("opsgenie");
        var schedules = File.ReadAllText(folder.PathOf("schedules.json")).Replace("\"type\": \"weekly\"", "\"type\": \"fortnightly\"", StringComparison.Ordinal);
        folder.Write("schedules.json", schedules);

        var run = ImportRun.Of("opsgenie", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{folder.PathOf("schedules.json")}: $.data[0].rotations[0].type: 'fortnightly' is not hourly, daily or weekly", run.Errors);
    }

    [Fact]
    public void A_truncated_file_is_invalid_json_naming_the_file()
    {
        using var folder = new ExportCopy("opsgenie");
        folder.Write("heartbeats.json", "{ \"data\": { \"heartbeats\": [ { \"name\": \"nightly-backup\", ");

        var run = ImportRun.Of("opsgenie", folder.Root);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{folder.PathOf("heartbeats.json")}: $: invalid JSON at line 1", run.Errors);
    }
}
