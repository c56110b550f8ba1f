using System.Text;
using IncidentFunctions.Domain.Alerts;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Response;
using IncidentFunctions.Testing;
using Xunit.Abstractions;

namespace IncidentFunctions.Domain.Tests.Alerts;

/// <summary>
/// Opsgenie's two shapes: its outgoing webhook (format "opsgenie") and its Alert API's requests, written from
/// Opsgenie's documentation (https://docs.opsgenie.com/docs/alert-api, .../webhook-integration); and the published
/// requests of shared/fixtures/opsgenie-api (Alertmanager's and Grafana's) when that folder is there.
/// </summary>
public sealed class OpsgenieAlertsTests(ITestOutputHelper output)
{
    private const string Create = """
        {
          "message": "An example alert message",
          "alias": "Life is too short for no alias",
          "description": "Every alert needs a description",
          "responders": [{ "id": "4513b7ea-3b91-438f-b7e4-e3e54af9147c", "type": "team" }, { "username": "trinity@opsgenie.com", "type": "user" }],
          "visibleTo": [{ "name": "rocket_team", "type": "team" }],
          "actions": ["Restart", "AnExampleAction"],
          "tags": ["OverwriteQuietHours", "Critical"],
          "details": { "key1": "value1", "key2": "value2" },
          "entity": "An example entity",
          "priority": "P1",
          "user": "Monitoring Script",
          "note": "Alert created"
        }
        """;

    [Fact]
    public void A_documented_create_is_a_firing_alert_keyed_by_its_alias_with_its_routing_fields_ignored()
    {
        var (create, error) = OpsgenieAlertRequest.ReadCreate(Encoding.UTF8.GetBytes(Create));

        Assert.Null(error);
        var alert = create!.Alert;
        Assert.Equal(("opsgenie", "Life is too short for no alias", "An example alert message", AlertStatus.Firing, "P1", AlertSeverity.Critical),
            (alert.Format, alert.DedupKey, alert.Title, alert.Status, alert.SourceSeverity, alert.Severity));
        Assert.Equal("An example entity", alert.Source);
        Assert.Equal(("value1", "OverwriteQuietHours,Critical", "An example entity"), (alert.Labels["key1"], alert.Labels["tags"], alert.Labels["entity"]));
        Assert.Equal(("Monitoring Script", "Alert created"), (create.User, create.Note));
        Assert.Equal(["responders", "visibleTo", "actions"], create.Ignored);
    }

    [Theory]
    [InlineData("P1", IncidentSeverity.Sev1)]
    [InlineData("P2", IncidentSeverity.Sev2)]
    [InlineData("p3", IncidentSeverity.Sev3)]
    [InlineData("P4", IncidentSeverity.Sev4)]
    [InlineData("P5", IncidentSeverity.Sev4)]
    [InlineData(null, IncidentSeverity.Sev3)]
    public void Priorities_map_to_severities_through_the_opsgenie_source_words(string? priority, IncidentSeverity expected)
    {
        var body = priority is null ? """{"message":"m"}""" : $$"""{"message":"m","priority":"{{priority}}"}""";
        var alert = OpsgenieAlertRequest.ReadCreate(Encoding.UTF8.GetBytes(body)).Create!.Alert;

        Assert.Equal(expected, SeverityPolicy.Default.Map(alert.Format, alert.Severity, alert.SourceSeverity));
    }

