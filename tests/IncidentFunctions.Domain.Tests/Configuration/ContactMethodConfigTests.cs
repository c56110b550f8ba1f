using System.Text.Json.Nodes;
using IncidentFunctions.Domain.Configuration;
using IncidentFunctions.Domain.Notifications;
using IncidentFunctions.Domain.Response;
using static IncidentFunctions.Domain.Tests.Configuration.ConfigFixture;

namespace IncidentFunctions.Domain.Tests.Configuration;

/// <summary>
/// How each responder can be reached ("contactMethods"), when each method is used ("notificationRules"), and the
/// defaults by severity ("notifications"): read as written, refused with their path when wrong.
/// </summary>
public sealed class ContactMethodConfigTests
{
    private static readonly ContactMethod AliceSms = new(ContactMethodType.Sms, "+15550100001");
    private static readonly ContactMethod AliceVoice = new(ContactMethodType.Voice, "+15550100001");

    [Fact]
    public void A_phone_alone_means_an_sms_and_a_voice_method_on_it()
    {
        var alice = Valid().FindResponder("Alice")!;

        Assert.Equal([AliceSms, AliceVoice], alice.ContactMethods);
        Assert.Null(alice.NotificationRules);
    }

    [Fact]
    public void Contact_methods_are_read_beside_the_phone_and_the_same_number_is_one_method()
    {
        var config = Load(root => root.At("responders[0]")["contactMethods"] = JsonNode.Parse("""
            [ { "type": "voice", "to": "+15550100001", "name": "mobile" }, { "type": "voice", "to": "+15550100071", "name": "desk" },
              { "type": "email", "to": "alice@example.com" } ]
            """));

        var alice = config.FindResponder("Alice")!;
        Assert.Equal(
            [AliceSms, AliceVoice with { Name = "mobile" }, new(ContactMethodType.Voice, "+15550100071", "desk"), new(ContactMethodType.Email, "alice@example.com")],
            alice.ContactMethods);
        Assert.Equal("+15550100001", alice.Phone);
    }

    [Fact]
    public void Without_a_phone_the_first_sms_number_is_the_one_replies_come_from()
    {
        var config = Load(root =>
        {
            root.At("responders[1]").Remove("phone");
            root.At("responders[1]")["contactMethods"] = JsonNode.Parse("""[ { "type": "voice", "to": "+15550100072" }, { "type": "sms", "to": "+15550100002" } ]""");
        });

        Assert.Equal("+15550100002", config.FindResponder("Bob")!.Phone);
    }

    [Fact]
    public void Rules_are_read_in_time_order_and_the_defaults_apply_to_those_without()
    {
        var config = Load(root => root.At("responders[0]")["notificationRules"] = JsonNode.Parse("""
            [ { "method": "voice", "after": "5m" }, { "method": "sms", "after": "0m" }, { "method": "voice", "after": "1m" } ]
            """));

        Assert.Equal(
            [new(ContactMethodType.Sms, TimeSpan.Zero), new(ContactMethodType.Voice, TimeSpan.FromMinutes(1)), new(ContactMethodType.Voice, TimeSpan.FromMinutes(5))],
            config.FindResponder("Alice")!.NotificationRules!);
        Assert.Equal(NotificationsConfig.Builtin.DefaultRules, config.Notifications.DefaultRules);
    }

    [Fact]
    public void Defaults_by_severity_replace_the_built_in_ones_they_name()
    {
        var config = Load(root => root["notifications"] = JsonNode.Parse("""
            { "defaultRules": { "sev3": [ { "method": "sms", "after": "0m" } ] } }
            """));

        Assert.Equal([new NotificationRule(ContactMethodType.Sms, TimeSpan.Zero)], config.Notifications.DefaultsFor(IncidentSeverity.Sev3));
        Assert.Equal(NotificationsConfig.Builtin.DefaultsFor(IncidentSeverity.Sev1), config.Notifications.DefaultsFor(IncidentSeverity.Sev1));
    }

    [Fact]
    public void Every_wrong_method_rule_and_default_is_reported_at_its_path()
    {
        var json = With(root =>
        {
            root.At("responders[0]")["contactMethods"] = JsonNode.Parse("""
                [ { "type": "fax", "to": "+15550100001" }, { "type": "email", "to": "+15550100001" }, { "type": "voice", "to": "555-0100" } ]
                """);
            root.At("responders[1]")["contactMethods"] = JsonNode.Parse("""[ { "type": "sms", "to": "+15550100001" } ]""");
            root.At("responders[2]")["notificationRules"] = JsonNode.Parse("""
                [ { "method": "email", "after": "0m" }, { "method": "pigeon", "after": "1m" }, { "method": "voice", "after": "2d" }, { "method": "sms", "after": "soon" } ]
                """);
            root["notifications"] = JsonNode.Parse("""{ "defaultRules": { "SEV5": [], "SEV2": [], "SEV4": {} } }""");
        });

        var problems = ProblemsOf(json);

        Assert.Equal(
            [
                ("responders[0].contactMethods[0].type", "unknown method 'fax'; use sms, voice or email"),
                ("responders[0].contactMethods[1].to", "'+15550100001' is not an email address like alice@example.com"),
                ("responders[0].contactMethods[2].to", "'555-0100' is not an E.164 phone number like +15550100001 (a '+', the country code, then 7 to 15 digits in all, no spaces)"),
                ("responders[1].contactMethods[0].to", "phone number '+15550100001' is already used by responders[0] ('Alice'); replies from it could not tell the responders apart"),
                ("responders[2].notificationRules[0].method", "Carol has no email contact method"),
                ("responders[2].notificationRules[1].method", "unknown method 'pigeon'; use sms, voice or email"),
                ("responders[2].notificationRules[2].after", "must be at most 24 hours after the page starts"),
                ("responders[2].notificationRules[3].after", Duration.TryParse("soon", out _, out var error) ? "" : error!),
                ("notifications.defaultRules.SEV5", "unknown severity (expected SEV1, SEV2, SEV3 or SEV4)"),
                ("notifications.defaultRules.SEV2", "must list at least one rule: a page must reach someone"),
                ("notifications.defaultRules.SEV4", "must be an array of rules like { \"method\": \"sms\", \"after\": \"0m\" }, not an object"),
            ],
            problems.Select(p => (p.Path, p.Message)));
    }

    [Fact]
    public void A_responder_reachable_only_by_email_is_refused_for_now_with_the_reason()
    {
        SingleProblem(With(root =>
        {
            root.At("responders[2]").Remove("phone");
            root.At("responders[2]")["contactMethods"] = JsonNode.Parse("""[ { "type": "email", "to": "carol@example.com" } ]""");
        }), "responders[2].contactMethods", "needs an sms or voice method");
    }

    [Fact]
    public void A_responder_with_neither_phone_nor_methods_is_told_what_is_missing()
    {
        SingleProblem(With(root => root.At("responders[0]").Remove("phone")), "responders[0].phone", "is required (or list 'contactMethods'");
    }
}