    [Theory]
    [InlineData("""{"alias":"a"}""", "message")]
    [InlineData("""{"message":"  "}""", "message")]
    [InlineData("""{"message":"m","priority":"P9"}""", "priority")]
    [InlineData("""{"message":"m","priority":9}""", "priority")]
    [InlineData("""{"message":"m","tags":"x"}""", "tags")]
    [InlineData("""{"message":"m","details":"x"}""", "details")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{"message":""", "$")]
    public void A_bad_create_names_its_field(string body, string field)
    {
        var (_, error) = OpsgenieAlertRequest.ReadCreate(Encoding.UTF8.GetBytes(body));

        Assert.Equal(field, error?.Field);
    }

    [Fact]
    public void Opsgenie_s_limits_are_kept()
    {
        Assert.Equal("message", OpsgenieAlertRequest.ReadCreate(Encoding.UTF8.GetBytes($$"""{"message":"{{new string('m', 131)}}"}""")).Error?.Field);
        Assert.Equal("alias", OpsgenieAlertRequest.ReadCreate(Encoding.UTF8.GetBytes($$"""{"message":"m","alias":"{{new string('a', 513)}}"}""")).Error?.Field);
        var tags = string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"t{i}\""));
        Assert.Equal("tags", OpsgenieAlertRequest.ReadCreate(Encoding.UTF8.GetBytes($$"""{"message":"m","tags":[{{tags}}]}""")).Error?.Field);
    }

    [Fact]
    public void Close_acknowledge_and_notes_bodies_are_optional_but_a_note_s_note()
    {
        Assert.Equal(new OpsgenieAction(null, null, null), OpsgenieAlertRequest.ReadAction([], noteRequired: false).Action);
        Assert.Equal(new OpsgenieAction("Monitoring Script", "AWS Lambda", "Action executed via Alert API"),
            OpsgenieAlertRequest.ReadAction("""{"user":"Monitoring Script","source":"AWS Lambda","note":"Action executed via Alert API"}"""u8, noteRequired: false).Action);
        Assert.Equal("note", OpsgenieAlertRequest.ReadAction("""{"user":"x"}"""u8, noteRequired: true).Error?.Field);
        Assert.Equal("note", OpsgenieAlertRequest.ReadAction([], noteRequired: true).Error?.Field);
    }

    [Theory]
    [InlineData("Create", AlertStatus.Firing)]
    [InlineData("Acknowledge", AlertStatus.Acknowledged)]
    [InlineData("Close", AlertStatus.Resolved)]
    [InlineData("Delete", AlertStatus.Resolved)]
    public void The_webhook_s_actions_open_acknowledge_and_resolve(string action, AlertStatus status)
    {
        var body = $$$"""{"action":"{{{action}}}","alert":{"alertId":"id-1","message":"Disk full","alias":"disk-db-1","priority":2,"entity":"db-1"}}""";
        var alert = Assert.Single(new OpsgenieWebhookParser().Parse(Encoding.UTF8.GetBytes(body)).Alerts);

        Assert.Equal(("disk-db-1", status, "P2", "db-1"), (alert.DedupKey, alert.Status, alert.SourceSeverity, alert.Source));
    }

    [Fact]
    public void The_webhook_s_other_actions_change_nothing_and_an_alert_without_alias_is_its_own()
    {
        Assert.Empty(new OpsgenieWebhookParser().Parse("""{"action":"AddNote","alert":{"message":"x"}}"""u8).Alerts);
        Assert.Equal("id-7", Assert.Single(new OpsgenieWebhookParser().Parse("""{"action":"Create","alert":{"alertId":"id-7","message":"x"}}"""u8).Alerts).DedupKey);
        Assert.Equal("alert.message", new OpsgenieWebhookParser().Parse("""{"action":"Create","alert":{}}"""u8).Error?.Field);
        Assert.Equal("action", new OpsgenieWebhookParser().Parse("""{"alert":{}}"""u8).Error?.Field);
    }

    [Fact]
    public void The_published_requests_of_Alertmanager_and_Grafana_are_read()
    {
        var dir = SharedFixtures.FindDirectory("opsgenie-api");
        if (dir is null)
        {
            output.WriteLine(SharedFixtures.AbsentMessage("opsgenie-api"));
            return;
        }

        foreach (var path in Directory.GetFiles(dir, "*-create.json"))
        {
            var (create, error) = OpsgenieAlertRequest.ReadCreate(File.ReadAllBytes(path));
            Assert.True(error is null, $"{Path.GetFileName(path)}: {error}");
            Assert.Equal(64, create!.Alert.DedupKey.Length);
            output.WriteLine($"{Path.GetFileName(path)}: {create.Alert.Title} ({create.Alert.SourceSeverity}), ignored: {string.Join(", ", create.Ignored)}");
        }

        foreach (var path in Directory.GetFiles(dir, "*-close.json"))
        {
            var (action, error) = OpsgenieAlertRequest.ReadAction(File.ReadAllBytes(path), noteRequired: false);
            Assert.True(error is null, $"{Path.GetFileName(path)}: {error}");
            Assert.Equal("Grafana", action!.Source);
        }
    }
}
